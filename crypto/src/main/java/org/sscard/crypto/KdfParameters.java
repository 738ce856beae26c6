package org.sscard.crypto;

/**
 * scrypt parameters for deriving the key-store key from a passphrase. The default costs 32 MiB and
 * about a tenth of a second on a station PC, which makes guessing passphrases slow.
 */
public record KdfParameters(int log2N, int r, int p) {
    public static final KdfParameters DEFAULT = new KdfParameters(15, 8, 1);
    /** For tests only: fast and weak. */
    public static final KdfParameters FAST_FOR_TESTS = new KdfParameters(10, 8, 1);

    public KdfParameters {
        if (log2N < 10 || log2N > 22 || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new KeyStoreException("scrypt parameters out of range: N=2^" + log2N + " r=" + r + " p=" + p);
        }
    }
}
