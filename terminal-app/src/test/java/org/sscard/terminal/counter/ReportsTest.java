package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;

class ReportsTest {
    @TempDir
    Path dir;

    @Test
    void reportTotalsEqualTheReconciledTotalsToTheFen() throws Exception {
        try (CounterFixture f = new CounterFixture(dir)) {
            f.login("cashier");
            String cancelled = null;
            for (int n : new int[] {1, 2, 1}) {
                DemoCard demo = f.insert(n);
                PresentedCard card = f.presentation.present(demo.pin().toCharArray());
                Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                        f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(n * 7).code(), n),
                        new CounterItem("L" + f.nationalItems().get(200 + n).code(), 1))));
                f.counter.uploadAndPreSettle(v);
                f.counter.settle(v);
                assertEquals(VisitState.SETTLED, v.state());
                cancelled = cancelled == null ? v.receipt().setlId() : cancelled;
                card.close();
            }
            f.counter.cancel(cancelled, null);
            f.login("supervisor");
            LocalDate today = LocalDate.now(f.clock);
            Reconciliation.Result reconciled = f.reconciliation().reconcile(today, today);
            assertTrue(reconciled.balanced(), reconciled.toString());
            Reports reports = new Reports(f.store, f.authorizer, f.counter.records());
            Map<InsuType, Reconciliation.Totals> reportTotals = reports.totals(today, today);
            assertEquals(reportTotals, reconciled.byInsutype());
            for (Reconciliation.TypeResult t : reconciled.types()) {
                assertEquals(t.clrType() == ClrType.OUTPATIENT ? reportTotals.get(t.totals().insutype()).count() : 0,
                        t.totals().count(), "outpatient visits are cleared under clr_type 11: " + t);
            }
            Reports.Report daily = reports.daily(today);
            String csv = Reports.csv(daily);
            Reconciliation.Totals employee = reportTotals.get(InsuType.EMPLOYEE);
            assertTrue(csv.contains("合计,,,310,,," + employee.medfee() + "," + employee.fund() + "," + employee.acct()
                    + "," + employee.cash() + "," + employee.count() + "\r\n"), "the count under 笔数, not 类型: " + csv);
            assertTrue(csv.contains("小计,,撤销,"), csv);
            assertEquals(4 + 2 + 2 + 2, csv.split("\r\n").length, "records, 小计 of 结算 and 撤销, 合计 per type: " + csv);
            Reports.Report monthly = reports.monthly(YearMonth.from(today));
            assertTrue(Reports.csv(monthly).contains("合计,310,," + employee.count() + "," + employee.medfee()));
            Reports.Report stats = reports.stats(today, today);
            assertTrue(Reports.csv(stats).contains("收费类别"), Reports.csv(stats));

            Assumptions.assumeTrue(PdfReports.font().isPresent() || "true".equals(System.getenv("CI")),
                    "no CJK font (fonts-wqy-microhei) installed: PDF output not checked");
            Path pdf = dir.resolve("daily.pdf");
            PdfReports.write(daily, pdf);
            byte[] bytes = Files.readAllBytes(pdf);
            assertTrue(bytes.length > 1000 && new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("%PDF-"));
        }
    }
}
