package org.sscard.crypto;

/** A key-store file cannot be opened or written: missing, not a key store, damaged, wrong passphrase. */
public class KeyStoreException extends CryptoException {
    public KeyStoreException(String message) {
        super(message);
    }

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
