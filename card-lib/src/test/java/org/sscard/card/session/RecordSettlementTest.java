package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.KeyType;
import org.sscard.values.Money;

/** A settlement's card writes as one operation: the same secure-messaging APDUs the station sent one by one. */
class RecordSettlementTest {
    private static final String RECORD = "5345544C3030303030303030303030303030303120250314000003E8";
    private static final LocalDate DAY = LocalDate.of(2025, 3, 14);

    private static Map<String, String> macs(TestCard c) {
        Map<String, String> vars = new HashMap<>();
        vars.put("MAC33", c.mac(KeyType.MEDICAL_UPDATE, "04DC330008 00003039"));
        vars.put("MAC34", c.mac(KeyType.MEDICAL_UPDATE, "04DC340008 00002710"));
        vars.put("MAC35", c.mac(KeyType.MEDICAL_UPDATE, "04DC350008 20250314"));
        vars.put("RECORD", RECORD);
        vars.put("APPEND_MAC", c.mac(KeyType.MEDICAL_UPDATE, "04E2000020" + RECORD));
        return vars;
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aSettlementWritesTheMedicalValuesThenItsRecord(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        ReplayTransport replay = c.replay(macs(c), "issuer.replay", "record-settlement.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        AtomicInteger markedAt = new AtomicInteger(-1);
        session.recordSettlement(new SettlementEntry("HOSP-SETL0000000000000001", Money.ofFen(12345), Money.ofFen(10000), DAY,
                Money.ofFen(1000)),
                () -> markedAt.set(replay.position()));
        replay.assertFinished();
        assertEquals(replay.position() - 3, markedAt.get(), "marked after the EF05 writes, before SELECT EF08");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aCancelWritesTheMedicalValuesOnly(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        ReplayTransport replay = c.replay(macs(c), "issuer.replay", "record-cancel.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        session.recordSettlement(new SettlementEntry("SETL0000000000000002", Money.ofFen(12345), Money.ofFen(10000), DAY,
                Money.ofFen(-1000)),
                () -> {
                    throw new AssertionError("a cancel appends no record");
                });
        replay.assertFinished();
    }

    @Test
    void anEntryWithoutIdOrDateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SettlementEntry("", Money.ofFen(1), Money.ofFen(1), DAY, Money.ofFen(1)));
        assertThrows(IllegalArgumentException.class, () -> new SettlementEntry("S1", Money.ofFen(1), Money.ofFen(1), null, Money.ofFen(1)));
    }
}
