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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Role;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.SlipPrinter;
import org.sscard.terminal.ui.reader.CardInsertion;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Card insertion and removal drive the screens (demo card 1 stays in jCardSim's reader; the test pushes the reader's
 * status from a background thread as the watcher would): a card inserted at the idle cashier window opens the PIN
 * dialog by itself, a card taken out before settling clears the holder and says nothing was settled, taken out after
 * the settlement clears the window for the next patient, taken out of a pre-settled visit clears the window and the
 * card inserted again resumes the visit; nothing happens while a job runs, while locked, or with
 * {@code --card-insert=ignore}; a card inserted at the card office is looked up.
 */
@ExtendWith(ApplicationExtension.class)
class CardEventsUiTest {
    private static final String READER = "jCardSim reader";

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

    private void open(CardOfficeDesk desk) throws Exception {
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(), System::nanoTime),
                    station.workflows);
            if (desk != null) {
                ui.setCardOffice(desk);
            }
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void push(ReaderStatus.State state) throws InterruptedException {
        station.readers.push(ReaderStatus.of(state, READER));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private CounterScreen cashier(FxRobot robot) throws Exception {
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        return (CounterScreen) ui.currentScreen().orElseThrow();
    }

    /** Lets queued FX events and a job that might (wrongly) have started show themselves. */
    private static void settle() throws InterruptedException {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean holderShown(CounterScreen screen) {
        return screen.model().holder().presentProperty().get();
    }

    @Test
    void aCardInsertedIsReadAndTakenOutBeforeAndAfterSettlingClearsTheWindow(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        open(null);
        push(ReaderStatus.State.NO_CARD);
        CounterScreen cashier = cashier(robot);

        push(ReaderStatus.State.CARD_PRESENT);
        enterPin(robot, station.card.pin());
        waitUntil(() -> holderShown(cashier), "the holder shown after the PIN, without F2: " + message(cashier));
        assertFalse(cashier.model().holder().nameProperty().get().isEmpty());
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        waitUntil(() -> cashier.model().items().size() == 1, "one item");

        push(ReaderStatus.State.NO_CARD);
        waitUntil(() -> !holderShown(cashier) && message(cashier).contains("nothing was settled"),
                "the holder cleared with the message: " + message(cashier));
        assertEquals(1, cashier.model().items().size(), "the items stay for the card inserted again");
        assertTrue(station.printed.isEmpty());

        push(ReaderStatus.State.CARD_PRESENT);
        enterPin(robot, station.card.pin());
        waitUntil(() -> holderShown(cashier), "read again: " + message(cashier));
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the split to confirm");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        assertEquals(1, station.printed.size());

        push(ReaderStatus.State.NO_CARD);
        waitUntil(() -> cashier.model().items().isEmpty() && !holderShown(cashier)
                && cashier.model().breakdown().setlIdProperty().get().isEmpty() && message(cashier).isEmpty(),
                "the window readied for the next patient: " + message(cashier));
    }

    @Test
    void aCardTakenOutOfAPreSettledVisitIsResumedWhenInsertedAgain(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        open(null);
        push(ReaderStatus.State.NO_CARD);
        CounterScreen cashier = cashier(robot);
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        push(ReaderStatus.State.CARD_PRESENT);
        enterPin(robot, station.card.pin());
        waitUntil(() -> holderShown(cashier), "the holder shown: " + message(cashier));
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the split to confirm");
        FxClick.on(robot, "#confirm-cancel");
        waitUntil(() -> !ui.tasks().runningProperty().get() && !visible(robot, "#confirm-dialog"), "not confirmed");

        push(ReaderStatus.State.NO_CARD);
        waitUntil(() -> message(cashier).contains("is registered with its fees and not settled"),
                "the state of the visit said: " + message(cashier));
        assertTrue(cashier.model().items().isEmpty() && !holderShown(cashier), "the window cleared");

        push(ReaderStatus.State.CARD_PRESENT);
        waitUntil(() -> visible(robot, "#visits-dialog"), "the open visits offered: " + message(cashier));
        @SuppressWarnings("unchecked")
        ListView<OpenVisits.OpenVisit> list = robot.lookup("#visits-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size());
        String mdtrtId = list.getItems().get(0).mdtrtId();
        robot.interact(() -> list.getSelectionModel().selectFirst());
        FxClick.on(robot, "#visits-resume");
        enterPin(robot, station.card.pin());
        waitUntil(() -> visible(robot, "#confirm-dialog"), "person, ID and card to confirm");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).contains(mdtrtId) && cashier.model().items().size() == 1,
                "resumed: " + message(cashier));
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the settlement confirmation");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
    }

    @Test
    void nothingHappensWhileAJobRunsWhileLockedOrWhenSwitchedOff(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        open(null);
        push(ReaderStatus.State.NO_CARD);
        CounterScreen cashier = cashier(robot);

        // F2 waits on the PIN dialog: taking the card out and putting it back changes nothing meanwhile
        robot.type(KeyCode.F2);
        waitUntil(() -> visible(robot, "#pin-dialog"), "the PIN dialog of F2");
        push(ReaderStatus.State.CARD_PRESENT);
        push(ReaderStatus.State.NO_CARD);
        push(ReaderStatus.State.CARD_PRESENT);
        settle();
        assertEquals(1, robot.lookup("#pin-dialog").queryAll().size(), "no second read started");
        FxClick.on(robot, "#pin-cancel");
        waitUntil(() -> !ui.tasks().runningProperty().get() && message(cashier).contains("cancelled"),
                "the PIN cancelled: " + message(cashier));
        settle();
        assertFalse(visible(robot, "#pin-dialog"), "no read queued by the card events during the job");

        // locked: a card inserted is not read
        push(ReaderStatus.State.NO_CARD);
        robot.type(KeyCode.F9);
        waitUntil(() -> visible(robot, "#lock-view"), "locked");
        push(ReaderStatus.State.CARD_PRESENT);
        settle();
        assertFalse(visible(robot, "#pin-dialog"), "nothing read while locked");
        assertFalse(ui.tasks().runningProperty().get());
        FxClick.on(robot, "#lock-password").write(new String(OnlineStation.PASSWORD));
        robot.type(KeyCode.ENTER);
        waitUntil(() -> visible(robot, "#screen-cashier"), "unlocked");
        settle();
        assertFalse(visible(robot, "#pin-dialog"), "the card inserted while locked is not read on unlocking");

        // switched off: the keys read the card
        robot.interact(() -> ui.setCardInsertion(CardInsertion.parse("ignore")));
        push(ReaderStatus.State.NO_CARD);
        push(ReaderStatus.State.CARD_PRESENT);
        settle();
        assertFalse(visible(robot, "#pin-dialog"), "--card-insert=ignore");
        assertFalse(ui.tasks().runningProperty().get());
    }

    @Test
    void aCardInsertedAtTheCardOfficeIsLookedUp(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        station.store.operators().create("admin1", "clerk", "李卡务", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
        station.store.operators().changePassword("clerk", "Temp-Pass-9".toCharArray(), OnlineStation.PASSWORD.clone());
        List<HandoverSlip> slips = new CopyOnWriteArrayList<>();
        CardOfficeDesk desk = new CardOfficeDesk(new CardOffice(station.config, station.store, station.workflows.module(),
                station.link, station.authorizer, station.clock), station.workflows.cardSlot(), null,
                station.workflows.module(), new SlipPrinter() {
                    @Override
                    public void print(HandoverSlip slip) {
                        slips.add(slip);
                    }

                    @Override
                    public String name() {
                        return "test printer";
                    }
                });
        open(desk);
        push(ReaderStatus.State.NO_CARD);
        logIn(robot, "clerk", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-card-office"), "the card office");
        CardOfficeScreen office = (CardOfficeScreen) ui.currentScreen().orElseThrow();

        push(ReaderStatus.State.CARD_PRESENT);
        String number = station.card.cardNumber().toString();
        waitUntil(() -> office.stateProperty().get().contains(number) && office.stateProperty().get().contains("active"),
                "the inserted card looked up: " + office.stateProperty().get());
        assertEquals(number, robot.lookup("#office-card-no").queryTextInputControl().getText());
        assertTrue(slips.isEmpty());
    }
}
