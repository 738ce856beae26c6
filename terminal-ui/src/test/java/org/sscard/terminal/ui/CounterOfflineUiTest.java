package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Catalog;
import org.sscard.store.OutboxState;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The link goes down and comes back while the station works: central-sim is stopped, the link monitor's probe fails
 * and the offline banner shows; the pharmacy takes an offline debit from the card (first refused by the offline
 * policy with its message, the blacklist never having been confirmed), the queued count goes to 1; the cashier window
 * reads the card for a deferred visit (DeferredVisitUiTest takes one); central-sim starts again on the same port and data, the banner goes, the forwarder delivers
 * the C110, the queued count goes back to 0 and central-sim has booked the debit once.
 */
@ExtendWith(ApplicationExtension.class)
class CounterOfflineUiTest {
    private final Texts english = new Texts(Locale.ENGLISH);
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    ScheduledExecutorService scheduler;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (ui != null) {
            ui.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void anOfflineSaleIsTakenUnderTheBannerAndForwardedOnceWhenTheLinkIsBack(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        ui = station.showWindow();
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        scheduler = Executors.newSingleThreadScheduledExecutor();
        station.forwarder.start(scheduler, station.monitor, Duration.ofMinutes(10));
        logIn(robot, "pharmacist", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-pharmacy"), "the pharmacy counter");
        waitUntil(() -> ui.status().linkProperty().get() == LinkState.ONLINE, "online");
        assertFalse(visible(robot, "#offline-banner"));
        CounterScreen pharmacy = (CounterScreen) ui.currentScreen().orElseThrow();

        station.stopCentral();
        assertEquals(LinkState.OFFLINE, station.monitor.probeNow());
        waitUntil(() -> visible(robot, "#offline-banner"), "the offline banner");
        waitUntil(() -> ui.status().queuedProperty().get() == 0, "nothing queued yet");

        Catalog.LocalItem drug = station.store.catalog().searchLocal("AMXL", 5).get(0);
        robot.type(KeyCode.F2);
        waitUntil(() -> pharmacy.model().holder().presentProperty().get(), "the card read offline: " + message(pharmacy));
        assertFalse(visible(robot, "#pin-dialog"), "offline, the PIN is asked at the payment");
        assertTrue(message(pharmacy).startsWith("Offline"), message(pharmacy));
        addByCode(robot, "#screen-pharmacy-item", drug.barcodes().get(0));
        waitUntil(() -> pharmacy.model().items().size() == 1, "the item found by its barcode");
        FxClick.on(robot, "#screen-pharmacy-holder-confirm");

        payOffline(robot, pharmacy);
        String stale = english.get("error.offline.BLACKLIST_STALE.title");
        waitUntil(() -> message(pharmacy).startsWith(stale), "refused by the policy: " + message(pharmacy));
        assertTrue(message(pharmacy).contains(english.get("error.offline.BLACKLIST_STALE.action")));
        assertTrue(pharmacy.model().status().failureProperty().get(), "a refusal is shown as a failure (red)");
        assertTrue(station.printed.isEmpty());
        assertEquals(0, station.store.outbox().countsByState().getOrDefault(OutboxState.QUEUED, 0L));

        station.store.blacklist().markSynced();
        payOffline(robot, pharmacy);
        waitUntil(() -> message(pharmacy).startsWith("Paid offline"), "paid offline: " + message(pharmacy));
        assertFalse(pharmacy.model().status().failureProperty().get(), "a payment is not a failure");
        assertEquals(1, station.printed.size());
        Receipt receipt = station.printed.get(0);
        assertTrue(receipt.offline(), "the receipt is marked offline");
        assertEquals(drug.price().fen(), receipt.amounts().medfeeSumamt().fen());
        assertEquals(drug.price().fen(), receipt.amounts().acctPay().fen(), "all from the card's personal account");
        assertEquals(0, receipt.amounts().fundPaySumamt().fen() + receipt.amounts().psnCashPay().fen());
        assertEquals(drug.price().fen(), pharmacy.model().breakdown().accountFenProperty().get());
        waitUntil(() -> ui.status().queuedProperty().get() == 1, "one message queued");
        assertTrue(robot.lookup("#status-queued").queryAs(Label.class).getText().contains("1"));
        robot.type(KeyCode.F8);
        waitUntil(() -> message(pharmacy).startsWith("Already paid offline"), "no second debit: " + message(pharmacy));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> pharmacy.model().items().isEmpty(), "Esc clears the counter");

        robot.interact(() -> station.sessions.logout());
        waitUntil(() -> visible(robot, "#login-view"), "logged out");
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        robot.type(KeyCode.F2);
        waitUntil(() -> message(cashier).equals(english.get("counter.deferred.checkHolder")),
                "the cashier window reads the card for a deferred visit: " + message(cashier));
        assertFalse(visible(robot, "#pin-dialog"));
        robot.type(KeyCode.ESCAPE);

        station.restartCentral();
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        waitUntil(() -> !visible(robot, "#offline-banner"), "the banner gone");
        waitUntil(() -> pending() == 0, "the forwarder delivered the C110");
        robot.type(KeyCode.F5);
        waitUntil(() -> ui.status().queuedProperty().get() == 0, "nothing queued any more");
        assertEquals(1, station.store.outbox().countsByState().getOrDefault(OutboxState.DONE, 0L),
                "the C110, the only message of the outbox, delivered");
        assertEquals(1, station.centralCount("SELECT count(*) FROM offline_debit WHERE msgid = ?", receipt.setlId()));
        assertEquals(1, station.centralCount("SELECT count(*) FROM offline_debit"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private long pending() {
        long n = 0;
        for (var e : station.store.outbox().countsByState().entrySet()) {
            if (e.getKey().pending()) {
                n += e.getValue();
            }
        }
        return n;
    }

    private void payOffline(FxRobot robot, CounterScreen pharmacy) throws Exception {
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the offline payment confirmation: " + message(pharmacy));
        assertTrue(robot.lookup("#confirm-text").queryAs(Label.class).getText().contains("from the personal account"));
        FxClick.on(robot, "#confirm-ok");
        enterPin(robot, station.card.pin());
        waitUntil(() -> !visible(robot, "#pin-dialog") && !ui.tasks().runningProperty().get(), "the payment done");
    }
}
