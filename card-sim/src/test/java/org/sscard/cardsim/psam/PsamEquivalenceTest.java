package org.sscard.cardsim.psam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.psam.PsamKeyLoader;
import org.sscard.card.psam.PsamSecurityModule;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyInfo;
import org.sscard.crypto.KeyLevel;
import org.sscard.crypto.KeyNotFoundException;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.crypto.WrappedKey;

/**
 * The PSAM answers every card-key operation exactly as the software module does, from keys at each level:
 * national (the demo keys), province 440000 and city 110100 (derived from the national test keys, so the
 * card keys are the same), for both algorithms and cards of several regions.
 */
class PsamEquivalenceTest {
    static final String PROVINCE = "440000";
    static final String CITY = "110100";

    static SimulatedPsam psam;
    static PsamSecurityModule module;
    static SoftwareSecurityModule software;
    /** The software module with the same province and city keys as the PSAM. */
    static SoftwareSecurityModule softwareAllLevels;

    @BeforeAll
    static void loadPsam() {
        psam = DemoPsam.create();
        software = TestKeys.module();
        softwareAllLevels = TestKeys.module();
        try (PsamKeyLoader loader = DemoPsam.loader(new InProcessTransport(psam))) {
            for (BlockAlgorithm alg : BlockAlgorithm.values()) {
                for (KeyType type : KeyType.values()) {
                    if (!type.hierarchical()) {
                        continue;
                    }
                    KeyRef national = TestKeys.nationalRef(type, alg);
                    loadDerived(loader, national, KeyRef.province(type, PROVINCE, national.version()), alg);
                    loadDerived(loader, national, KeyRef.city(type, CITY, national.version()), alg);
                }
            }
        }
        module = PsamSecurityModule.open(new InProcessTransport(psam));
    }

    private static void loadDerived(PsamKeyLoader loader, KeyRef national, KeyRef target, BlockAlgorithm alg) {
        byte[] key = software.derive(national, target.level(), target.region(), null).testKeyBytes();
        loader.load(target, alg, key, true, Instant.now());
        softwareAllLevels.loadTestKey(target, alg, key);
        Arrays.fill(key, (byte) 0);
    }

    static List<CardIdentificationCode> cards() {
        Random random = new Random(20240601);
        List<CardIdentificationCode> cards = new ArrayList<>();
        for (String region : List.of("440106", "440300", "110105", "330102")) {
            byte[] chip = new byte[8];
            random.nextBytes(chip);
            cards.add(CardIdentificationCode.of(region, chip));
        }
        return cards;
    }

    /** The held keys of a type and algorithm that cover the card: national always, province/city where they match. */
    static List<KeyRef> refsCovering(KeyType type, BlockAlgorithm alg, CardIdentificationCode card) {
        int version = TestKeys.nationalRef(type, alg).version();
        List<KeyRef> refs = new ArrayList<>(List.of(KeyRef.national(type, version)));
        KeyRef province = KeyRef.province(type, PROVINCE, version);
        KeyRef city = KeyRef.city(type, CITY, version);
        for (KeyRef r : List.of(province, city)) {
            if (r.covers(card.region())) {
                refs.add(r);
            }
        }
        return refs;
    }

    @Test
    void listsTheSameKeysWithTheSameKcvs() {
        assertEquals(40 + 20, module.keys().size());
        assertEquals(summary(softwareAllLevels.keys()), summary(module.keys()));
        for (KeyInfo info : softwareAllLevels.keys()) {
            assertArrayEquals(softwareAllLevels.kcv(info.ref()), module.kcv(info.ref()));
        }
    }

    private static List<String> summary(List<KeyInfo> keys) {
        return keys.stream().sorted(Comparator.comparing(k -> k.ref().toString()))
                .map(k -> k.ref() + " " + k.algorithm() + " " + k.kcv() + " " + k.testKey() + " " + k.custodians())
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void everyAnswerEqualsTheSoftwareModuleAtEveryLevel(BlockAlgorithm alg) {
        Random random = new Random(alg.ordinal());
        int compared = 0;
        for (CardIdentificationCode card : cards()) {
            for (KeyType type : KeyType.values()) {
                if (!type.hierarchical()) {
                    continue;
                }
                KeyRef national = TestKeys.nationalRef(type, alg);
                for (KeyRef ref : refsCovering(type, alg, card)) {
                    compareAll(alg, card, national, ref, random);
                    compared++;
                }
                KeyRef transport = TestKeys.nationalRef(KeyType.TRANSPORT, alg);
                for (KeyRef transportRef : refsCovering(KeyType.TRANSPORT, alg, card)) {
                    WrappedKey expected = software.wrapCardKey(national, transport, card);
                    WrappedKey actual = module.wrapCardKey(last(refsCovering(type, alg, card)), transportRef, card);
                    assertArrayEquals(expected.ciphertext(), actual.ciphertext(), "wrap " + type + " under " + transportRef);
                    assertArrayEquals(expected.kcv(), actual.kcv());
                    assertEquals(expected.algorithm(), actual.algorithm());
                    assertEquals(expected.type(), actual.type());
                }
            }
        }
        assertTrue(compared >= 4 * 10 + 2 * 10 + 10, "every card compared at every covering level: " + compared);
    }

    private void compareAll(BlockAlgorithm alg, CardIdentificationCode card, KeyRef national, KeyRef ref, Random random) {
        String where = ref + " for " + card;
        assertArrayEquals(software.cardKeyKcv(national, card), module.cardKeyKcv(ref, card), where);

        byte[] challenge = bytes(random, 8);
        assertArrayEquals(software.externalAuthCryptogram(national, card, challenge),
                module.externalAuthCryptogram(ref, card, challenge), where);

        byte[] data = bytes(random, 8);
        byte[] response = software.externalAuthCryptogram(national, card, data);
        assertTrue(module.verifyInternalAuth(ref, card, data, response), where);
        response[response.length - 1] ^= 1;
        assertFalse(module.verifyInternalAuth(ref, card, data, response), where);
        assertFalse(module.verifyInternalAuth(ref, card, data, new byte[alg.blockSize() + 1]), where);

        for (int length : new int[] {0, 1, 15, 16, 17, 96, 224}) {
            byte[] macData = bytes(random, length);
            assertArrayEquals(software.cardMac(national, card, challenge, macData),
                    module.cardMac(ref, card, challenge, macData), where + " MAC over " + length);
            assertArrayEquals(software.cardMac(national, card, null, macData),
                    module.cardMac(ref, card, null, macData), where + " zero-IV MAC over " + length);
        }

        for (String pin : List.of("1234", "98765", "123456", "000000000000")) {
            assertArrayEquals(software.encryptPinBlock(national, card, pin.toCharArray()),
                    module.encryptPinBlock(ref, card, pin.toCharArray()), where + " PIN of " + pin.length());
        }

        DebitData debit = new DebitData(random.nextInt(1_000_000) + 1, bytes(random, 6), random.nextInt() & 0xFFFFFFFFL,
                bytes(random, 7), bytes(random, 4), random.nextInt(65536), random.nextInt(5_000_000));
        assertArrayEquals(software.debitMac1(national, card, debit), module.debitMac1(ref, card, debit), where);
        byte[] mac2 = sessionMac2(alg, national, card, debit);
        assertTrue(module.verifyDebitMac2(ref, card, debit, mac2), where);
        mac2[0] ^= 0x40;
        assertFalse(module.verifyDebitMac2(ref, card, debit, mac2), where);
        byte[] tac = tac(national, card, debit);
        assertTrue(module.verifyDebitTac(ref, card, debit, tac), where);
        assertFalse(module.verifyDebitTac(ref, card, debit, Arrays.copyOf(tac, 3)), where);
        tac[3] ^= 1;
        assertFalse(module.verifyDebitTac(ref, card, debit, tac), where);
    }

    /** MAC2 as the card computes it, from the test key derived in software. */
    private static byte[] sessionMac2(BlockAlgorithm alg, KeyRef national, CardIdentificationCode card, DebitData debit) {
        byte[] cardKey = software.derive(national, KeyLevel.CITY, card.cityRegion(), card).testKeyBytes();
        return org.sscard.crypto.CardCryptograms.mac2(alg, cardKey, debit);
    }

    private static byte[] tac(KeyRef national, CardIdentificationCode card, DebitData debit) {
        byte[] cardKey = software.derive(national, KeyLevel.CITY, card.cityRegion(), card).testKeyBytes();
        BlockAlgorithm alg = software.derive(national, KeyLevel.CITY, card.cityRegion(), card).algorithm();
        byte[] tac = org.sscard.crypto.CardCryptograms.tac(alg, cardKey, debit);
        assertTrue(software.verifyDebitTac(national, card, debit, tac));
        return tac;
    }

    @Test
    void errorsAreTheSoftwareModulesKinds() {
        CardIdentificationCode beijing = CardIdentificationCode.of("110105", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        KeyRef unknown = KeyRef.national(KeyType.DEBIT, 7);
        assertThrows(KeyNotFoundException.class, () -> software.cardKeyKcv(unknown, beijing));
        assertThrows(KeyNotFoundException.class, () -> module.cardKeyKcv(unknown, beijing));
        assertThrows(KeyNotFoundException.class, () -> module.debitMac1(unknown, beijing, new DebitData(1, new byte[6], 1,
                new byte[7], new byte[4], 0, 0)));

        KeyRef guangdong = KeyRef.province(KeyType.EXTERNAL_AUTH, PROVINCE, 3);
        CryptoException notCovered = assertThrows(CryptoException.class,
                () -> module.externalAuthCryptogram(guangdong, beijing, new byte[8]));
        assertEquals(softwareMessage(() -> softwareAllLevels.externalAuthCryptogram(guangdong, beijing, new byte[8])),
                notCovered.getMessage());
        assertThrows(CryptoException.class, () -> module.externalAuthCryptogram(TestKeys.nationalRef(KeyType.EXTERNAL_AUTH,
                BlockAlgorithm.SM4), beijing, new byte[7]));
        assertThrows(CryptoException.class, () -> module.encryptPinBlock(TestKeys.nationalRef(KeyType.PIN_UNBLOCK,
                BlockAlgorithm.SM4), beijing, "123".toCharArray()));
        assertThrows(CryptoException.class, () -> module.encryptPinBlock(TestKeys.nationalRef(KeyType.PIN_UNBLOCK,
                BlockAlgorithm.SM4), beijing, "12a4".toCharArray()));
        assertThrows(CryptoException.class, () -> module.wrapCardKey(TestKeys.nationalRef(KeyType.DEBIT, BlockAlgorithm.SM4),
                TestKeys.nationalRef(KeyType.UPDATE, BlockAlgorithm.SM4), beijing));
        assertThrows(CryptoException.class, () -> module.wrapCardKey(TestKeys.nationalRef(KeyType.DEBIT, BlockAlgorithm.SM4),
                TestKeys.nationalRef(KeyType.TRANSPORT, BlockAlgorithm.TDES), beijing));
        assertThrows(CryptoException.class, () -> module.cardMac(TestKeys.nationalRef(KeyType.UPDATE, BlockAlgorithm.SM4),
                beijing, null, new byte[225]));
    }

    private static KeyRef last(List<KeyRef> refs) {
        return refs.get(refs.size() - 1);
    }

    private static String softwareMessage(Runnable call) {
        return assertThrows(CryptoException.class, call::run).getMessage();
    }

    static byte[] bytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
