package org.sscard.card.psam;

import org.sscard.crypto.CryptoException;

/**
 * The PSAM could not answer: removed, its reader failed, it is not a PSAM, or it refused a command. A
 * {@link CryptoException}, so card sessions report it as a security-module failure, never as trouble with
 * the social security card in the other slot.
 */
public class PsamException extends CryptoException {
    public PsamException(String message) {
        super(message);
    }

    public PsamException(String message, Throwable cause) {
        super(message, cause);
    }
}
