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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.sync.Sync;

/**
 * "Nothing leaked": after an online settlement, a deferred visit settled later and an offline debit, the station's
 * SQLite file, read with plain JDBC, holds none of the holders' names, card numbers, ID numbers or card identification
 * codes in any text of any table; and the holder's name is still there for a rebuilt receipt, sealed.
 */
class NothingInClearTest {
    private static final Opter SUPERVISOR = new Opter("supervisor", "钱主管");

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
            visit = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生");
            f.counter.uploadAndPreSettle(visit, List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2)));
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
        DemoCard debitCard = f.insert(f.cards.cards().stream().filter(c -> c.number() > 2
                && c.status() == DemoCard.Status.ACTIVE && c.insurance().balanceFen() >= 500).findFirst().orElseThrow()
                .number());
        try (CountingTransport t = f.cardTransport()) {
            new OfflineSale(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                    f.authorizer, f.clock).debit(new CardSession(t, f.cardKeys()), debitCard.pin().toCharArray(), 500);
        }
        assertEquals(LinkState.ONLINE, monitor.probeNow());
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        DeferredVisit settled = deferred().list().get(0);
        assertEquals(DeferredState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        assertEquals(Optional.of(deferredCard.holder().name()), f.counter.records().holderName(settled.setlId()),
                "a deferred settlement keeps its holder's name too");
        assertTrue(f.store.outbox().pendingStreams().isEmpty(), "the debit and the deferred chain were delivered");

        List<String> secrets = new ArrayList<>();
        for (DemoCard c : List.of(online, deferredCard, debitCard)) {
            secrets.add(c.holder().name());
            secrets.add(c.cardNumber().value());
            secrets.add(c.holder().certificateNumber());
            secrets.add(c.identification().hex().toUpperCase(Locale.ROOT));
            secrets.add(c.identification().hex().toLowerCase(Locale.ROOT));
        }
        List<String> found = inClear(f.config.storeFile(), secrets);
        assertTrue(found.isEmpty(), "in clear in the station database: " + found);
        assertTrue(f.store.audit().verify().intact());
    }

    /** A journal an earlier version wrote in clear is still read, and sealed by its next change. */
    @Test
    void aDeferredJournalKeptInClearByAnEarlierVersionIsReadAndSealedAtItsNextChange() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(2);
        try (CountingTransport t = f.cardTransport()) {
            deferred().take(new CardSession(t, f.cardKeys()), demo.pin().toCharArray(),
                    List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 3)), "D01", "李医生");
        }
        String key = "state.deferred.visits";
        String journal = f.store.settings().sealedState(key).orElseThrow();
        f.store.settings().removeState(key);
        f.store.settings().updateState(key, old -> journal);
        assertFalse(inClear(f.config.storeFile(), List.of(demo.holder().name())).isEmpty(), "the earlier form, in clear");

        DeferredVisit read = deferred().list().get(0);
        assertEquals(demo.holder().name(), read.holderName());
        assertEquals(DeferredState.QUEUED, read.state());

        monitor.probeNow();
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        assertEquals(DeferredState.SETTLED, deferred().list().get(0).state());
        assertTrue(rawSetting(key).startsWith("sealed:"), "sealed by the first change");
        assertTrue(inClear(f.config.storeFile(), List.of(demo.holder().name(), demo.cardNumber().value())).isEmpty());
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

    private String rawSetting(String key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.config.storeFile());
             PreparedStatement ps = c.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
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
