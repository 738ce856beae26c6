package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sscard.protocol.ConformanceFixturesTest;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.receipt.ReceiptLayout;
import org.sscard.values.Money;

/**
 * A platform that pays more funds than central-sim (公务员医疗补助, 居民大病, 医疗救助 in the conformance fixture's 2207
 * answer): the receipt, the daily report and the reconciliation's totals show each that is not zero, and none that is.
 */
class OtherFundsTest {
    private final SettlementResult answer = MessageCodec.readStoredResponse(
            ConformanceFixturesTest.fixture("2207-answer.json"), Transaction.SETTLEMENT).output();

    @Test
    void theReceiptPrintsEveryFundThatIsNotZero() {
        Receipt r = Receipt.of(new Receipt.Header("广州市第一人民医院", "DEV-0001", "收费员一", "张三"), answer,
                List.of(Receipt.Line.printed("血常规", 1, Money.parse("300.00"))));
        Map<String, Money> amounts = ReceiptText.amounts(r);
        assertEquals(Money.parse("20.00"), amounts.get("公务员医疗补助 cvlserv_pay"));
        assertEquals(Money.parse("10.00"), amounts.get("居民大病保险 hifmi_pay"));
        assertEquals(Money.parse("5.00"), amounts.get("医疗救助 maf_pay"));
        assertTrue(amounts.keySet().stream().noneMatch(k -> k.endsWith("hifes_pay") || k.endsWith("oth_pay")),
                "a fund that is zero is not printed: " + amounts.keySet());
        String printed = ReceiptLayout.rows(r).toString();
        assertTrue(printed.contains("医疗救助 maf_pay") && printed.contains("5.00"), printed);
    }

    @Test
    void theDailyReportAndTheReconciliationCarryThem() {
        SettledRecords.Record record = record(answer.setlinfo());
        Reconciliation.Totals totals = Reconciliation.totals(List.of(record, record)).get(answer.setlinfo().insutype());
        assertEquals(Map.of("cvlserv_pay", Money.parse("40.00"), "hifmi_pay", Money.parse("20.00"),
                "maf_pay", Money.parse("10.00")), totals.otherFunds());
        assertEquals(Money.parse("441.00"), totals.fund(), "the fund total includes them");
        List<List<String>> rows = Reports.dailyRows(List.of(record), false);
        assertTrue(rows.stream().anyMatch(row -> row.contains("公务员医疗补助 cvlserv_pay") && row.contains("20.00")),
                rows.toString());
        assertTrue(rows.stream().noneMatch(row -> row.contains("其他支出 oth_pay")), rows.toString());
    }

    private static SettledRecords.Record record(SettlementResult.SetlInfo i) {
        return new SettledRecords.Record(i.setlId(), null, i.medinsSetlId(), i.mdtrtId(), i.psnNo(), i.insutype(),
                i.medType(), LocalDateTime.parse(i.setlTime(), Counter.WIRE_TIME), i.medfeeSumamt(),
                i.fulamtOwnpayAmt(), i.overlmtSelfpay(), i.preselfpayAmt(), i.inscpScpAmt(), i.actPayDedc(), i.hifpPay(),
                i.fundPaySumamt(), i.acctPay(), i.psnCashPay(), "C001", Instant.now(), null, "440100", "counter",
                "CB0001", SettledRecords.Kind.SETTLEMENT, i.otherFunds());
    }
}
