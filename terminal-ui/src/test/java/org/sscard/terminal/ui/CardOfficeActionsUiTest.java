package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.CardBlockedException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.WrongPinException;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.Personaliser;
import org.sscard.card.transport.CardTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.CardState;
import org.sscard.store.Role;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.SlipPrinter;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The card office's other actions end to end against an in-process central-sim, one station for all: the F1 help
 * lists the screen's keys; F2 reads demo card 2 in the card reader and looks it up; card 2 is reported lost and
 * reissued with F6 onto a blank card; demo card 1 (in hand) is replaced with F7 onto a second blank card and blocked;
 * the reissued card's PIN is blocked by wrong tries. At the counter the blocked old card and the PIN-blocked card are
 * refused and the replacement is read. The clerk unblocks the PIN with F11 and the counter reads that card with the
 * new PIN. The supervisor's F12 with "card in the reader" refuses another card than the one named, cancels the
 * replacement without the card in hand (its chip still reads) and the reissued card in hand (its chip is blocked).
 */
@ExtendWith(ApplicationExtension.class)
class CardOfficeActionsUiTest {
    private static final String OFFICE_READER = "office reader";
    private static final String BLANK_READER = "blank reader";
    private static final String COUNTER_READER = "jCardSim reader";

    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    CardOfficeDesk desk;
    final SecurityModule module = TestKeys.module();
    final List<HandoverSlip> slips = new CopyOnWriteArrayList<>();
    final Map<CardTerminal, SimulatedCard> inserted = new HashMap<>();
    final Texts texts = new Texts(Locale.ENGLISH);
    CardTerminals officeReaders;
    CardSlot officeReader;
    CardSlot blankReader;

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
    void reissueReplacePinUnblockAndCancelAtTheCardOfficeScreen(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        station.store.operators().create("admin1", "clerk", "李卡务", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
        station.store.operators().changePassword("clerk", "Temp-Pass-9".toCharArray(), OnlineStation.PASSWORD.clone());
        DemoCard first = station.cards.card(1);
        DemoCard second = station.cards.card(2);
        SimulatedCard secondCard = new CardFactory().issue(second);
        SimulatedCard firstInHand = new CardFactory().issue(first);
        CardIdentificationCode blankId1 = CardIdentificationCode.of("440106", HexFormat.of().parseHex("F0F0F0F0000000A1"));
        CardIdentificationCode blankId2 = CardIdentificationCode.of("440106", HexFormat.of().parseHex("F0F0F0F0000000A2"));
        SimulatedCard reissued = SimulatedCard.blank(blankId1, BlockAlgorithm.SM4);
        SimulatedCard replacement = SimulatedCard.blank(blankId2, BlockAlgorithm.SM4);
        officeReaders = CardTerminalSimulator.terminals(OFFICE_READER, BLANK_READER);
        insert(secondCard, officeReaders.getTerminal(OFFICE_READER));
        insert(reissued, officeReaders.getTerminal(BLANK_READER));
        ReaderManager readers = new ReaderManager(() -> officeReaders);
        officeReader = new CardSlot(readers, OFFICE_READER);
        blankReader = new CardSlot(readers, BLANK_READER);
        desk = new CardOfficeDesk(new CardOffice(station.config, station.store, module, station.link,
                station.authorizer, station.clock), officeReader, blankReader, module, new SlipPrinter() {
                    @Override
                    public void print(HandoverSlip slip) {
                        slips.add(slip);
                    }

                    @Override
                    public String name() {
                        return "test printer";
                    }
                });
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(), System::nanoTime),
                    station.workflows);
            ui.setCardOffice(desk);
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();

        logIn(robot, "clerk", OnlineStation.PASSWORD);
        CardOfficeScreen office = officeScreen(robot);
        helpListsTheScreensKeys(robot);

        // F2 reads demo card 2 in the card reader and looks it up
        String secondNo = second.cardNumber().toString();
        robot.type(KeyCode.F2);
        waitUntil(() -> office.stateProperty().get().contains(secondNo) && office.stateProperty().get().contains("active"),
                "card 2 read and looked up: " + office.stateProperty().get() + " / " + office.messageProperty().get());
        assertEquals(secondNo, robot.lookup("#office-card-no").queryTextInputControl().getText());
        assertEquals(texts.get("office.done.status"), office.messageProperty().get());

        // reissue (F6): card 2 is reported lost, then a new card is made on the blank card from the holder form
        FxClick.on(robot, "#office-certno").write(second.holder().certificateNumber());
        FxClick.on(robot, "#office-reason").write("lost");
        robot.type(KeyCode.F3);
        waitUntil(() -> visible(robot, "#office-confirm"), "the loss is confirmed first");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> office.stateProperty().get().contains("reported lost"), "lost: " + office.messageProperty().get());
        fillHolderForm(robot, office, second, blankId1);
        robot.type(KeyCode.F6);
        typePin(robot, "135790");
        HandoverSlip reissueSlip = slipShown(robot, office, 1);
        String reissuedNo = reissueSlip.cardNo();
        assertEquals("reissue", reissueSlip.action());
        assertEquals(secondNo, reissueSlip.oldCardNo());
        assertNotEquals(secondNo, reissuedNo);
        assertEquals(second.holder().name(), reissueSlip.name());
        assertEquals(blankId1.hex().toUpperCase(Locale.ROOT), reissueSlip.cardSn().toUpperCase(Locale.ROOT));
        assertEquals(CardState.CANCELLED, desk.office().status(secondNo).cardStas(), "the lost card is cancelled");
        assertEquals(CardState.ISSUED, desk.office().status(reissuedNo).cardStas(), "the new card is registered");
        assertNewCard(blankReader, reissuedNo, second, "135790");

        // replace (F7): demo card 1 in the card reader, a blank card in the blank-card reader
        insert(firstInHand, officeReaders.getTerminal(OFFICE_READER));
        insert(replacement, officeReaders.getTerminal(BLANK_READER));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> office.stateProperty().get().isEmpty(), "Esc clears the screen");
        fillHolderForm(robot, office, first, blankId2);
        robot.type(KeyCode.F7);
        typePin(robot, "246802");
        HandoverSlip replaceSlip = slipShown(robot, office, 2);
        String replacementNo = replaceSlip.cardNo();
        String firstNo = first.cardNumber().toString();
        assertEquals("replace", replaceSlip.action());
        assertEquals(firstNo, replaceSlip.oldCardNo());
        assertNotEquals(reissuedNo, replacementNo);
        assertEquals(first.holder().name(), replaceSlip.name());
        assertEquals(CardState.CANCELLED, desk.office().status(firstNo).cardStas(), "the replaced card is cancelled");
        assertEquals(CardState.ISSUED, desk.office().status(replacementNo).cardStas());
        CardData replaced = assertNewCard(blankReader, replacementNo, first, "246802");
        assertEquals(first.insurance().balanceFen(), replaced.medical().balance().fen(), "the balance carried over");
        assertBlocked(officeReader, "the old card is blocked");

        // the reissued card's PIN is blocked by wrong tries
        insert(reissued, officeReaders.getTerminal(OFFICE_READER));
        try (CardTransport t = officeReader.connect()) {
            CardSession s = new CardSession(t, module);
            s.readCard();
            for (int i = 1; i < Personaliser.DEFAULT_PIN_TRY_LIMIT; i++) {
                assertThrows(WrongPinException.class, () -> s.verifyPin("000000".toCharArray()));
            }
            assertThrows(PinBlockedException.class, () -> s.verifyPin("000000".toCharArray()), "the last wrong try");
            assertEquals(0, s.pinTriesLeft());
            assertThrows(PinBlockedException.class, () -> s.verifyPin("135790".toCharArray()));
        }

        // at the counter: the blocked old card and the PIN-blocked card are refused, the replacement is read
        logOut(robot);
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        insert(firstInHand, station.counterReaders.getTerminal(COUNTER_READER));
        presentCard(robot, first.pin());
        assertCounterMessage(cashier, texts.get("error.cardRetained.title"), texts.get("error.cardBlocked.title"));
        insert(reissued, station.counterReaders.getTerminal(COUNTER_READER));
        presentCard(robot, "135790");
        assertCounterMessage(cashier, texts.get("error.pinBlocked.title"), texts.get("error.pinBlocked.action"));
        insert(replacement, station.counterReaders.getTerminal(COUNTER_READER));
        presentCard(robot, "246802");
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the replacement read: "
                + cashier.model().messageProperty().get());
        assertEquals(first.holder().name(), cashier.model().holder().nameProperty().get());
        assertEquals(CardState.ACTIVE, centralState(replacementNo), "its first online use activates it");

        // PIN unblock (F11) of the reissued card in the card reader
        logOut(robot);
        logIn(robot, "clerk", OnlineStation.PASSWORD);
        CardOfficeScreen clerkAgain = officeScreen(robot);
        insert(reissued, officeReaders.getTerminal(OFFICE_READER));
        FxClick.on(robot, "#office-certno").write(second.holder().certificateNumber());
        robot.type(KeyCode.F11);
        typePin(robot, "112233");
        waitUntil(() -> clerkAgain.messageProperty().get().startsWith("PIN unblocked"),
                "PIN unblocked: " + clerkAgain.messageProperty().get());
        try (CardTransport t = officeReader.connect()) {
            CardSession s = new CardSession(t, module);
            s.readCard();
            assertEquals(Personaliser.DEFAULT_PIN_TRY_LIMIT, s.pinTriesLeft(), "the retry counter is reset");
            s.verifyPin("112233".toCharArray());
        }
        logOut(robot);
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashierAgain = (CounterScreen) ui.currentScreen().orElseThrow();
        insert(reissued, station.counterReaders.getTerminal(COUNTER_READER));
        presentCard(robot, "112233");
        waitUntil(() -> cashierAgain.model().holder().presentProperty().get(), "read with the new PIN: "
                + cashierAgain.model().messageProperty().get());
        assertEquals(second.holder().name(), cashierAgain.model().holder().nameProperty().get());
        assertEquals(CardState.ACTIVE, centralState(reissuedNo));

        // the supervisor's cancel (F12): another card in the reader is refused; without the card; with the card
        logOut(robot);
        logIn(robot, "supervisor", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#nav-screen-card-office"), "the card office in the supervisor's navigation");
        FxClick.on(robot, "#nav-screen-card-office");
        CardOfficeScreen supervisor = officeScreen(robot);
        assertTrue(visible(robot, "#office-card-in-hand"), "the supervisor has \"card in the reader\"");
        assertTrue(robot.lookup("#office-reissue").queryButton().isDisabled(), "reissuing is the clerk's");
        for (KeyCode clerksKey : List.of(KeyCode.F6, KeyCode.F7, KeyCode.F8)) {
            robot.type(clerksKey);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("", supervisor.messageProperty().get(), clerksKey + " is the clerk's: nothing happens");
            assertEquals("", robot.lookup("#holder-name-error").queryLabeled().getText());
        }
        insert(reissued, officeReaders.getTerminal(OFFICE_READER));
        FxClick.on(robot, "#office-card-no").write(replacementNo);
        FxClick.on(robot, "#office-certno").write(first.holder().certificateNumber());
        FxClick.on(robot, "#office-reason").write("deceased");
        FxClick.on(robot, "#office-card-in-hand");
        cancelConfirmed(robot, replacementNo);
        waitUntil(() -> supervisor.messageProperty().get().contains("the card in the reader is " + reissuedNo
                + ", not " + replacementNo), "another card in the reader: " + supervisor.messageProperty().get());
        assertEquals(CardState.ACTIVE, centralState(replacementNo), "nothing cancelled");
        FxClick.on(robot, "#office-card-in-hand");
        cancelConfirmed(robot, replacementNo);
        waitUntil(() -> supervisor.messageProperty().get().equals(texts.get("office.done.cancel", replacementNo)),
                "cancelled without the card: " + supervisor.messageProperty().get());
        assertTrue(supervisor.stateProperty().get().contains("cancelled"), supervisor.stateProperty().get());
        assertEquals(CardState.CANCELLED, centralState(replacementNo));
        insert(replacement, officeReaders.getTerminal(BLANK_READER));
        try (CardTransport t = blankReader.connect()) {
            assertEquals(replacementNo, new CardSession(t, module).readIssuerData().cardNumber().toString(),
                    "not in hand: the chip is not blocked");
        }
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> supervisor.stateProperty().get().isEmpty(), "Esc clears the screen");
        FxClick.on(robot, "#office-card-no").write(reissuedNo);
        FxClick.on(robot, "#office-certno").write(second.holder().certificateNumber());
        FxClick.on(robot, "#office-reason").write("deceased");
        FxClick.on(robot, "#office-card-in-hand");
        cancelConfirmed(robot, reissuedNo);
        waitUntil(() -> supervisor.messageProperty().get().equals(texts.get("office.done.cancel", reissuedNo)),
                "cancelled with the card in hand: " + supervisor.messageProperty().get());
        assertEquals(CardState.CANCELLED, centralState(reissuedNo));
        assertBlocked(officeReader, "the card in hand is blocked");
        assertEquals(2, slips.size(), "one slip printed for the reissue and one for the replacement: " + slips);
    }

    /** Puts {@code card} in {@code terminal}, taking out the card that was there. */
    private void insert(SimulatedCard card, CardTerminal terminal) {
        inserted.values().remove(card);
        SimulatedCard before = inserted.put(terminal, card);
        if (before != null && before != card) {
            before.simulator().assignToTerminal(null);
        }
        card.simulator().assignToTerminal(terminal);
    }

    private CardOfficeScreen officeScreen(FxRobot robot) throws Exception {
        waitUntil(() -> visible(robot, "#screen-card-office"), "the card office");
        return (CardOfficeScreen) ui.currentScreen().orElseThrow();
    }

    private void helpListsTheScreensKeys(FxRobot robot) throws Exception {
        robot.type(KeyCode.F1);
        waitUntil(() -> visible(robot, "#help-dialog"), "the F1 help");
        String help = robot.lookup("#help-dialog").queryAs(DialogPane.class).getContentText();
        assertTrue(help.startsWith(texts.get("keys.help.text")), "the keys of every screen first: " + help);
        for (String key : List.of("F2 read the card in the reader", "F6 reissue", "F7 replace", "F11 PIN unblock",
                "F12 cancel the card (supervisor)")) {
            assertTrue(help.contains(key), key + " in the help: " + help);
        }
        FxClick.on(robot, "#help-dialog .button");
        waitUntil(() -> !visible(robot, "#help-dialog"), "the help closed");
    }

    private void fillHolderForm(FxRobot robot, CardOfficeScreen office, DemoCard card, CardIdentificationCode blank) {
        DemoCard.Holder h = card.holder();
        robot.interact(() -> {
            String[][] values = {{"certno", h.certificateNumber()}, {"name", h.name()}, {"sex", h.sex()},
                {"ethnicity", h.ethnicity()}, {"birth_date", h.birthDate().toString()}, {"birthplace", h.birthplace()},
                {"person_type", card.insurance().personType()}, {"insurance_type", card.insurance().insuranceType()},
                {"insured_region", card.insurance().insuredRegion()}, {"work_status", "1"},
                {"employer_code", "914401011111111111"}, {"employer_name", "广州某某有限公司"}, {"mobile", "13800138000"},
                {"address", "广州市天河区体育西路1号"}, {"postal_code", "510620"}};
            for (String[] v : values) {
                office.field(v[0]).setText(v[1]);
            }
        });
        robot.interact(() -> robot.lookup("#office-blank-sn").queryTextInputControl()
                .setText(blank.hex().toUpperCase(Locale.ROOT)));
    }

    private HandoverSlip slipShown(FxRobot robot, CardOfficeScreen office, int printed) throws Exception {
        waitUntil(() -> office.slipProperty().get() != null && slips.size() == printed,
                "the handover slip shown and printed: " + office.messageProperty().get());
        HandoverSlip slip = office.slipProperty().get();
        assertEquals(slip, slips.get(printed - 1));
        assertEquals(texts.get("office.done.slip", slip.cardNo()), office.messageProperty().get());
        assertTrue(office.stateProperty().get().contains(slip.cardNo()), office.stateProperty().get());
        assertTrue(robot.lookup("#office-slip-text").queryLabeled().getText().contains(slip.cardNo()));
        return slip;
    }

    /** The new card reads with the slip's number and the holder, and verifies its PIN. */
    private CardData assertNewCard(CardSlot reader, String cardNo, DemoCard holderOf, String pin) {
        try (CardTransport t = reader.connect()) {
            CardSession s = new CardSession(t, module);
            CardData data = s.readCard();
            assertEquals(cardNo, data.issuer().cardNumber().toString());
            assertEquals(holderOf.holder().certificateNumber(), data.holder().socialSecurityNumber());
            assertEquals(holderOf.holder().name(), data.holder().name());
            s.verifyPin(pin.toCharArray());
            return data;
        }
    }

    private void assertBlocked(CardSlot reader, String what) {
        try (CardTransport t = reader.connect()) {
            assertThrows(CardBlockedException.class, () -> new CardSession(t, module).readCard(), what);
        }
    }

    /** The card's state in central-sim's own registry (whoever is logged in). */
    private CardState centralState(String cardNo) throws java.sql.SQLException {
        for (CardState state : CardState.values()) {
            if (station.centralCount("SELECT COUNT(*) FROM card WHERE card_no = ? AND card_stas = ?", cardNo,
                    state.code()) == 1) {
                return state;
            }
        }
        throw new AssertionError("card " + cardNo + " is not registered at central-sim");
    }

    /** The holder types {@code pin} on the PIN pad's keyboard (only dots shown) and Enter. */
    private static void typePin(FxRobot robot, String pin) throws Exception {
        waitUntil(() -> visible(robot, "#pin-dialog"), "the PIN dialog");
        for (char d : pin.toCharArray()) {
            robot.type(KeyCode.getKeyCode(String.valueOf(d)));
        }
        assertEquals("●".repeat(pin.length()), robot.lookup("#pin-dots").queryLabeled().getText());
        robot.type(KeyCode.ENTER);
    }

    private void presentCard(FxRobot robot, String pin) throws Exception {
        robot.type(KeyCode.F2);
        typePin(robot, pin);
        waitUntil(() -> !visible(robot, "#pin-dialog") && !ui.tasks().runningProperty().get(), "the card read");
    }

    private static void assertCounterMessage(CounterScreen cashier, String start, String also) throws Exception {
        waitUntil(() -> cashier.model().messageProperty().get().startsWith(start)
                && cashier.model().messageProperty().get().contains(also),
                "refused: " + cashier.model().messageProperty().get());
        assertFalse(cashier.model().holder().presentProperty().get(), "no holder shown");
    }

    private void cancelConfirmed(FxRobot robot, String cardNo) throws Exception {
        robot.type(KeyCode.F12);
        waitUntil(() -> visible(robot, "#office-confirm"), "the cancel is confirmed first");
        assertTrue(robot.lookup("#office-confirm-text").queryLabeled().getText().contains(cardNo));
        robot.type(KeyCode.ENTER);
        waitUntil(() -> !visible(robot, "#office-confirm") && !ui.tasks().runningProperty().get(), "the cancel done");
    }

    private void logOut(FxRobot robot) throws Exception {
        robot.interact(() -> station.sessions.logout());
        waitUntil(() -> visible(robot, "#login-view"), "logged out");
    }
}
