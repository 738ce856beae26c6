package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.PinBlockedException;
import org.sscard.card.WrongPinException;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.BlankCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.CardState;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;

/**
 * The card office through the command line ({@code card issue|loss|lift|status|pin-reset|pin-unblock|replace|
 * reissue|cancel}), each command a fresh set of objects over the same station files, against an in-process
 * central-sim over HTTPS; blank cards from card-sim's factory and demo cards in jCardSim's in-process readers
 * "card reader" and "blank reader". After each command the card's state is read from central-sim's own database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardOfficeCliTest {
    private static final String CARD_READER = "card reader";
    private static final String BLANK_READER = "blank reader";
    private static final String EMPTY_READER = "empty reader";
    private static final String NEW_CERTNO = certno("44010619900315123");

    @TempDir
    static Path dir;
    CliStation cli;
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 6);
    int blanks;

    /** One station for the class (operators' passwords are hashed for real: setting up costs seconds). */
    @BeforeAll
    void setUp() throws Exception {
        cli = new CliStation(dir, cards, new String[][] {{"clerk", "张发卡", "CARD_CLERK"}, {"cashier", "王收费", "CASHIER"},
                {"supervisor", "钱主管", "SUPERVISOR"}}, CARD_READER, BLANK_READER, EMPTY_READER);
    }

    @AfterAll
    void tearDown() {
        cli.close();
    }

    private static String certno(String first17) {
        return CitizenId.withCheckCharacter(first17).value();
    }

    private Path holderFile(String certno, String name, String sex, String birthDate, String extra) throws Exception {
        Path file = Files.createTempFile(dir, "holder", ".json");
        Files.writeString(file, "{\"certno\":\"" + certno + "\",\"id_type\":\"01\",\"name\":\"" + name + "\",\"sex\":\""
                + sex + "\",\"ethnicity\":\"01\",\"nationality\":\"CHN\",\"birth_date\":\"" + birthDate + "\","
                + "\"birthplace\":\"440106\",\"person_type\":\"11\",\"insurance_type\":\"310\",\"insured_region\":"
                + "\"440100\",\"work_status\":\"1\",\"employer_code\":\"911101010000000011\",\"employer_name\":\"某单位\","
                + "\"mobile\":\"13800138000\",\"address\":\"广州市天河区体育西路1号\",\"postal_code\":\"510620\"" + extra + "}",
                StandardCharsets.UTF_8);
        return file;
    }

    private Path holderFile(DemoCard demo) throws Exception {
        DemoCard.Holder h = demo.holder();
        return holderFile(h.certificateNumber(), h.name(), h.sex(), h.birthDate().toString(), "");
    }

    /** A blank card from the factory, put into {@code reader} (whatever was there is taken out); its id code. */
    private String blankInto(String reader, BlockAlgorithm alg) {
        blanks++;
        CardIdentificationCode id = CardIdentificationCode.of("440106",
                HexFormat.of().parseHex("F0F0F0F0000000" + String.format("%02X", blanks)));
        insert(new CardFactory().blank(new BlankCard(id, alg)), reader);
        return id.hex().toUpperCase(Locale.ROOT);
    }

    private SimulatedCard insert(SimulatedCard card, String reader) {
        card.simulator().assignToTerminal(cli.terminals.getTerminal(reader));
        return card;
    }

    private CardState centralState(String cardNo) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("central").resolve("central.db"));
             PreparedStatement ps = c.prepareStatement("SELECT card_stas FROM card WHERE card_no = ?")) {
            ps.setString(1, cardNo);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "card " + cardNo + " registered at the central service");
                return CardState.of(rs.getString(1));
            }
        }
    }

    private CliStation.Run card(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "card";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.run(all);
    }

    /**
     * {@code card read} by the cashier with {@code pin} (the first reader with a card: {@value #CARD_READER}), so
     * 1101 with the card: the card and its PIN work online.
     */
    private CliStation.Run read(String pin) {
        cli.env.put(Secrets.CARD_PIN, pin);
        return cli.run("card", "read", "--operator", "cashier", "--json");
    }

    /** The holder forgets the PIN: wrong PINs at a reader until the card blocks it (not a card-office command). */
    private void blockPin(String reader) {
        try (PcscTransport transport = new ReaderManager(() -> cli.terminals).connect(reader)) {
            CardSession session = new CardSession(CardTransports.standard(transport), TestKeys.module());
            session.readCard();
            for (int i = 0; i < 5; i++) {
                assertThrows(WrongPinException.class, () -> session.verifyPin("999999".toCharArray()));
            }
            assertThrows(PinBlockedException.class, () -> session.verifyPin("999999".toCharArray()), "the 6th blocks");
        }
    }

    @Test
    void aNewCardIsIssuedItsPinResetAndUnblockedAndItIsReplaced() throws Exception {
        Path holder = holderFile(NEW_CERTNO, "陈新卡", "1", "1990-03-15", "");
        String sn = blankInto(CARD_READER, BlockAlgorithm.SM4);
        cli.env.put(OfficeCommands.NEW_PIN, "246810");
        CliStation.Run issue = card("issue", "--holder", holder.toString(), "--card-sn", sn, "--operator", "clerk",
                "--reader", CARD_READER, "--json");
        assertEquals(0, issue.code(), issue.err() + issue.out());
        JsonNode slip = issue.json();
        String cardNo = slip.get("card_no").asText();
        assertEquals("issue", slip.get("action").asText().toLowerCase(Locale.ROOT));
        assertEquals(sn, slip.get("card_sn").asText());
        assertEquals("陈新卡", slip.get("name").asText());
        assertEquals("ISSUED", slip.get("card_state").asText());
        assertEquals("-", slip.get("old_card_no").asText());
        assertEquals("clerk", slip.get("operator").asText());
        assertTrue(slip.get("certno").asText().contains("*"), issue.out());
        assertFalse(issue.out().contains(NEW_CERTNO), "the handover slip masks the ID number");
        assertEquals(CardState.ISSUED, centralState(cardNo));

        CliStation.Run status = card("status", "--card-no", cardNo, "--operator", "clerk");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("card_no: " + cardNo) && status.out().contains("card_state: ISSUED"),
                status.out());

        CliStation.Run firstUse = read("246810");
        assertEquals(0, firstUse.code(), firstUse.err());
        assertEquals(cardNo, firstUse.json().get("card_no").asText());
        assertEquals(CardState.ACTIVE, centralState(cardNo), "the first online use activates an issued card");

        cli.env.put(OfficeCommands.CERTNO, certno("11010519491231002"));
        cli.env.put(OfficeCommands.NEW_PIN, "111111");
        CliStation.Run notTheHolder = card("pin-reset", "--operator", "clerk", "--reader", CARD_READER);
        assertEquals(1, notTheHolder.code());
        assertTrue(notTheHolder.err().contains("not the card holder's"), notTheHolder.err());
        cli.env.put(OfficeCommands.CERTNO, NEW_CERTNO);
        cli.env.put(OfficeCommands.NEW_PIN, "111111");
        CliStation.Run reset = card("pin-reset", "--operator", "clerk", "--reader", CARD_READER, "--json");
        assertEquals(0, reset.code(), reset.err());
        assertEquals("PIN reset", reset.json().get("result").asText());
        assertFalse(reset.json().get("authorisation").asText().isBlank());
        assertEquals(0, read("111111").code(), "the new PIN works");

        blockPin(CARD_READER);
        CliStation.Run blocked = read("111111");
        assertEquals(1, blocked.code());
        assertTrue(blocked.err().toLowerCase(Locale.ROOT).contains("blocked"), blocked.err());
        cli.env.put(OfficeCommands.NEW_PIN, "222222");
        CliStation.Run unblock = card("pin-unblock", "--operator", "clerk", "--reader", CARD_READER, "--json");
        assertEquals(0, unblock.code(), unblock.err());
        assertEquals("PIN unblocked", unblock.json().get("result").asText());
        assertEquals(0, read("222222").code(), "unblocked with the new PIN");

        String newSn = blankInto(BLANK_READER, BlockAlgorithm.TDES);
        cli.env.put(OfficeCommands.NEW_PIN, "135790");
        CliStation.Run replace = card("replace", "--holder", holder.toString(), "--card-sn", newSn, "--operator", "clerk",
                "--reader", CARD_READER, "--blank-reader", BLANK_READER, "--json");
        assertEquals(0, replace.code(), replace.err() + replace.out());
        String newNo = replace.json().get("card_no").asText();
        assertEquals(cardNo, replace.json().get("old_card_no").asText());
        assertEquals(newSn, replace.json().get("card_sn").asText());
        assertEquals(CardState.CANCELLED, centralState(cardNo));
        assertEquals(CardState.ISSUED, centralState(newNo));
        CliStation.Run oldCard = read("222222");
        assertEquals(1, oldCard.code(), "the old card is blocked");
    }

    @Test
    void lossLiftReissueAndCancelOfCardsInUse() throws Exception {
        DemoCard lost = cards.card(2);
        String no = lost.cardNumber().toString();
        cli.env.put(OfficeCommands.CERTNO, lost.holder().certificateNumber());
        CliStation.Run loss = card("loss", "--card-no", no, "--reason", "lost on the bus", "--operator", "clerk", "--json");
        assertEquals(0, loss.code(), loss.err());
        assertEquals(no, loss.json().get("card_no").asText());
        assertEquals("LOST", loss.json().get("card_state").asText());
        assertEquals(CardState.LOST, centralState(no));
        CliStation.Run again = card("loss", "--card-no", no, "--operator", "clerk");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("refused by the central service") && again.err().contains("LOST"), again.err());
        CliStation.Run lift = card("lift", "--card-no", no, "--operator", "clerk", "--json");
        assertEquals(0, lift.code(), lift.err());
        assertEquals("ACTIVE", lift.json().get("card_state").asText());
        assertEquals(CardState.ACTIVE, centralState(no));

        DemoCard gone = cards.card(4);
        String old = gone.cardNumber().toString();
        cli.env.put(OfficeCommands.CERTNO, gone.holder().certificateNumber());
        assertEquals(0, card("loss", "--card-no", old, "--operator", "clerk").code());
        String sn = blankInto(CARD_READER, BlockAlgorithm.SM4);
        cli.env.put(OfficeCommands.NEW_PIN, "864200");
        CliStation.Run reissue = card("reissue", "--card-no", old, "--holder", holderFile(gone).toString(), "--card-sn",
                sn, "--operator", "clerk", "--reader", CARD_READER, "--json");
        assertEquals(0, reissue.code(), reissue.err() + reissue.out());
        String newNo = reissue.json().get("card_no").asText();
        assertFalse(newNo.equals(old));
        assertEquals(old, reissue.json().get("old_card_no").asText());
        assertEquals(CardState.CANCELLED, centralState(old));
        assertEquals(CardState.ISSUED, centralState(newNo));

        DemoCard deceased = cards.card(3);
        String cancelNo = deceased.cardNumber().toString();
        cli.env.put(OfficeCommands.CERTNO, deceased.holder().certificateNumber());
        CliStation.Run byClerk = card("cancel", "--card-no", cancelNo, "--reason", "holder deceased", "--operator", "clerk");
        assertEquals(1, byClerk.code());
        assertTrue(byClerk.err().contains("may not"), byClerk.err());
        assertEquals(CardState.ACTIVE, centralState(cancelNo));
        CliStation.Run noReason = card("cancel", "--card-no", cancelNo, "--operator", "supervisor");
        assertEquals(1, noReason.code());
        assertTrue(noReason.err().contains("needs --reason"), noReason.err());
        insert(new CardFactory().issue(deceased), CARD_READER);
        CliStation.Run cancel = card("cancel", "--card-no", cancelNo, "--reason", "holder deceased", "--block",
                "--reader", CARD_READER, "--operator", "supervisor", "--json");
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals("CANCELLED", cancel.json().get("card_state").asText());
        assertEquals(CardState.CANCELLED, centralState(cancelNo));
        cli.env.put(Secrets.CARD_PIN, deceased.pin());
        assertEquals(1, cli.run("card", "read", "--operator", "cashier").code(),
                "the cancelled card in the reader was blocked");
    }

    @Test
    void wrongInputsAreRefusedWithEveryProblemNamed() throws Exception {
        String sn = blankInto(CARD_READER, BlockAlgorithm.SM4);
        cli.env.put(OfficeCommands.NEW_PIN, "246810");
        Path bad = holderFile(NEW_CERTNO, "陈新卡", "2", "1990-03-16", "");
        CliStation.Run inconsistent = card("issue", "--holder", bad.toString(), "--card-sn", sn, "--operator", "clerk",
                "--reader", CARD_READER);
        assertEquals(1, inconsistent.code());
        assertTrue(inconsistent.err().contains("birth_date") && inconsistent.err().contains("sex"), inconsistent.err());
        assertEquals(0, count("SELECT count(*) FROM card WHERE card_sn = ?", sn), "nothing registered");

        Path unknownField = holderFile(NEW_CERTNO, "陈新卡", "1", "1990-03-15", ",\"nickname\":\"小陈\"");
        CliStation.Run unreadable = card("issue", "--holder", unknownField.toString(), "--card-sn", sn, "--operator",
                "clerk", "--reader", CARD_READER);
        assertEquals(1, unreadable.code());
        assertTrue(unreadable.err().contains("cannot be read") && unreadable.err().contains("nickname"),
                unreadable.err());

        CliStation.Run misread = card("status", "--card-no", "Z00000001", "--operator", "clerk");
        assertEquals(1, misread.code());
        assertTrue(misread.err().contains("check character does not match"), misread.err());
        String unknown = CardNumber.withCheckCharacter("Z0000001").toString();
        CliStation.Run unknownCard = card("status", "--card-no", unknown, "--operator", "clerk");
        assertEquals(1, unknownCard.code());
        assertTrue(unknownCard.err().contains("refused by the central service") && unknownCard.err().contains(unknown),
                unknownCard.err());

        CliStation.Run notAClerk = card("status", "--card-no", cards.card(1).cardNumber().toString(), "--operator",
                "cashier");
        assertEquals(1, notAClerk.code());
        assertTrue(notAClerk.err().contains("may not") && notAClerk.err().contains("card clerk"), notAClerk.err());

        cli.env.put(OfficeCommands.CERTNO, NEW_CERTNO);
        CliStation.Run noCard = card("pin-reset", "--operator", "clerk", "--reader", EMPTY_READER);
        assertEquals(1, noCard.code());
        assertTrue(noCard.err().contains("There is no card in reader '" + EMPTY_READER + "'"), noCard.err());
    }

    private int count(String sql, String arg) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("central").resolve("central.db"));
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
