package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.terminal.receipt.Receipt;

/**
 * A platform's 2208 answer as the V1.0 table has it — no psn_no, insutype, med_type, clr_type, nor our orig_setl_id,
 * and the cash member spelled pdn_cash_pay: the cancel's receipt, the station's records (what the reports read and
 * the hospital ledger is sent) take the person and both types from the settlement the cancel named.
 */
class CancelAnswerWithoutPersonFieldsTest {
    @TempDir
    Path dir;

    @Test
    void aCancelTakesTheInsuranceAndMedicalTypeOfTheSettlementItCancels() throws Exception {
        ShapedAnswers answers = new ShapedAnswers(dir.resolve("central")).shape("2208", ShapedAnswers::asTheTableHasIt);
        try (CounterFixture f = new CounterFixture(dir, answers)) {
            String setlId = HospitalLedgerEndToEndTest.settle(f, 1);
            SettledRecords.Record settled = f.counter.records().findSettlement(setlId).orElseThrow();

            Receipt receipt = f.counter.cancel(setlId, null);
            assertEquals(1, answers.shaped("2208"));
            OutboxEntry sent = f.store.outbox().byInfno(Transaction.SETTLEMENT_CANCEL.infno(),
                    f.clock.instant().minus(Duration.ofDays(1)), f.clock.instant().plus(Duration.ofDays(1))).get(0);
            JsonNode kept = new ObjectMapper().readTree(sent.response()).path("output").path("setlinfo");
            for (String member : List.of("insutype", "med_type", "psn_no", "orig_setl_id")) {
                assertFalse(kept.has(member), "the answer kept has no " + member + ": " + kept);
            }

            assertTrue(receipt.cancellation());
            assertEquals(setlId, receipt.origSetlId());
            assertEquals(settled.insutype().code(), receipt.insutype());
            assertEquals(settled.medType().code(), receipt.medType());

            SettledRecords.Record cancel = f.counter.records().findCancelOf(setlId).orElseThrow();
            assertEquals(SettledRecords.Kind.CANCEL, cancel.kind());
            assertEquals(setlId, cancel.origSetlId());
            assertEquals(settled.insutype(), cancel.insutype());
            assertEquals(settled.medType(), cancel.medType());
            assertEquals(settled.psnNo(), cancel.psnNo());
            assertEquals(settled.medfee().negate(), cancel.medfee());
            assertEquals(settled.cash().negate(), cancel.cash(), "pdn_cash_pay read as the cash");
            assertEquals(List.of(cancel), SettledRecords.booksOf(f.store.outbox(), sent), "what the ledger is sent");

            LocalDate today = LocalDate.now(f.clock);
            List<List<String>> rows = Reports.dailyRows(f.counter.records().between(today, today), false);
            assertTrue(rows.contains(List.of(cancel.setlTime().format(Counter.WIRE_TIME), cancel.setlId(), "撤销 " + setlId,
                    settled.insutype().code(), settled.medType().code(), "cashier", Reports.m(cancel.medfee()),
                    Reports.m(cancel.fund()), Reports.m(cancel.acct()), Reports.m(cancel.cash()), "1")), rows.toString());
            assertTrue(rows.contains(List.of("合计", "", "", settled.insutype().code(), "", "", "0.00", "0.00", "0.00",
                    "0.00", "2")), "the cancel undoes the settlement under its insurance type: " + rows);
        }
    }
}
