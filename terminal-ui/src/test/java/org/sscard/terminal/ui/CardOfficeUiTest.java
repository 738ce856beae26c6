package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.store.Role;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.receipt.ReceiptLayout;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.HandoverSlipLayout;
import org.sscard.terminal.ui.office.SlipPrinter;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.values.CitizenId;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The card office screen end to end against an in-process central-sim: a card clerk looks up demo card 1 and reports
 * it lost (confirmed with Enter), resets demo card 2's PIN (the holder types it on the PIN dialog), suspends and
 * resumes demo card 2 (Shift+F3 confirmed, Shift+F4), issues a new card
 * onto a blank card (the form refuses a wrong ID check character first, next to the field), and the handover slip is
 * printed; then the cashier presenting the lost card is refused online, and after the blacklist sync the card is
 * retained.
 */
@ExtendWith(ApplicationExtension.class)
class CardOfficeUiTest {
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    final List<HandoverSlip> slips = new CopyOnWriteArrayList<>();

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

    static String certno(String first17) {
        return CitizenId.withCheckCharacter(first17).value();
    }

    @Test
    void aClerkReportsALossResetsAPinAndIssuesACardAndTheCashierThenRefusesTheLostCard(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        station.store.operators().create("admin1", "clerk", "李卡务", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
        station.store.operators().changePassword("clerk", "Temp-Pass-9".toCharArray(), OnlineStation.PASSWORD.clone());
        DemoCard second = station.cards.card(2);
        SimulatedCard presented = new CardFactory().issue(second);
        CardIdentificationCode blankId = CardIdentificationCode.of("440106", HexFormat.of().parseHex("F0F0F0F000000001"));
        SimulatedCard blank = SimulatedCard.blank(blankId, BlockAlgorithm.SM4);
        CardTerminals terminals = CardTerminalSimulator.terminals("office reader", "blank reader");
        presented.simulator().assignToTerminal(terminals.getTerminal("office reader"));
        blank.simulator().assignToTerminal(terminals.getTerminal("blank reader"));
        ReaderManager readers = new ReaderManager(() -> terminals);
        SecurityModule module = TestKeys.module();
        CardSlot officeReader = new CardSlot(readers, "office reader");
        CardSlot blankReader = new CardSlot(readers, "blank reader");
        CardOfficeDesk desk = new CardOfficeDesk(new CardOffice(station.config, station.store, module, station.link,
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
        waitUntil(() -> visible(robot, "#screen-card-office"), "the card office for the card clerk");
        CardOfficeScreen office = (CardOfficeScreen) ui.currentScreen().orElseThrow();
        assertTrue(robot.lookup("#office-cancel").queryButton().isDisabled(), "cancelling is the supervisor's");
        assertTrue(robot.lookup("#office-loss").queryButton().getText().contains("F3"), "the key on the button");

        // look up demo card 1 and report it lost
        String lost = station.card.cardNumber().toString();
        FxClick.on(robot, "#office-card-no").write(lost);
        robot.type(KeyCode.ENTER);
        waitUntil(() -> office.stateProperty().get().contains("active"), "card 1 active: " + office.stateProperty().get()
                + " / " + office.messageProperty().get());
        FxClick.on(robot, "#office-certno").write(station.card.holder().certificateNumber());
        FxClick.on(robot, "#office-reason").write("lost on the bus");
        robot.type(KeyCode.F3);
        waitUntil(() -> visible(robot, "#office-confirm"), "the loss is confirmed first");
        assertTrue(robot.lookup("#office-confirm-text").queryAs(Label.class).getText().contains(lost));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !visible(robot, "#office-confirm") && office.messageProperty().get().equals("Nothing was done."),
                "Esc withdraws the question");
        robot.type(KeyCode.F3);
        waitUntil(() -> visible(robot, "#office-confirm"), "asked again");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> office.stateProperty().get().contains("reported lost"), "lost: " + office.messageProperty().get());
        assertTrue(office.messageProperty().get().contains("reported lost"), office.messageProperty().get());
        assertEquals(org.sscard.protocol.CardState.LOST, desk.office().status(lost).cardStas(),
                "the central service has it as lost");

        // PIN reset of demo card 2 in the office reader: the holder types the new PIN on the PIN dialog
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> office.stateProperty().get().isEmpty(), "Esc clears the screen");
        FxClick.on(robot, "#office-certno").write(second.holder().certificateNumber());
        robot.type(KeyCode.F10);
        waitUntil(() -> visible(robot, "#pin-dialog"), "the PIN dialog for the new PIN");
        for (char d : "246802".toCharArray()) {
            FxClick.on(robot, "#pin-key-" + d);
        }
        assertEquals("●".repeat(6), robot.lookup("#pin-dots").queryAs(Label.class).getText());
        FxClick.on(robot, "#pin-ok");
        waitUntil(() -> office.messageProperty().get().startsWith("PIN reset"), "PIN reset: " + office.messageProperty().get());
        try (CardTransport t = officeReader.connect()) {
            CardSession s = new CardSession(t, module);
            s.readCard();
            s.verifyPin("246802".toCharArray());
        }

        // suspend demo card 2 (Shift+F3, confirmed; a reason is required) and resume it (Shift+F4)
        String suspended = second.cardNumber().toString();
        assertTrue(robot.lookup("#office-suspend").queryButton().getText().contains("Shift+F3"), "the key on the button");
        FxClick.on(robot, "#office-card-no").write(suspended);
        robot.push(new KeyCodeCombination(KeyCode.F3, KeyCombination.SHIFT_DOWN));
        waitUntil(() -> office.messageProperty().get().equals(new Texts(Locale.ENGLISH).get("office.needSuspendReason")),
                "no reason, nothing asked: " + office.messageProperty().get());
        assertFalse(visible(robot, "#office-confirm"));
        FxClick.on(robot, "#office-reason").write("holder abroad");
        robot.push(new KeyCodeCombination(KeyCode.F3, KeyCombination.SHIFT_DOWN));
        waitUntil(() -> visible(robot, "#office-confirm"), "the suspension is confirmed first");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> office.stateProperty().get().contains("suspended"), "suspended: " + office.messageProperty().get());
        assertEquals(org.sscard.protocol.CardState.SUSPENDED, desk.office().status(suspended).cardStas());
        robot.push(new KeyCodeCombination(KeyCode.F4, KeyCombination.SHIFT_DOWN));
        waitUntil(() -> office.stateProperty().get().contains("active"), "resumed: " + office.messageProperty().get());
        assertTrue(office.messageProperty().get().contains("resumed"), office.messageProperty().get());

        // issue a new card: a wrong ID check character is shown next to the field, then corrected
        robot.type(KeyCode.ESCAPE);
        String newCertno = certno("44010619900315123");
        char wrongCheck = newCertno.charAt(17) == '1' ? '2' : '1';
        robot.interact(() -> {
            String[][] values = {{"name", "陈新卡"}, {"sex", "1"}, {"ethnicity", "01"}, {"birth_date", "1990-03-15"},
                {"birthplace", "440106"}, {"person_type", "11"}, {"insurance_type", "310"}, {"insured_region", "440100"},
                {"work_status", "1"}, {"employer_code", "914401011111111111"}, {"employer_name", "广州某某有限公司"},
                {"mobile", "13800138000"}, {"address", "广州市天河区体育西路1号"}, {"postal_code", "510620"}};
            for (String[] v : values) {
                office.field(v[0]).setText(v[1]);
            }
        });
        FxClick.on(robot, "#holder-certno").write(newCertno.substring(0, 17) + wrongCheck);
        FxClick.on(robot, "#office-blank-sn").write(blankId.hex().toUpperCase(Locale.ROOT));
        robot.type(KeyCode.F8);
        waitUntil(() -> !labelText(robot, "#holder-certno-error").isEmpty(), "the problem next to the ID number");
        assertEquals(new Texts(Locale.ENGLISH).get("office.rule.certno"), labelText(robot, "#holder-certno-error"));
        assertTrue(office.messageProperty().get().contains("1 problem"), office.messageProperty().get());
        assertEquals("", labelText(robot, "#holder-name-error"));
        assertFalse(visible(robot, "#pin-dialog"), "nothing asked while the form is wrong");
        robot.interact(() -> office.field("certno").clear());
        FxClick.on(robot, "#holder-certno").write(newCertno);
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#pin-dialog"), "the holder types the initial PIN");
        assertEquals("", labelText(robot, "#holder-certno-error"));
        for (char d : "135790".toCharArray()) {
            FxClick.on(robot, "#pin-key-" + d);
        }
        robot.type(KeyCode.ENTER);
        waitUntil(() -> office.slipProperty().get() != null, "the handover slip: " + office.messageProperty().get());
        HandoverSlip slip = office.slipProperty().get();
        assertEquals(List.of(slip), slips, "printed once");
        assertEquals("issue", slip.action());
        assertTrue(slip.cardNo().startsWith("S") && slip.maskedCertno().contains("*"), slip.toString());
        assertTrue(office.messageProperty().get().contains(slip.cardNo()), office.messageProperty().get());
        assertTrue(robot.lookup("#office-slip-text").queryAs(Label.class).getText().contains(slip.cardNo()));
        assertTrue(office.stateProperty().get().contains("issued"), office.stateProperty().get());
        assertFalse(HandoverSlipLayout.rows("x", slip).stream().anyMatch(r -> r instanceof ReceiptLayout.Pair p
                && newCertno.equals(p.value())), "no full ID number on the slip");
        try (CardTransport t = blankReader.connect()) {
            CardSession s = new CardSession(t, module);
            CardData data = s.readCard();
            assertEquals(slip.cardNo(), data.issuer().cardNumber().toString());
            assertEquals(newCertno, data.holder().socialSecurityNumber());
            s.verifyPin("135790".toCharArray());
        }
        FxClick.on(robot, "#office-slip-print");
        waitUntil(() -> slips.size() == 2, "printed again on request");

        // the cashier presenting the lost card: refused online, and retained once the blacklist is synchronised
        robot.interact(() -> station.sessions.logout());
        waitUntil(() -> visible(robot, "#login-view"), "logged out");
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        presentCard(robot);
        waitUntil(() -> cashier.model().messageProperty().get().startsWith("The card was not read."),
                "refused by the central service: " + cashier.model().messageProperty().get());
        assertFalse(cashier.model().holder().presentProperty().get());
        new Sync(station.link, station.store, station.authorizer, station.clock).blacklist();
        assertTrue(station.store.blacklist().findByCardNumber(lost).isPresent(), "the blacklist lists the lost card");
        presentCard(robot);
        waitUntil(() -> cashier.model().messageProperty().get().startsWith("This card is refused: keep the card."),
                "retained: " + cashier.model().messageProperty().get());
    }

    private void presentCard(FxRobot robot) throws Exception {
        robot.type(KeyCode.F2);
        waitUntil(() -> visible(robot, "#pin-dialog"), "the PIN dialog");
        for (char d : station.card.pin().toCharArray()) {
            FxClick.on(robot, "#pin-key-" + d);
        }
        FxClick.on(robot, "#pin-ok");
        waitUntil(() -> !visible(robot, "#pin-dialog") && !ui.tasks().runningProperty().get(), "the card read");
    }
}
