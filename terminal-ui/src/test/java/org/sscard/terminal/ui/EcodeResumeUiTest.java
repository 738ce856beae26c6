package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.store.Catalog;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A visit begun with the 医保码 and left open (the link failed after its fees were uploaded) is resumed from the cashier
 * window's F6 with a fresh 医保码 scanned: the list says it was begun with the 医保码, another person's code is refused
 * in words that say so, the holder's fresh code resumes it with no card and no PIN, and it settles once.
 */
@ExtendWith(ApplicationExtension.class)
class EcodeResumeUiTest {
    private final Texts english = new Texts(Locale.ENGLISH);
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    /** The wedge's clock: each reading moves 100 ms (a person typing) unless the test plays a scanner burst. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicBoolean scanner = new AtomicBoolean();

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

    /** The barcode scanner reads {@code code}: a burst of keys ending in Enter at the focused node. */
    private void scan(FxRobot robot, String code) {
        Scene scene = ui.scene();
        scanner.set(true);
        robot.interact(() -> {
            for (char c : code.toCharArray()) {
                Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(),
                        new KeyEvent(KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED, false, false, false,
                                false));
                nanos.addAndGet(3_000_000L);
            }
            Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(),
                    new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
        });
        scanner.set(false);
    }

    private String ecode(int card) {
        return station.central.issueEcode(station.cards.card(card).holder().personNumber());
    }

    @Test
    void anOpenVisitBegunWithTheEcodeIsResumedWithAFreshScanAndSettles(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(),
                    () -> scanner.get() ? nanos.get() : nanos.addAndGet(100_000_000L)), station.workflows);
            stage.setScene(ui.scene());
            stage.show();
        });
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();

        Catalog.LocalItem item = station.item(2);
        addByCode(robot, "#screen-cashier-item", item.localCode());
        robot.interact(() -> robot.lookup("#screen-cashier-item").queryTextInputControl().requestFocus());
        scan(robot, ecode(1));
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the holder shown: " + message(cashier));
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        station.central.faults().arm(Fault.parse("2206:close-before:1"));
        robot.type(KeyCode.F8);
        waitUntil(() -> cashier.model().status().failureProperty().get() && !ui.tasks().runningProperty().get(),
                "the pre-settlement got no answer: " + message(cashier));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> cashier.model().items().isEmpty(), "the window cleared");
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());

        robot.type(KeyCode.F6);
        waitUntil(() -> visible(robot, "#visits-dialog"), "the open visits: " + message(cashier));
        @SuppressWarnings("unchecked")
        ListView<OpenVisits.OpenVisit> list = robot.lookup("#visits-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size());
        OpenVisits.OpenVisit open = list.getItems().get(0);
        assertEquals(VisitState.FEES_UPLOADED, open.status());
        assertEquals(MdtrtCertType.ELECTRONIC_CERTIFICATE, open.begunWith());
        String row = robot.lookup("#visits-list .list-cell").queryAs(ListCell.class).getText();
        assertTrue(row.contains(open.mdtrtId()) && row.contains(english.get("visits.begunWith.ecode")), row);
        FxClick.on(robot, "#visits-resume");
        waitUntil(() -> message(cashier).equals(english.get("counter.resume.scanEcode", open.mdtrtId())),
                "the window asks for a fresh 医保码: " + message(cashier));
        assertFalse(visible(robot, "#pin-dialog"), "no PIN for a 医保码 visit");

        scan(robot, ecode(2));
        String notTheHolder = Problem.of(Reason.ECODE_NOT_THE_VISITS_HOLDER, open.mdtrtId()).in(Locale.ENGLISH);
        waitUntil(() -> message(cashier).contains(notTheHolder), "another person's 医保码 refused: " + message(cashier));
        assertTrue(cashier.model().status().failureProperty().get());
        assertFalse(visible(robot, "#confirm-dialog"));
        assertTrue(Problem.of(Reason.ECODE_NOT_THE_VISITS_HOLDER, open.mdtrtId()).in(Locale.SIMPLIFIED_CHINESE)
                .contains("不是就诊 " + open.mdtrtId() + " 参保人本人的医保码"));

        scan(robot, ecode(1));
        waitUntil(() -> visible(robot, "#confirm-dialog"), "person and ID to confirm: " + message(cashier));
        String question = robot.lookup("#confirm-text").queryAs(Label.class).getText();
        assertTrue(question.contains(open.mdtrtId()) && question.contains(station.card.holder().name()), question);
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).equals(english.get("counter.resumed.preSettled", open.mdtrtId())),
                "resumed: " + message(cashier));
        assertEquals(1, cashier.model().items().size());
        assertEquals(item.price().fen(), cashier.model().totalFen().get());
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the settlement confirmation: " + message(cashier));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        assertFalse(message(cashier).contains(english.get("counter.cardNotUpdated")), message(cashier));
        assertEquals(1, station.printed.size());
        Receipt receipt = station.printed.get(0);
        assertTrue(receipt.eVoucher());
        assertEquals(open.mdtrtId(), receipt.mdtrtId());
        assertEquals(1, station.centralCount("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND reversed = 0",
                open.mdtrtId()), "one settlement of the visit at the central service");
    }
}
