package org.sscard.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * National root keys for tests and the demo, made from a fixed, public seed: every simulated card, the
 * demo PSAM and the central simulator agree on them. They are flagged as test keys wherever they are
 * loaded and must never serve real cards.
 */
public final class TestKeys {
    public static final String DEMO_SEED = "sscard demo national root keys v1";
    public static final int VERSION = 1;

    private TestKeys() {
    }

    /** The national test key of a type for an algorithm. */
    public static byte[] national(KeyType type, BlockAlgorithm alg) {
        if (!type.hierarchical()) {
            throw new CryptoException(type + " keys are local, not national");
        }
        byte[] digest = Sm3.hash((DEMO_SEED + "/" + type.name() + "/" + alg.displayName())
                .getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(digest, alg.keyLength());
    }

    /**
     * The key reference the demo uses for a national test key: version 1 for 3DES, version 3 for SM4, so a
     * module can hold both generations of cards' keys side by side.
     */
    public static KeyRef nationalRef(KeyType type, BlockAlgorithm alg) {
        return KeyRef.national(type, alg == BlockAlgorithm.SM4 ? 3 : 1);
    }

    /** An in-memory module holding every national test key for both algorithms. */
    public static SoftwareSecurityModule module() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        loadInto(module);
        return module;
    }

    /** Loads every national test key for both algorithms into a module. */
    public static void loadInto(SoftwareSecurityModule module) {
        for (BlockAlgorithm alg : BlockAlgorithm.values()) {
            for (KeyType type : KeyType.values()) {
                if (type.hierarchical()) {
                    module.loadTestKey(nationalRef(type, alg), alg, national(type, alg));
                }
            }
        }
    }
}
