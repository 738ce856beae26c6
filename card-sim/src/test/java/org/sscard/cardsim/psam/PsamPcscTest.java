package org.sscard.cardsim.psam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.psam.PsamException;
import org.sscard.card.psam.PsamSecurityModule;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.vpcd.PcscEnvironment;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;

/** The demo PSAM in the second virtual reader ("Virtual PCD 00 01"), used through a real pcscd. */
class PsamPcscTest {
    static final String READER = "Virtual PCD 00 01";

    @Test
    void thePsamAnswersThroughPcscdAsInProcess() throws Exception {
        PcscEnvironment.require();
        ReaderManager readers = new ReaderManager();
        assertTrue(readers.readers().contains(READER), "pcscd lists " + READER + ": " + readers.readers());
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "the second reader starts empty");
        SoftwareSecurityModule software = TestKeys.module();
        CardIdentificationCode card = CardIdentificationCode.ofHex("330102D1560000050A0B0C0D0E0F1011");
        VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", DemoPsam.SECOND_SLOT_PORT, DemoPsam.create(),
                Duration.ofSeconds(5));
        try {
            assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)));
            PcscTransport raw = readers.connect(READER);
            try {
                PsamSecurityModule psam = PsamSecurityModule.open(CardTransports.standard(raw));
                assertEquals(20, psam.keys().size());
                Random random = new Random(5);
                int rounds = 20;
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    for (BlockAlgorithm alg : BlockAlgorithm.values()) {
                        KeyRef ref = TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, alg);
                        byte[] challenge = new byte[8];
                        random.nextBytes(challenge);
                        assertArrayEquals(software.externalAuthCryptogram(ref, card, challenge),
                                psam.externalAuthCryptogram(ref, card, challenge));
                    }
                }
                System.out.printf("PSAM through pcscd (Virtual PCD 00 01): %.2f ms per external-auth cryptogram%n",
                        (System.nanoTime() - start) / 1e6 / (rounds * 2));
                bridge.close();
                assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)));
                PsamException removed = assertThrows(PsamException.class, () -> psam.cardKeyKcv(
                        TestKeys.nationalRef(KeyType.DEBIT, BlockAlgorithm.SM4), card));
                assertTrue(removed.getMessage().contains("PSAM"), removed.getMessage());
            } finally {
                raw.close();
            }
        } finally {
            bridge.close();
        }
    }
}
