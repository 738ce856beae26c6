package org.sscard.crypto;

/** The security module holds no key under the reference asked for. */
public class KeyNotFoundException extends CryptoException {
    public KeyNotFoundException(KeyRef ref) {
        super("the security module holds no key " + ref);
    }
}
