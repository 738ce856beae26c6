package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.protocol.CardState;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.e2e.CardOfficeEndToEndTest;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.offline.OfflineStateForTests;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/**
 * "Nothing leaked": after an online settlement, a deferred visit settled later and an offline debit, the station's
 * SQLite file, read with plain JDBC, holds none of the holders' names, card numbers, ID numbers or card identification
 * codes in any text of any table, nor the holders' psn_no in the audit log; and the holder's name is still there for a
 * rebuilt receipt, sealed.
 */
class NothingInClearTest {
    private static final Opter SUPERVISOR = new Opter("supervisor", "钱主管");
    private static final String NEW_HOLDER_NAME = "陈新卡";
    private static final String NEW_HOLDER_CERTNO = CardOfficeEndToEndTest.certno("44010619900315123");

    @TempDir
    Path dir;
    CounterFixture f;
    LinkMonitor monitor;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        new Sync(f.link, f.store, f.authorizer, f.clock).blacklist(SUPERVISOR);
        monitor = LinkMonitor.of(f.link);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void noHolderNameCardNumberIdNumberOrCardCodeIsStoredInClear() throws Exception {
        f.login("cashier");
        DemoCard online = f.insert(1);
        Visit visit;
        try (PresentedCard card = f.presentation.present(online.pin().toCharArray())) {
            visit = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                    f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2))));
            f.counter.uploadAndPreSettle(visit);
            f.counter.settle(visit);
        }
        String onlineSetlId = visit.settlement().setlinfo().setlId();
        assertEquals(Optional.of(online.holder().name()), f.counter.records().holderName(onlineSetlId));

        linkDown();
        DemoCard deferredCard = f.insert(2);
        try (CountingTransport t = f.cardTransport()) {
            deferred().take(new CardSession(t, f.cardKeys()), deferredCard.pin().toCharArray(),
                    List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 3)), "D01", "李医生");
        }
        f.login("pharmacist");
        DemoCard debitCard = f.insert(debitCardNumber());
        try (CountingTransport t = f.cardTransport()) {
            new OfflineSale(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                    f.authorizer, f.clock).debit(new CardSession(t, f.cardKeys()), debitCard.pin().toCharArray(), Money.ofFen(500));
        }
        assertEquals(LinkState.ONLINE, monitor.probeNow());
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        DeferredVisit settled = deferred().list().get(0);
        assertEquals(DeferredState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        assertEquals(Optional.of(deferredCard.holder().name()), f.counter.records().holderName(settled.setlId()),
                "a deferred settlement keeps its holder's name too");
        assertTrue(f.store.outbox().pendingStreams().isEmpty(), "the debit and the deferred chain were delivered");

        f.login("clerk");
        HandoverSlip issued = issueNewCard();
        assertEquals(1, rowCount(f.config.storeFile(), "card_holder"), "the card office kept the new holder");
        assertEquals(NEW_HOLDER_NAME, f.store.holders().byCardNumber("clerk", issued.cardNo()).get(0).name());

        List<String> secrets = secretsOf(List.of(online, deferredCard, debitCard));
        secrets.addAll(List.of(NEW_HOLDER_NAME, issued.cardNo(), NEW_HOLDER_CERTNO, issued.cardSn().toUpperCase(Locale.ROOT),
                issued.cardSn().toLowerCase(Locale.ROOT)));
        List<String> found = inClear(f.config.storeFile(), secrets);
        assertTrue(found.isEmpty(), "in clear in the station database: " + found);
        assertTrue(f.store.audit().verify().intact());

        assertTrue(rowCount(f.config.storeFile(), "audit_log WHERE action = 'card.present'") >= 1,
                "the card presented is in the audit log, by card reference");
        List<String> personNumbers = List.of(online.holder().personNumber(), deferredCard.holder().personNumber(),
                debitCard.holder().personNumber());
        List<String> inAudit = inClear(f.config.storeFile(), personNumbers).stream()
                .filter(where -> where.startsWith("audit_log.")).toList();
        assertTrue(inAudit.isEmpty(), "psn_no in the audit log: " + inAudit);
    }

    /**
     * A deferred-visit journal an earlier version kept in clear under its settings key is moved to the table, sealed,
     * when the store is next opened, and the clear text is gone from the file.
     */
    @Test
    void aDeferredJournalKeptInClearByAnEarlierVersionIsSealedWhenTheStoreOpens() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(2);
        try (CountingTransport t = f.cardTransport()) {
            deferred().take(new CardSession(t, f.cardKeys()), demo.pin().toCharArray(),
                    List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 3)), "D01", "李医生");
        }
        DeferredVisit taken = deferred().list().get(0);
        DeferredVisit earlier = new DeferredVisit("DF000000000000000001", taken.state(), taken.createdAt(),
                taken.visitTime(), taken.operator(), taken.operatorName(), taken.medType(), taken.deptCode(),
                taken.doctorName(), taken.cardNo(), taken.cardSn(), taken.holderName(), taken.insuredRegion(),
                taken.insutype(), taken.items(), taken.total(), null, null, Money.ZERO, Money.ZERO, null, null, null,
                null);
        String key = "state.deferred.visits";
        String journal = OfflineStateForTests.storedJson(List.of(earlier));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.config.storeFile());
                PreparedStatement ps = c.prepareStatement("INSERT INTO setting (key, type, value, updated_at, updated_by)"
                        + " VALUES (?, 'STRING', ?, 0, 'system')")) {
            ps.setString(1, key); // as versions before schema 6 wrote it
            ps.setString(2, journal);
            ps.executeUpdate();
        }
        assertFalse(inClear(f.config.storeFile(), List.of(demo.holder().name())).isEmpty(), "the earlier form, in clear");

        f.restartStation();
        f.login("cashier");
        List<DeferredVisit> read = deferred().list();
        assertEquals(List.of(taken.ref(), earlier.ref()), read.stream().map(DeferredVisit::ref).toList());
        assertEquals(earlier, read.get(1));
        assertTrue(f.store.settings().sealedState(key).isEmpty(), "moved out of the settings");
        assertTrue(inClear(f.config.storeFile(), List.of(demo.holder().name(), demo.cardNumber().value())).isEmpty());
    }

    /**
     * "Nothing logged": everything the station's own code logs (terminal-app, card-lib with its APDU trace at DEBUG,
     * offline-store) during a visit, an offline debit forwarded later, a card issued at the card office and a loss
     * report names no card by its number or identification code and no holder by name or ID number. The central
     * service and the simulated cards run in this process too; their loggers are not the station's and are left out.
     */
    @Test
    void noLogLineNamesACardNumberIdNumberOrHolder() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger station = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.sscard");
        Level before = station.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        station.setLevel(Level.DEBUG);
        DemoCard visited;
        DemoCard debited;
        DemoCard lost;
        HandoverSlip issued;
        try {
            f.login("cashier");
            visited = f.insert(1);
            try (PresentedCard card = f.presentation.present(visited.pin().toCharArray())) {
                Visit visit = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                        f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2))));
                f.counter.uploadAndPreSettle(visit);
                f.counter.settle(visit);
            }
            linkDown();
            f.login("pharmacist");
            debited = f.insert(debitCardNumber());
            try (CountingTransport t = f.cardTransport()) {
                new OfflineSale(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                        f.authorizer, f.clock).debit(new CardSession(t, f.cardKeys()), debited.pin().toCharArray(), Money.ofFen(500));
            }
            assertEquals(LinkState.ONLINE, monitor.probeNow());
            new Forwarder(f.link, f.store).runOnce();
            assertTrue(f.store.outbox().pendingStreams().isEmpty(), "the offline debit was delivered");

            f.login("clerk");
            issued = issueNewCard();
            lost = f.cards.card(2);
            assertEquals(CardState.LOST, office().reportLoss(lost.cardNumber().value(), lost.holder().certificateNumber(),
                    "lost on the bus").cardStas());
        } finally {
            root.detachAppender(captured);
            station.setLevel(before);
        }
        List<ILoggingEvent> stationEvents = captured.list.stream()
                .filter(e -> !e.getLoggerName().startsWith("org.sscard.centralsim") && !e.getLoggerName().startsWith("org.sscard.cardsim"))
                .toList();
        assertTrue(stationEvents.stream().anyMatch(e -> e.getLoggerName().startsWith("org.sscard.card.")),
                "the card's APDU trace was captured: " + stationEvents.size() + " events");
        assertTrue(stationEvents.stream().anyMatch(e -> e.getLoggerName().startsWith("org.sscard.terminal.")),
                "the station's own lines were captured");
        List<String> secrets = secretsOf(List.of(visited, debited, lost));
        secrets.addAll(List.of(NEW_HOLDER_NAME, issued.cardNo(), NEW_HOLDER_CERTNO, issued.cardSn().toUpperCase(Locale.ROOT),
                issued.cardSn().toLowerCase(Locale.ROOT)));
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent e : stationEvents) {
            StringBuilder text = new StringBuilder(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | ").append(t.getMessage());
            }
            for (String secret : secrets) {
                if (text.indexOf(secret) >= 0) {
                    leaks.add(e.getLoggerName() + ": " + text);
                }
            }
        }
        assertTrue(leaks.isEmpty(), "logged in clear: " + leaks);
    }

    private CardOffice office() {
        return new CardOffice(f.config, f.store, f.cardKeys(), f.link, f.authorizer, f.clock);
    }

    /** A blank SM4 card personalised at the card office for a new holder, whose record the store then keeps. */
    private HandoverSlip issueNewCard() {
        CardIdentificationCode id = CardIdentificationCode.of(CounterFixture.REGION, HexFormat.of().parseHex("F0F0F0F0000000A1"));
        CardTransport transport = CardTransports.standard(new InProcessTransport(
                new CardFactory().blank(new org.sscard.cardsim.factory.BlankCard(id, BlockAlgorithm.SM4))));
        HandoverSlip slip = office().issue(CardOfficeEndToEndTest.holder(NEW_HOLDER_CERTNO, "1", "1990-03-15"),
                new CardOffice.BlankCard(transport, id), "246810".toCharArray());
        assertEquals("ISSUED", slip.cardState());
        return slip;
    }

    /** A demo card other than 1 and 2 that can pay 5.00 offline. */
    private int debitCardNumber() {
        return f.cards.cards().stream().filter(c -> c.number() > 2 && c.status() == DemoCard.Status.ACTIVE
                && c.insurance().balanceFen() >= 500).findFirst().orElseThrow().number();
    }

    private static List<String> secretsOf(List<DemoCard> cards) {
        List<String> secrets = new ArrayList<>();
        for (DemoCard c : cards) {
            secrets.add(c.holder().name());
            secrets.add(c.cardNumber().value());
            secrets.add(c.holder().certificateNumber());
            secrets.add(c.identification().hex().toUpperCase(Locale.ROOT));
            secrets.add(c.identification().hex().toLowerCase(Locale.ROOT));
        }
        return secrets;
    }

    private static int rowCount(Path db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private DeferredVisits deferred() {
        return new DeferredVisits(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                monitor, f.authorizer, f.clock);
    }

    private void linkDown() {
        f.central.faults().arm(Fault.parse("9001:close-before:1"));
        f.link.signIn(SUPERVISOR, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        assertEquals(LinkState.OFFLINE, monitor.state());
    }

    /** Every "table.column: secret" where a secret occurs in the text (or UTF-8 bytes) of any column of any row. */
    private static List<String> inClear(Path db, List<String> secrets) throws SQLException {
        assertTrue(Files.exists(db));
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.containsAll(List.of("outbox", "audit_log", "setting", "card_holder")), tables.toString());
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] bytes = rs.getBytes(i);
                            String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                            for (String secret : secrets) {
                                if (text.contains(secret)) {
                                    found.add(table + "." + rs.getMetaData().getColumnName(i) + ": " + secret);
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
