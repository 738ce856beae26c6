package org.sscard.terminal.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.DebitJournal;
import org.sscard.terminal.TestStation;
import org.sscard.values.Money;

/**
 * The amounts of a deferred visit's row and of the offline debit journal are {@link Money} in the code and numbers of
 * fen in the stored JSON, under the names the rows have always had; a row written before reads back to the same
 * amounts.
 */
class StoredAmountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestStation s;

    @BeforeEach
    void open() throws Exception {
        s = new TestStation(dir);
    }

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void aDeferredVisitIsStoredInFenAndReadBackEqual() throws Exception {
        DeferredVisit.Item item = new DeferredVisit.Item(1, "L001", "N001", "阿莫西林", 3, Money.parse("4.15"),
                Money.parse("12.45"));
        DeferredVisit visit = new DeferredVisit("DF000000000000000042", DeferredState.QUEUED, "2026-12-01T01:00:00Z",
                "2026-12-01 09:00:00", "cashier", "王收费", "11", "D01", "李医生", "A12345678", "00", "张三", "440100",
                "310", List.of(item), Money.parse("12.45"), null, null, Money.ZERO, Money.ZERO, null, null, null, null);
        DeferredJournal.add(s.store, visit);

        JsonNode row = JSON.readTree(s.store.deferredVisits().all().get(0).body());
        assertEquals(1245, row.path("total_fen").asLong());
        assertTrue(row.path("total_fen").isIntegralNumber() && row.path("refund_due_fen").isIntegralNumber(), row.toString());
        assertEquals(415, row.path("items").get(0).path("price_fen").asLong());
        assertEquals(1245, row.path("items").get(0).path("amount_fen").asLong());
        assertEquals(List.of(visit), DeferredJournal.all(s.store));
        assertEquals(Money.parse("12.45"), s.store.deferredVisits().all().get(0).total(), "the row's column");

        DeferredVisit settled = DeferredJournal.update(s.store, visit.ref(),
                v -> v.settled("S1", Money.parse("7.20"), "2026-12-02 10:00:00"));
        row = JSON.readTree(s.store.deferredVisits().all().get(0).body());
        assertEquals(720, row.path("fund_fen").asLong());
        assertEquals(720, row.path("refund_due_fen").asLong());
        assertEquals(Money.parse("7.20"), settled.refundDue());
    }

    @Test
    void aJournaledDebitWrittenBeforeReadsBackToTheSameAmounts() {
        s.store.debitJournal().put(new DebitJournal.Entry("C110-1", "UNKNOWN", "{\"msgid\":\"C110-1\",\"term_seq\":7,"
                + "\"card_no\":\"A12345678\",\"card_sn\":\"00\",\"amount_fen\":1250,\"txn_time\":\"2026-11-24 10:00:00\","
                + "\"offline_seq\":3,\"balance_after\":48750,\"operator\":\"pharmacist\",\"operator_name\":\"赵药师\","
                + "\"state\":\"UNKNOWN\"}"));
        PendingDebit d = OfflineSale.journal(s.store).get(0);
        assertEquals(Money.parse("12.50"), d.amount());
        assertEquals(Money.parse("487.50"), d.balanceAfter());
        assertEquals(7, d.termSeq());
    }
}
