package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.AuditEntry;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.receipt.ReceiptLayout;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.screens.DeferredScreen;
import org.sscard.terminal.ui.screens.QueueScreen;
import org.sscard.terminal.ui.screens.ReconciliationScreen;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A hospital visit while the link is down, at the window: central-sim stopped → the cashier reads the card without the
 * centre, enters the items, F8 → "patient pays in full" → PIN → first refused (blacklist never confirmed) → taken,
 * receipt marked deferred with the DF reference and cash = total; the deferred visits screen shows it QUEUED and
 * refuses a refund; central-sim back → a forwarder pass settles it → F5 shows SETTLED with refund due = the fund
 * share → refund paid → REFUND_PAID; central-sim holds exactly one settlement of it. Then the supervisor sees the
 * list, an offline debit of unknown outcome on the offline queue, the F1 help of each screen, and cancels the
 * settlement on the reconciliation screen (2208, slip printed).
 */
@ExtendWith(ApplicationExtension.class)
class DeferredVisitUiTest {
    private final Texts english = new Texts(Locale.ENGLISH);
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (ui != null) {
            ui.close();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void aVisitTakenWhileTheLinkIsDownIsSettledLaterAndTheFundShareRefunded(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(), System::nanoTime),
                    station.workflows, station.supervisor());
            stage.setScene(ui.scene());
            stage.show();
        });
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        String help = ui.helpText();
        assertTrue(help.contains("F6 open visits") && help.contains("F7 cancel a settlement")
                && help.contains("deferred visit"), help);
        robot.type(KeyCode.F1);
        waitUntil(() -> visible(robot, "#help-dialog"), "the F1 help");
        FxClick.on(robot, "#help-dialog .button");
        waitUntil(() -> !visible(robot, "#help-dialog"), "the help closed");

        station.stopCentral();
        assertEquals(LinkState.OFFLINE, station.monitor.probeNow());
        waitUntil(() -> visible(robot, "#offline-banner"), "the offline banner");
        robot.type(KeyCode.F2);
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the card read offline: " + message(cashier));
        assertFalse(visible(robot, "#pin-dialog"), "offline, the PIN is asked when the visit is taken");
        assertEquals(english.get("counter.deferred.checkHolder"), message(cashier));
        Catalog.LocalItem first = station.item(fundedItem());
        Catalog.LocalItem second = station.item(100);
        addByCode(robot, "#screen-cashier-item", first.localCode());
        addByCode(robot, "#screen-cashier-item", second.localCode());
        waitUntil(() -> cashier.model().items().size() == 2, "two items");
        long count = deductibleLeft() / first.price().fen() + 3;
        robot.interact(() -> cashier.model().items().get(0).quantityProperty().set(count));
        long total = first.price().fen() * count + second.price().fen();
        assertEquals(total, cashier.model().totalFen().get());
        FxClick.on(robot, "#screen-cashier-holder-confirm");

        station.store.catalog().putLocalItem("admin1", new Catalog.LocalItem("SELF01", "自费耗材", Money.ofFen(500), null, List.of()));
        addByCode(robot, "#screen-cashier-item", "SELF01");
        waitUntil(() -> cashier.model().items().size() == 3, "the unmapped item listed");
        robot.type(KeyCode.F8);
        String unmatched = english.get("error.items.unmatched.title", 1);
        waitUntil(() -> message(cashier).startsWith(unmatched), "refused before any question: " + message(cashier));
        assertTrue(message(cashier).contains("自费耗材"), message(cashier));
        assertFalse(visible(robot, "#confirm-dialog"));
        robot.interact(() -> cashier.model().items().remove(2));

        takeDeferred(robot, cashier, total);
        String stale = english.get("error.offline.BLACKLIST_STALE.title");
        waitUntil(() -> message(cashier).startsWith(stale), "refused by the policy: " + message(cashier));
        assertTrue(message(cashier).contains(english.get("error.offline.BLACKLIST_STALE.action")));
        assertTrue(station.printed.isEmpty());

        station.store.blacklist().markSynced();
        takeDeferred(robot, cashier, total);
        waitUntil(() -> message(cashier).startsWith("Deferred visit taken"), "taken: " + message(cashier));
        assertEquals(1, station.printed.size());
        Receipt receipt = station.printed.get(0);
        assertTrue(receipt.deferred(), "the receipt is marked deferred");
        assertTrue(receipt.setlId().matches("DF\\d{18}"), receipt.setlId());
        assertEquals(total, receipt.amounts().medfeeSumamt().fen());
        assertEquals(total, receipt.amounts().psnCashPay().fen(), "paid in full now");
        assertEquals(0, receipt.amounts().fundPaySumamt().fen() + receipt.amounts().acctPay().fen());
        assertEquals(station.card.holder().name(), receipt.header().patientName());
        List<String> printedText = ReceiptLayout.rows(receipt).stream().map(Object::toString).toList();
        assertTrue(printedText.stream().anyMatch(r -> r.contains("医保基金部分待联网后结算并退还")), printedText.toString());
        assertTrue(message(cashier).contains(receipt.setlId()));
        assertEquals(total, cashier.model().breakdown().cashFenProperty().get());
        waitUntil(() -> ui.status().queuedProperty().get() == 1, "the deferred visit counted as queued");
        robot.type(KeyCode.F8);
        waitUntil(() -> message(cashier).equals(english.get("counter.deferred.alreadyTaken", receipt.setlId())),
                "not taken twice: " + message(cashier));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> cashier.model().items().isEmpty(), "Esc clears the window");

        FxClick.on(robot, "#nav-screen-deferred");
        DeferredScreen deferred = (DeferredScreen) ui.currentScreen().orElseThrow();
        waitUntil(() -> deferred.visits().size() == 1, "the deferred visit listed");
        assertEquals(DeferredState.QUEUED, deferred.visits().get(0).state());
        assertTrue(ui.helpText().contains("F5 refresh the list"), ui.helpText());
        selectFirst(robot);
        FxClick.on(robot, "#deferred-refund");
        waitUntil(() -> labelText(robot, "#deferred-message").contains("only a settled visit"), labelText(robot, "#deferred-message"));

        station.restartCentral();
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        for (int pass = 0; pass < 8 && station.workflows.deferredVisits().list().get(0).state() != DeferredState.SETTLED;
                pass++) {
            station.forwarder.runOnce();
        }
        robot.type(KeyCode.F5);
        waitUntil(() -> deferred.visits().get(0).state() == DeferredState.SETTLED,
                "settled by the forwarder: " + deferred.visits());
        DeferredVisit settled = deferred.visits().get(0);
        assertEquals(receipt.setlId(), settled.ref());
        long fund = station.centralCount("SELECT fund_fen FROM settlement WHERE setl_id = ?", settled.setlId());
        assertTrue(fund > 0, "the visit crosses the deductible: the fund pays a share");
        assertEquals(Money.ofFen(fund), settled.refundDue(), "refund due = the fund share of the settlement");
        assertEquals(settled.fund(), settled.refundDue());
        assertTrue(labelText(robot, "#deferred-summary").contains(MoneyFormat.yuan(fund)), labelText(robot, "#deferred-summary"));
        waitUntil(() -> ui.status().queuedProperty().get() == 0, "nothing queued any more");

        selectFirst(robot);
        FxClick.on(robot, "#deferred-refund");
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the refund confirmation");
        assertTrue(labelText(robot, "#confirm-text").contains(MoneyFormat.yuan(fund)), labelText(robot, "#confirm-text"));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> deferred.visits().get(0).state() == DeferredState.REFUND_PAID,
                "refund paid: " + labelText(robot, "#deferred-message"));
        assertEquals(english.get("deferred.refunded", MoneyFormat.yuan(fund), settled.ref()),
                labelText(robot, "#deferred-message"));
        List<AuditEntry> refunds = station.store.audit().query("cashier", Instant.EPOCH, Instant.now().plusSeconds(5),
                "deferred.refund_paid", 10);
        assertEquals(1, refunds.size(), "the refund is audited once");
        assertEquals(settled.ref(), refunds.get(0).subject());
        assertEquals(1, station.centralCount("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND reversed = 0",
                settled.mdtrtId()), "exactly one settlement of the visit at the central service");
        assertEquals(1, station.centralCount("SELECT count(*) FROM settlement"));

        robot.interact(() -> station.sessions.logout());
        logIn(robot, "supervisor", OnlineStation.PASSWORD);
        waitUntil(() -> ui.screens().stream().anyMatch(s -> s instanceof DeferredScreen), "the supervisor's screens");
        DeferredScreen supervisorList = (DeferredScreen) ui.screens().stream().filter(s -> s instanceof DeferredScreen)
                .findFirst().orElseThrow();
        robot.interact(() -> ui.show(supervisorList));
        waitUntil(() -> supervisorList.visits().size() == 1
                && supervisorList.visits().get(0).state() == DeferredState.REFUND_PAID, "the supervisor sees it paid");

        station.store.debitJournal().put(new org.sscard.store.DebitJournal.Entry("M1", "UNKNOWN", "{\"msgid\":\"M1\",\"term_seq\":7,"
                + "\"card_no\":\"" + station.card.cardNumber().value() + "\",\"card_sn\":\"00\",\"amount_fen\":1250,"
                + "\"txn_time\":\"2026-11-24 10:00:00\",\"offline_seq\":3,\"balance_after\":100,\"operator\":"
                + "\"pharmacist\",\"operator_name\":\"赵药师\",\"state\":\"UNKNOWN\"}"));
        QueueScreen queue = (QueueScreen) ui.screens().stream().filter(s -> s instanceof QueueScreen).findFirst()
                .orElseThrow();
        robot.interact(() -> ui.show(queue));
        waitUntil(() -> queue.pendingDebits().size() == 1, "the offline debit of unknown outcome listed");
        assertEquals(Money.ofFen(1250), queue.pendingDebits().get(0).amount());
        assertTrue(visible(robot, "#queue-pending-debits"));

        ReconciliationScreen reconciliation = (ReconciliationScreen) ui.screens().stream()
                .filter(s -> s instanceof ReconciliationScreen).findFirst().orElseThrow();
        robot.interact(() -> ui.show(reconciliation));
        assertTrue(ui.helpText().contains("F5"), ui.helpText());
        FxClick.on(robot, "#supervisor-cancel-setl-id").write(settled.setlId());
        FxClick.on(robot, "#supervisor-cancel-run");
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the cancel confirmation: " + labelText(robot, "#supervisor-cancel-message"));
        assertTrue(labelText(robot, "#confirm-text").contains(settled.setlId()));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> labelText(robot, "#supervisor-cancel-message").startsWith("Settlement " + settled.setlId())
                || station.printed.size() == 2, "cancelled: " + labelText(robot, "#supervisor-cancel-message"));
        waitUntil(() -> station.printed.size() == 2, "the cancellation slip printed: " + labelText(robot, "#supervisor-cancel-message"));
        Receipt slip = station.printed.get(1);
        assertEquals(settled.setlId(), slip.origSetlId());
        assertEquals(settled.total().negate(), slip.amounts().medfeeSumamt());
        assertEquals(1, station.centralCount("SELECT count(*) FROM settlement WHERE orig_setl_id = ?", settled.setlId()),
                "the central service booked the cancel once");
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void takeDeferred(FxRobot robot, CounterScreen cashier, long total) throws Exception {
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the deferred visit confirmation: " + message(cashier));
        String question = labelText(robot, "#confirm-text");
        assertTrue(question.contains("in full now") && question.contains(MoneyFormat.yuan(total)), question);
        FxClick.on(robot, "#confirm-ok");
        enterPin(robot, station.card.pin());
        waitUntil(() -> !visible(robot, "#pin-dialog") && !ui.tasks().runningProperty().get(), "the visit taken");
    }

    /** The first national item of class A (no self-paid part) without a quantity limit. */
    private int fundedItem() {
        List<Catalog.NationalItem> all = station.store.catalog().searchNational("", 1000);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).itemClass() == ItemClass.A && all.get(i).quantityLimit() == null) {
                return i;
            }
        }
        throw new IllegalStateException("the catalog has no class A item");
    }

    /** What is left of the holder's yearly deductible (the fund pays only above it). */
    private long deductibleLeft() {
        long deductible = "310".equals(station.card.insurance().insuranceType()) ? 100_000 : 50_000;
        return Math.max(0, deductible - station.card.insurance().yearToDateDeductibleFen());
    }

    private static void selectFirst(FxRobot robot) {
        TableView<?> table = robot.lookup("#deferred-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(0));
    }
}
