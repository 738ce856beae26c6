package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SoftwareSecurityModuleTest {
    private static final char[] PASSPHRASE = "correct horse battery".toCharArray();
    private static final CardIdentificationCode CARD =
            CardIdentificationCode.ofHex("440106D15600000501020304A1B2C3D4");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void cardOperationsUseTheCardKeyDerivedInside(BlockAlgorithm alg) {
        SoftwareSecurityModule module = TestKeys.module();
        byte[] extKey = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.EXTERNAL_AUTH, alg), CARD);
        KeyRef ext = module.findCardKey(KeyType.EXTERNAL_AUTH, alg, CARD).orElseThrow();
        assertEquals(TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, alg), ext);
        byte[] challenge = Hex.decode("0102030405060708");
        assertArrayEquals(alg.encryptEcb(extKey, java.util.Arrays.copyOf(challenge, alg.blockSize())),
                module.externalAuthCryptogram(ext, CARD, challenge));
        assertArrayEquals(alg.kcv(extKey), module.cardKeyKcv(ext, CARD));

        KeyRef internal = TestKeys.nationalRef(KeyType.INTERNAL_AUTH, alg);
        byte[] intKey = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.INTERNAL_AUTH, alg), CARD);
        byte[] response = CardCryptograms.authCryptogram(alg, intKey, challenge);
        assertTrue(module.verifyInternalAuth(internal, CARD, challenge, response));
        response[0] ^= 1;
        assertFalse(module.verifyInternalAuth(internal, CARD, challenge, response));

        KeyRef update = TestKeys.nationalRef(KeyType.UPDATE, alg);
        byte[] updKey = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.UPDATE, alg), CARD);
        byte[] data = Hex.decode("04DC0A0005" + "31");
        assertArrayEquals(Macs.cardMac(alg, updKey, challenge, data), module.cardMac(update, CARD, challenge, data));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void debitCryptogramsAgreeWithTheCardFormulas(BlockAlgorithm alg) {
        SoftwareSecurityModule module = TestKeys.module();
        KeyRef debit = TestKeys.nationalRef(KeyType.DEBIT, alg);
        byte[] cardKey = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.DEBIT, alg), CARD);
        DebitData d = new DebitData(1234, Hex.decode("000000000001"), 77, Hex.decode("20261124101530"),
                Hex.decode("CAFEBABE"), 5, 98_766);
        assertArrayEquals(CardCryptograms.mac1(alg, cardKey, d), module.debitMac1(debit, CARD, d));
        assertTrue(module.verifyDebitMac2(debit, CARD, d, CardCryptograms.mac2(alg, cardKey, d)));
        assertTrue(module.verifyDebitTac(debit, CARD, d, CardCryptograms.tac(alg, cardKey, d)));
        DebitData other = new DebitData(1235, Hex.decode("000000000001"), 77, Hex.decode("20261124101530"),
                Hex.decode("CAFEBABE"), 5, 98_765);
        assertFalse(module.verifyDebitTac(debit, CARD, other, CardCryptograms.tac(alg, cardKey, d)));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void wrappedCardKeysOpenUnderTheCardTransportKey(BlockAlgorithm alg) {
        SoftwareSecurityModule module = TestKeys.module();
        WrappedKey wrapped = module.wrapCardKey(TestKeys.nationalRef(KeyType.DEBIT, alg),
                TestKeys.nationalRef(KeyType.TRANSPORT, alg), CARD);
        byte[] transport = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.TRANSPORT, alg), CARD);
        byte[] clear = alg.decryptEcb(transport, wrapped.ciphertext());
        assertArrayEquals(KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.DEBIT, alg), CARD), clear);
        assertArrayEquals(alg.kcv(clear), wrapped.kcv());
    }

    @Test
    void pinBlockIsLengthBcdAndPadding() {
        assertEquals("0612345680000000", Hex.toHexString(CardCryptograms.pinBlock(BlockAlgorithm.TDES, "123456".toCharArray())));
        assertEquals("0512345f80" + "00".repeat(11),
                Hex.toHexString(CardCryptograms.pinBlock(BlockAlgorithm.SM4, "12345".toCharArray())));
        assertThrows(CryptoException.class, () -> CardCryptograms.pinBlock(BlockAlgorithm.SM4, "12a456".toCharArray()));
        assertThrows(CryptoException.class, () -> CardCryptograms.pinBlock(BlockAlgorithm.SM4, "123".toCharArray()));
    }

    @Test
    void aKeyOutsideTheCardsRegionIsRefused() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef shanghai = KeyRef.city(KeyType.EXTERNAL_AUTH, "310100", 1);
        module.loadTestKey(shanghai, BlockAlgorithm.SM4, new byte[16]);
        CryptoException e = assertThrows(CryptoException.class,
                () -> module.externalAuthCryptogram(shanghai, CARD, new byte[8]));
        assertTrue(e.getMessage().contains("does not cover"));
        assertTrue(module.findCardKey(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4, CARD).isEmpty());
    }

    @Test
    void findCardKeyPrefersTheMostSpecificLevelThenTheNewestVersion() {
        SoftwareSecurityModule module = TestKeys.module();
        KeyRef city = KeyRef.city(KeyType.EXTERNAL_AUTH, "440100", 3);
        KeyRef newer = KeyRef.city(KeyType.EXTERNAL_AUTH, "440100", 4);
        byte[] cityKey = KeyDiversification.toLevel(BlockAlgorithm.SM4,
                TestKeys.national(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4), KeyLevel.NATIONAL, KeyLevel.CITY, "440100");
        module.loadTestKey(city, BlockAlgorithm.SM4, cityKey);
        module.loadTestKey(newer, BlockAlgorithm.SM4, new byte[16]);
        assertEquals(newer, module.findCardKey(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4, CARD).orElseThrow());
        assertArrayEquals(module.cardKeyKcv(TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4), CARD),
                module.cardKeyKcv(city, CARD), "a city key derived from the national key gives the same card key");
    }

    @Test
    void dataKeySealsAndIndexesWithoutRevealingTheKey() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef data = KeyRef.local(KeyType.DATA, "440106", 1);
        module.generateLocalKey(data);
        byte[] id = "440106199001011234".getBytes(StandardCharsets.US_ASCII);
        byte[] aad = "person/7/certno".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = module.seal(data, aad, id);
        assertArrayEquals(id, module.open(data, aad, sealed));
        assertArrayEquals(module.blindIndex(data, id), module.blindIndex(data, id.clone()));
        assertFalse(java.util.Arrays.equals(module.blindIndex(data, id), Sm3.hash(id)));
        assertThrows(CryptoException.class, () -> module.open(data, "person/8/certno".getBytes(StandardCharsets.US_ASCII), sealed));
    }

    @Test
    void deviceKeySignsAndItsPublicKeyVerifies() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef device = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        module.generateLocalKey(device);
        byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Sm2.verify(module.publicKey(device), msg, module.sign(device, msg)));
        assertEquals("SM2", module.algorithm(device));
        assertThrows(CryptoException.class, () -> module.kcv(device));
    }

    @Test
    void keyStoreSurvivesReopeningAndListsKcvsOnly() {
        Path file = dir.resolve("keys.sks");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(file, PASSPHRASE, KdfParameters.FAST_FOR_TESTS);
        KeyRef ref = KeyRef.city(KeyType.DEBIT, "440100", 1);
        module.loadTestKey(ref, BlockAlgorithm.SM4, Hex.decode("0123456789abcdeffedcba9876543210"));
        module.generateLocalKey(KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1));

        SoftwareSecurityModule reopened = SoftwareSecurityModule.open(file, PASSPHRASE);
        List<KeyInfo> keys = reopened.keys();
        assertEquals(2, keys.size());
        assertEquals(Hex.toHexString(BlockAlgorithm.SM4.kcv(Hex.decode("0123456789abcdeffedcba9876543210"))).toUpperCase(),
                keys.get(0).kcv());
        assertTrue(keys.get(0).testKey());
        assertArrayEquals(module.publicKey(KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1)).der(),
                reopened.publicKey(KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1)).der());
        assertThrows(KeyStoreException.class,
                () -> reopened.loadTestKey(ref, BlockAlgorithm.SM4, new byte[16]), "a held reference is never replaced");
    }

    @Test
    void derivedKeysAreShownOnlyForTestKeys() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef test = KeyRef.national(KeyType.DEBIT, 1);
        module.loadTestKey(test, BlockAlgorithm.SM4, TestKeys.national(KeyType.DEBIT, BlockAlgorithm.SM4));
        SoftwareSecurityModule.Derived d = module.derive(test, KeyLevel.CITY, "440100", null);
        assertArrayEquals(KeyDiversification.toLevel(BlockAlgorithm.SM4, TestKeys.national(KeyType.DEBIT, BlockAlgorithm.SM4),
                KeyLevel.NATIONAL, KeyLevel.CITY, "440100"), d.testKeyBytes());

        KeyComponent a = KeyComponent.generate(BlockAlgorithm.SM4);
        KeyComponent b = KeyComponent.generate(BlockAlgorithm.SM4);
        DualControlCombiner combiner = new DualControlCombiner(BlockAlgorithm.SM4);
        combiner.add("A", a.revealHex(), a.kcvHex());
        combiner.add("B", b.revealHex(), b.kcvHex());
        KeyRef real = KeyRef.national(KeyType.DEBIT, 2);
        module.loadCombined(real, combiner.combine());
        SoftwareSecurityModule.Derived r = module.derive(real, KeyLevel.CITY, "440100", CARD);
        assertNull(r.testKeyBytes());
        assertArrayEquals(module.cardKeyKcv(real, CARD), r.kcv());
    }

    @Test
    void wrongPassphraseIsSaidClearly() {
        Path file = dir.resolve("keys.sks");
        SoftwareSecurityModule.create(file, PASSPHRASE, KdfParameters.FAST_FOR_TESTS);
        KeyStoreException e = assertThrows(KeyStoreException.class,
                () -> SoftwareSecurityModule.open(file, "incorrect horse".toCharArray()));
        assertTrue(e.getMessage().startsWith("wrong passphrase"), e.getMessage());
    }

    @Test
    void everyChangedByteIsDetected() throws Exception {
        Path file = dir.resolve("keys.sks");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(file, PASSPHRASE, KdfParameters.FAST_FOR_TESTS);
        module.loadTestKey(KeyRef.national(KeyType.DEBIT, 1), BlockAlgorithm.TDES, new byte[16]);
        byte[] original = Files.readAllBytes(file);
        for (int i = 0; i < original.length; i++) {
            byte[] changed = original.clone();
            changed[i] ^= 0x40;
            Files.write(file, changed);
            KeyStoreException e = assertThrows(KeyStoreException.class, () -> SoftwareSecurityModule.open(file, PASSPHRASE),
                    "byte " + i);
            assertFalse(e.getMessage().isBlank());
        }
        Files.write(file, java.util.Arrays.copyOf(original, original.length - 1));
        assertThrows(KeyStoreException.class, () -> SoftwareSecurityModule.open(file, PASSPHRASE));
        Files.write(file, original);
        assertEquals(1, SoftwareSecurityModule.open(file, PASSPHRASE).keys().size());
    }

    @Test
    void aChangedBodyIsReportedAsChangedNotAsAWrongPassphrase() throws Exception {
        Path file = dir.resolve("keys.sks");
        SoftwareSecurityModule.create(file, PASSPHRASE, KdfParameters.FAST_FOR_TESTS)
                .loadTestKey(KeyRef.national(KeyType.DEBIT, 1), BlockAlgorithm.TDES, new byte[16]);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> SoftwareSecurityModule.open(file, PASSPHRASE));
        assertTrue(e.getMessage().contains("changed or damaged"), e.getMessage());
    }

    @Test
    void missingFileAndForeignFileAreSaidClearly() throws Exception {
        KeyStoreException missing = assertThrows(KeyStoreException.class,
                () -> SoftwareSecurityModule.open(dir.resolve("nope.sks"), PASSPHRASE));
        assertTrue(missing.getMessage().contains("does not exist"));
        Path foreign = dir.resolve("foreign.sks");
        Files.writeString(foreign, "this is a text file, not a key store, and it is long enough to pass the length test "
                + "x".repeat(200));
        assertTrue(assertThrows(KeyStoreException.class, () -> SoftwareSecurityModule.open(foreign, PASSPHRASE))
                .getMessage().contains("not a key store"));
        assertThrows(KeyStoreException.class, () -> SoftwareSecurityModule.create(foreign, PASSPHRASE));
    }

    @Test
    void concurrentUseGivesConsistentAnswers() throws Exception {
        Path file = dir.resolve("keys.sks");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(file, PASSPHRASE, KdfParameters.FAST_FOR_TESTS);
        TestKeys.loadInto(module);
        KeyRef ext = TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4);
        byte[] challenge = Hex.decode("0102030405060708");
        byte[] expected = module.externalAuthCryptogram(ext, CARD, challenge);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        if (!java.util.Arrays.equals(expected, module.externalAuthCryptogram(ext, CARD, challenge))) {
                            return false;
                        }
                        if (i % 100 == 0) {
                            module.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", thread * 10 + i / 100));
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(module.keys().size(), SoftwareSecurityModule.open(file, PASSPHRASE).keys().size());
    }
}
