package org.sscard.crypto;

/** A cryptographic operation could not be done; the message says why in words an operator can act on. */
public class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
