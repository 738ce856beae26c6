package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.sscard.terminal.ledger.LedgerDatabase;

/**
 * The hospital ledger through the command line, against a real PostgreSQL (scripts/pg-up): {@code ledger sync},
 * {@code forward} replicating after it forwards, and {@code reconcile --institution}.
 */
class LedgerCliTest {
    @TempDir
    Path dir;
    CliStation cli;
    String url;
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 4);

    @BeforeEach
    void setUp() throws Exception {
        url = LedgerDatabase.require();
        cli = new CliStation(dir, cards, new String[][] {{"cashier", "王收费", "CASHIER"},
                {"supervisor", "钱主管", "SUPERVISOR"}, {"admin3", "管理员三", "ADMINISTRATOR"}}, "jCardSim reader");
        try (Station s = cli.open()) {
            CounterFixture.loadCatalog(s.store().catalog());
        }
        SimulatedCard card = new CardFactory().issue(cards.card(1));
        card.simulator().assignToTerminal(cli.terminals.getTerminal("jCardSim reader"));
        cli.env.put(Secrets.CARD_PIN, cards.card(1).pin());
        cli.env.put(Secrets.LEDGER_USER, LedgerDatabase.USER);
        cli.env.put(Secrets.LEDGER_PASSWORD, LedgerDatabase.PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (cli != null) {
            cli.close();
        }
    }

    private void ledgerUrl(String value) throws Exception {
        String text = Files.readString(cli.config, StandardCharsets.UTF_8).replaceAll("(?m)^hospital\\.ledger-url=.*\\n", "");
        Files.writeString(cli.config, text + "hospital.ledger-url=" + value + "\n", StandardCharsets.UTF_8);
    }

    private void visit() throws Exception {
        Path items = Files.createTempFile(dir, "items", ".txt");
        String code = CatalogGenerator.entries().stream().map(e -> "L" + e.code()).filter(c -> !c.startsWith("LX"))
                .findFirst().orElseThrow();
        Files.writeString(items, code + " 2\n", StandardCharsets.UTF_8);
        CliStation.Run v = cli.run("visit", "--items", items.toString(), "--operator", "cashier", "--yes");
        assertEquals(0, v.code(), v.err() + v.out());
    }

    @Test
    void syncCopiesOnceAndTheInstitutionReconcilesFromTheLedger() throws Exception {
        CliStation.Run none = cli.run("ledger", "sync", "--operator", "supervisor");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("this station has no hospital ledger: set hospital.ledger-url"), none.err());

        ledgerUrl(url);
        visit();
        CliStation.Run sync = cli.run("ledger", "sync", "--operator", "supervisor", "--json");
        assertEquals(0, sync.code(), sync.err() + sync.out());
        assertEquals(1, sync.json().get("added").asInt(), sync.out());
        CliStation.Run again = cli.run("ledger", "sync", "--operator", "supervisor", "--json");
        assertEquals(0, again.json().get("added").asInt(), again.out());
        assertEquals(sync.json().get("cursor").asLong(), again.json().get("cursor").asLong());

        visit();
        CliStation.Run forward = cli.run("forward", "--operator", "supervisor", "--json");
        assertEquals(0, forward.code(), forward.err() + forward.out());
        assertEquals(1, forward.json().get("ledger").get("added").asInt(), forward.out());

        CliStation.Run reconcile = cli.run("reconcile", "--institution", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.err() + reconcile.out());
        assertTrue(reconcile.json().get("balanced").asBoolean(), reconcile.out());
        assertEquals("institution H44010600001, stations DEV-0001", reconcile.json().get("scope").asText());

        Path csv = dir.resolve("institution.csv");
        CliStation.Run report = cli.run("report", "institution", "--out", csv.toString(), "--operator", "supervisor");
        assertEquals(0, report.code(), report.err() + report.out());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("院内汇总 "), text);
        assertTrue(text.contains("小计,DEV-0001,,2,"), text);
        for (String[] kind : new String[][] {{"stations", "按终端汇总 ", "小计,DEV-0001,2,"},
                {"operators", "按操作员汇总 ", "小计,cashier,2,"}, {"daily", "院内日结算汇总 ", ",DEV-0001\r\n"},
                {"monthly", "院内月对账单 ", "合计,"}}) {
            Path out = dir.resolve(kind[0] + ".csv");
            CliStation.Run r = kind[0].startsWith("d") || kind[0].startsWith("m")
                    ? cli.run("report", kind[0], "--institution", "--out", out.toString(), "--operator", "supervisor")
                    : cli.run("report", kind[0], "--out", out.toString(), "--operator", "supervisor");
            assertEquals(0, r.code(), r.err() + r.out());
            String written = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(written.startsWith(kind[1]) && written.contains(kind[2]), written);
        }
        // The hospital catalogue: published once from a CSV file, taken by this station at once, nothing on the next sync.
        Path items = dir.resolve("hospital-items.csv");
        String national = CatalogGenerator.entries().get(2).code();
        Files.writeString(items, "H0001,院内换药,12.50," + national + ",6900000000017\nH0002,院内合剂,8.80,\n",
                StandardCharsets.UTF_8);
        CliStation.Run publish = cli.run("ledger", "catalog", "publish", items.toString(), "--operator", "admin3",
                "--json");
        assertEquals(0, publish.code(), publish.err() + publish.out());
        assertEquals(2, publish.json().get("changed").asInt(), publish.out());
        assertEquals(1, publish.json().get("version").asInt(), publish.out());
        CliStation.Run pulled = cli.run("ledger", "catalog", "pull", "--operator", "cashier", "--json");
        assertEquals(0, pulled.code(), pulled.err() + pulled.out());
        assertEquals(0, pulled.json().get("items").asInt(), "the publishing station has them: " + pulled.out());
        try (Station s = cli.open()) {
            assertEquals(national, s.store().catalog().local("H0001").orElseThrow().nationalCode());
        }
        CliStation.Run byCashier = cli.run("ledger", "catalog", "publish", items.toString(), "--operator", "cashier");
        assertEquals(1, byCashier.code(), "an administrator's work: " + byCashier.out());
        CliStation.Run withdraw = cli.run("ledger", "catalog", "withdraw", "H0002", "--operator", "admin3", "--json");
        assertEquals(0, withdraw.code(), withdraw.err() + withdraw.out());
        assertEquals(1, withdraw.json().get("withdrawn").asInt(), withdraw.out());
        assertEquals(2, withdraw.json().get("version").asInt(), withdraw.out());
        CliStation.Run unknownCode = cli.run("ledger", "catalog", "withdraw", "H9999", "--operator", "admin3");
        assertEquals(1, unknownCode.code(), unknownCode.out());
        assertTrue(unknownCode.err().contains("H9999 not in the hospital catalogue"), unknownCode.err());
        CliStation.Run list = cli.run("ledger", "catalog", "list", "--operator", "cashier", "--json");
        assertEquals(0, list.code(), list.err() + list.out());
        assertEquals(2, list.json().get("version").asInt(), list.out());
        assertEquals("H0002", list.json().get("items").get(1).get("local_code").asText(), list.out());
        assertTrue(list.json().get("items").get(1).get("withdrawn").asBoolean(), list.out());
        assertEquals("12.50", list.json().get("items").get(0).get("price").asText(), list.out());
        assertEquals(2, list.json().get("stations").get("DEV-0001").asInt(), list.out());
        try (Station s = cli.open()) {
            assertTrue(s.store().catalog().isWithdrawn("H0002"), "this station took the withdrawal at once");
        }

        CliStation.Run statsOfLedger = cli.run("report", "stats", "--institution", "--out", csv.toString(), "--operator",
                "supervisor");
        assertEquals(1, statsOfLedger.code());
        assertTrue(statsOfLedger.err().contains("--institution goes with daily or monthly"), statsOfLedger.err());

        // The ledger restored from a backup taken before these visits: --from-start offers everything again.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD);
             java.sql.Statement st = c.createStatement()) {
            st.execute("DELETE FROM settlement");
        }
        CliStation.Run rewound = cli.run("ledger", "sync", "--from-start", "--operator", "supervisor", "--json");
        assertEquals(0, rewound.code(), rewound.err() + rewound.out());
        assertEquals(2, rewound.json().get("added").asInt(), rewound.out());
        assertEquals(0, rewound.json().get("shift_closes").asInt(), rewound.out());
        assertEquals(1, rewound.json().get("catalog").get("items").asInt(), "the catalogue taken whole: " + rewound.out());
        assertEquals(1, rewound.json().get("catalog").get("withdrawn").asInt(), rewound.out());
    }

    @Test
    void aLedgerThatCannotBeReachedIsReportedAndNothingIsLost() throws Exception {
        ledgerUrl("jdbc:postgresql://127.0.0.1:1/sscard_test");
        visit();
        CliStation.Run down = cli.run("ledger", "sync", "--operator", "supervisor", "--json");
        assertEquals(3, down.code(), down.err() + down.out());
        assertTrue(down.json().get("error").asText().contains("nothing is lost"), down.out());
        assertEquals(0, down.json().get("cursor").asLong(), down.out());
        ledgerUrl(url);
        CliStation.Run up = cli.run("ledger", "sync", "--operator", "supervisor", "--json");
        assertEquals(0, up.code(), up.err() + up.out());
        assertEquals(1, up.json().get("added").asInt(), up.out());
        assertFalse(up.json().has("error"), up.out());
    }
}
