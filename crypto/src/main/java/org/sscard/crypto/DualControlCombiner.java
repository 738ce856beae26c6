package org.sscard.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Combines key components by XOR under dual control: every component is checked against its KCV as
 * it is entered, and the key is refused unless at least two different custodians contributed.
 */
public final class DualControlCombiner {
    private final BlockAlgorithm algorithm;
    private final List<KeyComponent> components = new ArrayList<>();
    private final Map<String, String> custodians = new LinkedHashMap<>();

    public DualControlCombiner(BlockAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** Adds one custodian's component after checking its KCV. */
    public void add(String custodian, String componentHex, String kcvHex) {
        add(custodian, componentHex.toCharArray(), kcvHex);
    }

    /** As {@link #add(String, String, String)}, from characters the caller wipes. */
    public void add(String custodian, char[] componentHex, String kcvHex) {
        String who = custodian == null ? "" : custodian.trim();
        if (who.isEmpty()) {
            throw new CryptoException("each component needs the name of the custodian who enters it");
        }
        components.add(KeyComponent.entered(algorithm, componentHex, kcvHex));
        custodians.putIfAbsent(who.toLowerCase(Locale.ROOT), who);
    }

    public List<String> custodians() {
        return List.copyOf(custodians.values());
    }

    /**
     * XORs the components into the key. Refused with fewer than two components or fewer than two
     * different custodians. The components are wiped afterwards.
     */
    public CombinedKey combine() {
        try {
            if (components.size() < 2) {
                throw new CryptoException("dual control: a key needs at least two components, got " + components.size());
            }
            if (custodians.size() < 2) {
                throw new CryptoException("dual control: the components must come from at least two different custodians");
            }
            byte[] key = new byte[algorithm.keyLength()];
            for (KeyComponent c : components) {
                byte[] v = c.value();
                for (int i = 0; i < key.length; i++) {
                    key[i] ^= v[i];
                }
            }
            return new CombinedKey(algorithm, key, custodians());
        } finally {
            components.forEach(KeyComponent::wipe);
            components.clear();
        }
    }

    /** The combined key, to be handed straight to a key store. */
    public static final class CombinedKey {
        private final BlockAlgorithm algorithm;
        private final byte[] key;
        private final List<String> custodians;

        CombinedKey(BlockAlgorithm algorithm, byte[] key, List<String> custodians) {
            this.algorithm = algorithm;
            this.key = key;
            this.custodians = custodians;
        }

        public BlockAlgorithm algorithm() {
            return algorithm;
        }

        public List<String> custodians() {
            return custodians;
        }

        public String kcvHex() {
            return org.bouncycastle.util.encoders.Hex.toHexString(algorithm.kcv(key)).toUpperCase();
        }

        byte[] key() {
            return key;
        }

        public void wipe() {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
