package org.sscard.crypto;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A security module in software: keys held in a sealed key-store file (or in memory for tests and the
 * demo), used only inside this class. Thread-safe: the store is synchronised and every operation works
 * on copies it wipes afterwards.
 */
public final class SoftwareSecurityModule implements SecurityModule {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SealedKeyStore store;
    /** Parsed device key pairs: parsing derives the public point, which costs as much as a signature. */
    private final java.util.concurrent.ConcurrentMap<KeyRef, Sm2.KeyPair> deviceKeys = new java.util.concurrent.ConcurrentHashMap<>();

    private SoftwareSecurityModule(SealedKeyStore store) {
        this.store = store;
    }

    /** Creates a new, empty key-store file. */
    public static SoftwareSecurityModule create(Path file, char[] passphrase) {
        return create(file, passphrase, KdfParameters.DEFAULT);
    }

    public static SoftwareSecurityModule create(Path file, char[] passphrase, KdfParameters kdf) {
        return new SoftwareSecurityModule(SealedKeyStore.create(file, passphrase, kdf));
    }

    /** Opens a key-store file; a wrong passphrase or a changed file is refused with a {@link KeyStoreException}. */
    public static SoftwareSecurityModule open(Path file, char[] passphrase) {
        return new SoftwareSecurityModule(SealedKeyStore.open(file, passphrase));
    }

    /** A module whose keys live in memory only. */
    public static SoftwareSecurityModule inMemory() {
        return new SoftwareSecurityModule(SealedKeyStore.inMemory());
    }

    /** The key-store file, or null for an in-memory module. */
    public Path file() {
        return store.file();
    }

    /** Loads a key combined from custodians' components. */
    public KeyInfo loadCombined(KeyRef ref, DualControlCombiner.CombinedKey key) {
        try {
            return put(ref, key.algorithm().displayName(), key.key().clone(), false, key.custodians());
        } finally {
            key.wipe();
        }
    }

    /** Loads a key flagged as a test key (demo and test fixtures only; see {@link TestKeys}). */
    public KeyInfo loadTestKey(KeyRef ref, BlockAlgorithm alg, byte[] key) {
        alg.checkKey(key);
        return put(ref, alg.displayName(), key.clone(), true, List.of("test"));
    }

    /** Generates a new local key: a random SM4 DATA key or an SM2 DEVICE_SIGN key pair. */
    public KeyInfo generateLocalKey(KeyRef ref) {
        if (ref.level() != KeyLevel.LOCAL) {
            throw new CryptoException("only local keys are generated in the module; hierarchy keys are loaded from components");
        }
        if (ref.type() == KeyType.DEVICE_SIGN) {
            return put(ref, "SM2", Sm2.generateKeyPair().privateKeyDer(), false, List.of());
        }
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return put(ref, BlockAlgorithm.SM4.displayName(), key, false, List.of());
    }

    /**
     * The key {@code ref} derives for a region below it or for a card: returns its KCV, and its bytes only
     * when the source is a test key.
     */
    public Derived derive(KeyRef ref, KeyLevel to, String region, CardIdentificationCode card) {
        SealedKeyStore.KeyEntry e = store.get(ref);
        BlockAlgorithm alg = blockAlgorithm(e);
        byte[] key;
        if (card != null) {
            requireCovers(ref, card);
            key = KeyDiversification.fromLevel(alg, e.key(), ref.level(), card);
        } else {
            if (!ref.covers(region)) {
                throw new CryptoException(ref + " does not cover region " + region);
            }
            key = KeyDiversification.toLevel(alg, e.key(), ref.level(), to, region);
        }
        try {
            return new Derived(alg, alg.kcv(key), e.testKey() ? key.clone() : null);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A derived key's KCV, and its bytes only if derived from a test key. */
    public record Derived(BlockAlgorithm algorithm, byte[] kcv, byte[] testKeyBytes) {
    }

    @Override
    public List<KeyInfo> keys() {
        return store.list();
    }

    @Override
    public byte[] kcv(KeyRef ref) {
        SealedKeyStore.KeyEntry e = store.get(ref);
        return blockAlgorithm(e).kcv(e.key());
    }

    @Override
    public byte[] cardKeyKcv(KeyRef ref, CardIdentificationCode card) {
        return withCardKey(ref, card, (alg, key) -> alg.kcv(key));
    }

    @Override
    public byte[] externalAuthCryptogram(KeyRef ref, CardIdentificationCode card, byte[] challenge) {
        return withCardKey(ref, card, (alg, key) -> CardCryptograms.authCryptogram(alg, key, challenge));
    }

    @Override
    public boolean verifyInternalAuth(KeyRef ref, CardIdentificationCode card, byte[] data, byte[] response) {
        byte[] expected = withCardKey(ref, card, (alg, key) -> CardCryptograms.authCryptogram(alg, key, data));
        return MessageDigest.isEqual(expected, response);
    }

    @Override
    public byte[] cardMac(KeyRef ref, CardIdentificationCode card, byte[] challenge, byte[] data) {
        return withCardKey(ref, card, (alg, key) -> Macs.cardMac(alg, key, challenge, data));
    }

    @Override
    public byte[] encryptPinBlock(KeyRef ref, CardIdentificationCode card, char[] pin) {
        return withCardKey(ref, card, (alg, key) -> CardCryptograms.encryptPinBlock(alg, key, pin));
    }

    @Override
    public byte[] debitMac1(KeyRef ref, CardIdentificationCode card, DebitData debit) {
        return withCardKey(ref, card, (alg, key) -> CardCryptograms.mac1(alg, key, debit));
    }

    @Override
    public boolean verifyDebitMac2(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] mac2) {
        return MessageDigest.isEqual(withCardKey(ref, card, (alg, key) -> CardCryptograms.mac2(alg, key, debit)), mac2);
    }

    @Override
    public boolean verifyDebitTac(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] tac) {
        return MessageDigest.isEqual(withCardKey(ref, card, (alg, key) -> CardCryptograms.tac(alg, key, debit)), tac);
    }

    @Override
    public WrappedKey wrapCardKey(KeyRef key, KeyRef transport, CardIdentificationCode card) {
        if (transport.type() != KeyType.TRANSPORT) {
            throw new CryptoException("keys are wrapped under a TRANSPORT key, not " + transport.type());
        }
        BlockAlgorithm alg = blockAlgorithm(store.get(key));
        if (blockAlgorithm(store.get(transport)) != alg) {
            throw new CryptoException("the transport key's algorithm differs from " + key + "'s");
        }
        return withCardKey(key, card, (a, clear) -> {
            byte[] wrapped = withCardKey(transport, card, (t, transportKey) -> a.encryptEcb(transportKey, clear));
            return new WrappedKey(key.type(), a, wrapped, a.kcv(clear));
        });
    }

    @Override
    public byte[] seal(KeyRef dataKey, byte[] associatedData, byte[] plaintext) {
        return Sm4Gcm.seal(dataKey(dataKey).key(), associatedData, plaintext);
    }

    @Override
    public byte[] open(KeyRef dataKey, byte[] associatedData, byte[] sealed) {
        return Sm4Gcm.open(dataKey(dataKey).key(), associatedData, sealed);
    }

    @Override
    public byte[] blindIndex(KeyRef dataKey, byte[] value) {
        return CardCryptograms.blindIndex(dataKey(dataKey).key(), value);
    }

    @Override
    public byte[] sign(KeyRef deviceKey, byte[] message) {
        return Sm2.sign(deviceKeyPair(deviceKey), message);
    }

    @Override
    public Sm2.PublicKey publicKey(KeyRef deviceKey) {
        return deviceKeyPair(deviceKey).publicKey();
    }

    private KeyInfo put(KeyRef ref, String alg, byte[] key, boolean test, List<String> custodians) {
        SealedKeyStore.KeyEntry entry = new SealedKeyStore.KeyEntry(ref, alg, key, test, custodians, Instant.now());
        store.put(entry);
        return entry.info();
    }

    private interface CardKeyUse<T> {
        T apply(BlockAlgorithm alg, byte[] cardKey);
    }

    private <T> T withCardKey(KeyRef ref, CardIdentificationCode card, CardKeyUse<T> use) {
        SealedKeyStore.KeyEntry e = store.get(ref);
        requireCovers(ref, card);
        BlockAlgorithm alg = blockAlgorithm(e);
        byte[] cardKey = KeyDiversification.fromLevel(alg, e.key(), ref.level(), card);
        try {
            return use.apply(alg, cardKey);
        } finally {
            Arrays.fill(cardKey, (byte) 0);
        }
    }

    private static void requireCovers(KeyRef ref, CardIdentificationCode card) {
        if (!ref.type().hierarchical()) {
            throw new CryptoException(ref + " is not a card key");
        }
        if (!ref.covers(card.region())) {
            throw new CryptoException(ref + " does not cover cards issued in region " + card.region());
        }
    }

    private SealedKeyStore.KeyEntry dataKey(KeyRef ref) {
        if (ref.type() != KeyType.DATA) {
            throw new CryptoException(ref + " is not a DATA key");
        }
        return store.get(ref);
    }

    private Sm2.KeyPair deviceKeyPair(KeyRef ref) {
        if (ref.type() != KeyType.DEVICE_SIGN) {
            throw new CryptoException(ref + " is not a DEVICE_SIGN key");
        }
        return deviceKeys.computeIfAbsent(ref, r -> Sm2.KeyPair.fromPrivateKeyDer(store.get(r).key()));
    }

    private static BlockAlgorithm blockAlgorithm(SealedKeyStore.KeyEntry e) {
        if (e.algorithm().equals("SM2")) {
            throw new CryptoException(e.ref() + " is an SM2 key, not a block-cipher key");
        }
        return BlockAlgorithm.parse(e.algorithm());
    }
}
