package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

/**
 * The station state keys of schema 5 (sealed and clear) moved to the tables of schema 6 when the store next opens:
 * read back equal, sealed per row, the keys gone, nothing of it in clear in the file; and a recovery record of the
 * earlier form applied late lands in the table.
 */
class StateCarryOverTest {
    @TempDir
    Path dir;

    private static final String NAME = "张三丰";
    private static final String CARD = "H44010600X";

    @Test
    void theKeysOfSchema5AreMovedToTheirTablesWhenTheStoreOpens() throws Exception {
        Path file = dir.resolve("s.db");
        SoftwareSecurityModule module = Fixtures.module();
        Fixtures.TestClock clock = new Fixtures.TestClock();
        String deferred = "[{\"ref\":\"DF1\",\"state\":\"SETTLED\",\"created_at\":\"2026-12-01T01:00:00Z\",\"total_fen\":1250,"
                + "\"setl_id\":\"ST9\",\"holder_name\":\"" + NAME + "\",\"card_no\":\"" + CARD + "\"},"
                + "{\"ref\":\"DF2\",\"state\":\"REFUND_PAID\",\"created_at\":\"2026-12-01T02:00:00Z\",\"total_fen\":700,"
                + "\"refund_paid_at\":\"2026-12-02T03:00:00Z\",\"holder_name\":\"" + NAME + "\"}]";
        String debits = "[{\"msgid\":\"M1\",\"state\":\"UNKNOWN\",\"card_no\":\"" + CARD + "\"},"
                + "{\"msgid\":\"M2\",\"state\":\"PENDING\",\"card_no\":\"" + CARD + "\"}]";
        try (StationStore store = Fixtures.open(file, module, clock)) {
            Settings s = store.settings();
            s.updateSealedState("state.visit.MD1.finished", old -> "{\"setl_id\":\"ST1\",\"holder_name\":\"" + NAME + "\"}");
            s.updateSealedState("state.card_update.ST1", old -> CARD + "|1000|250|2026-12-01");
            s.updateSealedState(StateCarryOver.DEFERRED, old -> deferred);
            store.visits().register("MD2", "41", "03", null, "cashier", "med_type=41");
        }
        Fixtures.keepClearState(file, StateCarryOver.DEBITS, debits);
        Fixtures.keepClearState(file, StateCarryOver.SIGN_NO, "SN7");
        Fixtures.keepClearState(file, StateCarryOver.SIGN_IN_BY, "sup\t钱主管\t00-1A\t127.0.0.1");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals("{\"setl_id\":\"ST1\",\"holder_name\":\"" + NAME + "\"}",
                    store.visits().finishedMark("MD1").orElseThrow());
            assertTrue(store.visits().find("MD1").orElseThrow().closed());
            assertEquals("41", store.visits().find("MD2").orElseThrow().medType());
            assertEquals(new Visits.CardTarget(CARD, Money.ofFen(1000), Money.ofFen(250), LocalDate.of(2026, 12, 1)),
                    store.visits().cardTarget("ST1").orElseThrow());
            List<DeferredVisitRows.Row> rows = store.deferredVisits().all();
            assertEquals(List.of("DF1", "DF2"), rows.stream().map(DeferredVisitRows.Row::ref).toList());
            assertEquals("ST9", rows.get(0).setlId());
            assertEquals(Instant.parse("2026-12-02T03:00:00Z"), rows.get(1).finishedAt());
            assertTrue(rows.get(0).body().contains(NAME));
            assertEquals(new OfflineTotals(0, Money.ZERO, null), store.deferredVisits().totals(List.of("QUEUED", "SETTLING")));
            assertEquals(List.of("M1", "M2"), store.debitJournal().all().stream().map(DebitJournal.Entry::msgid).toList());
            assertEquals(new SignIns.SignIn("SN7", "sup", "钱主管", "00-1A", "127.0.0.1", store.signIns().last()
                    .orElseThrow().at()), store.signIns().last().orElseThrow());
            for (String key : List.of("state.visit.MD1.finished", "state.card_update.ST1", StateCarryOver.DEFERRED,
                    StateCarryOver.DEBITS, StateCarryOver.SIGN_NO, StateCarryOver.SIGN_IN_BY)) {
                assertTrue(store.settings().sealedState(key).isEmpty(), key);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(
                new String(NAME.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)), "the name in clear");
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(CARD), "the card number in clear");
    }

    @Test
    void aRecoveryRecordOfTheEarlierFormLandsInTheTable() throws Exception {
        Path file = dir.resolve("r.db");
        try (StationStore store = Fixtures.open(file, Fixtures.module(), new Fixtures.TestClock())) {
            store.recovery().record("test", new RecoveryOp.SealedState("state.card_update.ST5", CARD + "|10|20|2026-12-03"),
                    new RecoveryOp.SealedState("state.visit.MD5.finished", "ST5"));
            assertEquals(new Visits.CardTarget(CARD, Money.ofFen(10), Money.ofFen(20), LocalDate.of(2026, 12, 3)),
                    store.visits().cardTarget("ST5").orElseThrow());
            assertEquals("ST5", store.visits().finishedMark("MD5").orElseThrow());
            assertTrue(store.settings().sealedState("state.card_update.ST5").isEmpty());
        }
    }
}
