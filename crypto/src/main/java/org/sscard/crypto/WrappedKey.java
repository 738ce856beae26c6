package org.sscard.crypto;

/**
 * A card key as it leaves the security module for personalisation: encrypted (ECB) under the blank
 * card's own transport key, with the KCV of the clear key so the card can check what it unwrapped.
 */
public record WrappedKey(KeyType type, BlockAlgorithm algorithm, byte[] ciphertext, byte[] kcv) {
    public WrappedKey {
        ciphertext = ciphertext.clone();
        kcv = kcv.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public byte[] kcv() {
        return kcv.clone();
    }
}
