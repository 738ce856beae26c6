package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.centralsim.CatalogGenerator;
import org.sscard.terminal.Station;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerReplicator;

/**
 * A station process killed (SIGKILL) in the middle of {@code terminal ledger sync}, against a real PostgreSQL
 * (scripts/pg-up): once inside the ledger's transaction (its INSERT held on a table lock the test takes, so the kill
 * lands there for sure), once after the ledger committed and before the station wrote its cursor (the station's SQLite
 * write-locked by the test meanwhile). Each time the next sync leaves the ledger with the station's books exactly once.
 */
class StationKilledMidReplicationTest {
    private static final String DEVICE = "DEV-0001";

    @TempDir
    Path dir;
    CliStation cli;
    String url;
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 4);

    @BeforeEach
    void setUp() throws Exception {
        url = LedgerDatabase.require();
        LedgerDatabase.ledger(url);
        cli = new CliStation(dir, cards, new String[][] {{"cashier", "王收费", "CASHIER"},
                {"supervisor", "钱主管", "SUPERVISOR"}}, "jCardSim reader");
        try (Station s = cli.open()) {
            CounterFixture.loadCatalog(s.store().catalog());
        }
        SimulatedCard card = new CardFactory().issue(cards.card(1));
        card.simulator().assignToTerminal(cli.terminals.getTerminal("jCardSim reader"));
        cli.env.put(Secrets.CARD_PIN, cards.card(1).pin());
        cli.env.put(Secrets.LEDGER_USER, LedgerDatabase.USER);
        cli.env.put(Secrets.LEDGER_PASSWORD, LedgerDatabase.PASSWORD);
        cli.env.put(Secrets.OPERATOR_PASSWORD, CliStation.OWN);
        String text = Files.readString(cli.config, StandardCharsets.UTF_8);
        Files.writeString(cli.config, text + "hospital.ledger-url=" + url + "\n", StandardCharsets.UTF_8);
    }

    @AfterEach
    void tearDown() {
        if (cli != null) {
            cli.close();
        }
    }

    private void visit(int count) throws Exception {
        Path items = Files.createTempFile(dir, "items", ".txt");
        String code = CatalogGenerator.entries().stream().map(e -> "L" + e.code()).filter(c -> !c.startsWith("LX"))
                .skip(count).findFirst().orElseThrow();
        Files.writeString(items, code + " " + count + "\n", StandardCharsets.UTF_8);
        CliStation.Run v = cli.run("visit", "--items", items.toString(), "--operator", "cashier", "--yes");
        assertEquals(0, v.code(), v.err() + v.out());
    }

    @Test
    void killedInsideTheLedgersTransactionOrBeforeItsCursorMovedTheNextSyncCopiesEachRecordOnce() throws Exception {
        visit(1);
        visit(2);
        visit(3);
        try (Connection pg = DriverManager.getConnection(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD)) {
            // Killed inside the ledger's transaction: nothing of it is committed, the cursor has not moved.
            pg.setAutoCommit(false);
            lockSettlements(pg);
            Process sync = startSync();
            awaitSyncHeldByTheLock(pg, sync);
            kill(sync);
            pg.rollback();
            assertEquals(0, ledgerRows(pg), "the killed transaction left nothing");
            assertEquals(0, cursor());

            // Killed after the ledger committed and before the station wrote its cursor.
            lockSettlements(pg);
            sync = startSync();
            awaitSyncHeldByTheLock(pg, sync);
            try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("station.db"));
                 Statement st = store.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                pg.rollback(); // the sync's INSERTs go on and commit; its cursor write waits for the store
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (ledgerRows(pg) < 3) {
                    assertTrue(sync.isAlive() && System.nanoTime() < deadline, "the sync never committed");
                    Thread.sleep(10);
                }
                kill(sync);
                st.execute("ROLLBACK");
            }
            assertEquals(3, ledgerRows(pg), "committed before the kill");
            assertEquals(0, cursor(), "the kill came before the station's cursor moved");
        }

        visit(4);
        CliStation.Run after = cli.run("ledger", "sync", "--operator", "supervisor", "--json");
        assertEquals(0, after.code(), after.err() + after.out());
        assertEquals(1, after.json().get("added").asInt(), "only the visit made since: " + after.out());
        assertTrue(after.json().get("cursor").asLong() > 0, after.out());

        LocalDate today = LocalDate.now();
        Ledger ledger = LedgerDatabase.ledger(url);
        List<SettledRecords.Record> rows = ledger.between("H44010600001", today.minusDays(1), today.plusDays(1));
        try (Station s = cli.open()) {
            List<SettledRecords.Record> books = s.store().outbox().after(0, SettledRecords.BOOK_INFNOS, 100).stream()
                    .flatMap(e -> SettledRecords.booksOf(s.store().outbox(), e).stream()).toList();
            assertEquals(4, books.size());
            assertEquals(books.stream().map(r -> Ledger.asKept(r, DEVICE)).toList(), rows, "the books, each once");
        }
        Set<String> msgids = new HashSet<>();
        rows.forEach(r -> assertTrue(msgids.add(r.msgid())));
        CliStation.Run reconcile = cli.run("reconcile", "--institution", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.err() + reconcile.out());
        assertTrue(reconcile.json().get("balanced").asBoolean(), reconcile.out());
    }

    private static void lockSettlements(Connection pg) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute("LOCK TABLE settlement IN EXCLUSIVE MODE");
        }
    }

    /** {@code terminal ledger sync} in a JVM of its own, as the station's command line runs it. */
    private Process startSync() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TerminalCli.class.getName(), "ledger", "sync", "--operator", "supervisor", "--json", "--config",
                cli.config.toString());
        pb.environment().putAll(cli.env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** Waits until the sync's INSERT waits for the test's table lock: it is inside the ledger's transaction. */
    private static void awaitSyncHeldByTheLock(Connection pg, Process sync) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Connection watch = DriverManager.getConnection(pg.getMetaData().getURL(), LedgerDatabase.USER,
                LedgerDatabase.PASSWORD); Statement st = watch.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND application_name = 'sscard station' AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                assertTrue(sync.isAlive(), () -> "the sync ended before it reached the ledger (exit " + sync.exitValue() + ")");
                assertTrue(System.nanoTime() < deadline, "the sync did not reach the ledger within 120 s");
                Thread.sleep(20);
            }
        }
    }

    private static void kill(Process sync) throws InterruptedException {
        assertTrue(sync.isAlive(), "the sync is still running when killed");
        sync.destroyForcibly();
        assertTrue(sync.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, sync.exitValue(), "ended by SIGKILL");
    }

    private static int ledgerRows(Connection pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.getMetaData().getURL(), LedgerDatabase.USER,
                LedgerDatabase.PASSWORD); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM settlement WHERE device_number = '" + DEVICE + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private long cursor() {
        try (Station s = cli.open()) {
            return s.store().ledgerPosition().current().outboxCursor();
        }
    }
}
