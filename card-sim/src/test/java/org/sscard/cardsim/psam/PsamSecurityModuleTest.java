package org.sscard.cardsim.psam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sscard.card.psam.PsamException;
import org.sscard.card.psam.PsamSecurityModule;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.vpcd.EchoCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CompositeSecurityModule;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;

/** The PSAM-backed module beyond the arithmetic: removal, station keys, the composite, threads and timing. */
class PsamSecurityModuleTest {
    static final CardIdentificationCode CARD = CardIdentificationCode.ofHex("440106D1560000050102030405060708");
    static final KeyRef UPDATE_SM4 = TestKeys.nationalRef(KeyType.UPDATE, BlockAlgorithm.SM4);
    static final KeyRef DATA = KeyRef.local(KeyType.DATA, "440106", 1);
    static final KeyRef DEVICE = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);

    @Test
    void aRemovedPsamIsAClearErrorAndServesAgainWhenPutBack() {
        InProcessTransport slot = new InProcessTransport(DemoPsam.create());
        PsamSecurityModule module = PsamSecurityModule.open(slot);
        byte[] expected = TestKeys.module().cardMac(UPDATE_SM4, CARD, null, new byte[5]);
        assertArrayEquals(expected, module.cardMac(UPDATE_SM4, CARD, null, new byte[5]));
        slot.remove();
        PsamException removed = assertThrows(PsamException.class, () -> module.cardMac(UPDATE_SM4, CARD, null, new byte[5]));
        assertTrue(removed.getMessage().contains("Check that the PSAM is in its reader slot"), removed.getMessage());
        slot.insert();
        assertArrayEquals(expected, module.cardMac(UPDATE_SM4, CARD, null, new byte[5]), "selected again after reinsertion");
    }

    @Test
    void aCardThatIsNotAPsamIsNamedAsSuch() {
        PsamException notPsam = assertThrows(PsamException.class,
                () -> PsamSecurityModule.open(new InProcessTransport(new SelectRefusingCard())));
        assertTrue(notPsam.getMessage().contains("not a PSAM (SELECT answered SW 6A82)"), notPsam.getMessage());
    }

    /** Answers 6A82 to everything, as a card without the PSAM application does. */
    private static final class SelectRefusingCard implements org.sscard.cardsim.vpcd.VirtualCard {
        private final EchoCard power = new EchoCard();

        @Override
        public byte[] atr() {
            return power.atr();
        }

        @Override
        public void powerOn() {
        }

        @Override
        public void powerOff() {
        }

        @Override
        public void reset() {
        }

        @Override
        public byte[] transmit(byte[] command) {
            return new byte[] {0x6A, (byte) 0x82};
        }
    }

    @Test
    void stationKeyOperationsSayThePsamDoesNotHoldThem() {
        PsamSecurityModule module = PsamSecurityModule.open(new InProcessTransport(DemoPsam.create()));
        List<Runnable> calls = List.of(
                () -> module.seal(DATA, new byte[0], new byte[1]),
                () -> module.open(DATA, new byte[0], new byte[40]),
                () -> module.blindIndex(DATA, new byte[1]),
                () -> module.sign(DEVICE, new byte[1]),
                () -> module.publicKey(DEVICE));
        for (Runnable call : calls) {
            PsamException e = assertThrows(PsamException.class, call::run);
            assertTrue(e.getMessage().contains("does not hold station keys"), e.getMessage());
        }
        assertThrows(CryptoException.class, () -> module.cardMac(DATA, CARD, null, new byte[1]));
    }

    @Test
    void theCompositeRoutesCardKeysToThePsamAndStationKeysToTheSoftwareModule() {
        InProcessTransport slot = new InProcessTransport(DemoPsam.create());
        SoftwareSecurityModule station = SoftwareSecurityModule.inMemory();
        station.generateLocalKey(DATA);
        station.generateLocalKey(DEVICE);
        SecurityModule composite = new CompositeSecurityModule(PsamSecurityModule.open(slot), station);

        assertEquals(22, composite.keys().size(), "20 card keys from the PSAM, 2 station keys");
        byte[] sealed = composite.seal(DATA, "aad".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, composite.open(DATA, "aad".getBytes(StandardCharsets.US_ASCII), sealed));
        assertArrayEquals(station.blindIndex(DATA, new byte[] {9}), composite.blindIndex(DATA, new byte[] {9}));
        byte[] signature = composite.sign(DEVICE, new byte[] {7});
        Sm2.PublicKey publicKey = composite.publicKey(DEVICE);
        assertTrue(Sm2.verify(publicKey, new byte[] {7}, signature));
        assertArrayEquals(TestKeys.module().cardKeyKcv(UPDATE_SM4, CARD), composite.cardKeyKcv(UPDATE_SM4, CARD));

        slot.remove();
        assertThrows(PsamException.class, () -> composite.cardKeyKcv(UPDATE_SM4, CARD), "card keys come from the PSAM only");
        assertArrayEquals(station.blindIndex(DATA, new byte[] {9}), composite.blindIndex(DATA, new byte[] {9}),
                "station keys still work without the PSAM");
        assertThrows(CryptoException.class, () -> composite.seal(UPDATE_SM4, new byte[0], new byte[1]));
    }

    @Test
    void threadsShareOnePsamOneCommandAtATime() throws Exception {
        PsamSecurityModule module = PsamSecurityModule.open(new InProcessTransport(DemoPsam.create()));
        SoftwareSecurityModule software = TestKeys.module();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 50; i++) {
                        byte[] data = new byte[random.nextInt(40)];
                        random.nextBytes(data);
                        byte[] challenge = new byte[8];
                        random.nextBytes(challenge);
                        if (!java.util.Arrays.equals(software.cardMac(UPDATE_SM4, CARD, challenge, data),
                                module.cardMac(UPDATE_SM4, CARD, challenge, data))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timePerOperationInProcess() {
        PsamSecurityModule module = PsamSecurityModule.open(new InProcessTransport(DemoPsam.create()));
        for (BlockAlgorithm alg : BlockAlgorithm.values()) {
            KeyRef ext = TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, alg);
            KeyRef debit = TestKeys.nationalRef(KeyType.DEBIT, alg);
            DebitData data = new DebitData(100, new byte[6], 1, new byte[7], new byte[4], 0, 900);
            int rounds = 100;
            for (int warm = 0; warm < 20; warm++) {
                module.externalAuthCryptogram(ext, CARD, new byte[8]);
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                module.externalAuthCryptogram(ext, CARD, new byte[8]);
            }
            long external = (System.nanoTime() - start) / rounds;
            start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                module.debitMac1(debit, CARD, data);
            }
            long mac1 = (System.nanoTime() - start) / rounds;
            System.out.printf("PSAM in process, %s: external-auth cryptogram %.2f ms, debit MAC1 %.2f ms per operation%n",
                    alg.displayName(), external / 1e6, mac1 / 1e6);
            assertTrue(external < 50_000_000L && mac1 < 50_000_000L, "an in-process PSAM operation takes well under 50 ms");
        }
    }
}
