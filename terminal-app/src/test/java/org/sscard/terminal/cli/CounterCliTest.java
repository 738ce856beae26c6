package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.psam.PsamKeyLoader;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.psam.DemoPsam;
import org.sscard.cardsim.psam.SimulatedPsam;
import org.sscard.centralsim.CatalogGenerator;
import org.sscard.centralsim.CentralSim;
import org.sscard.centralsim.Fault;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.Transaction;
import org.sscard.store.FullDisk;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.offline.DeferredSettlement;
import org.sscard.values.Money;

/**
 * The counter through the command line, each command a fresh set of objects over the same station store (as
 * separate processes would be), against an in-process central-sim over HTTPS and a simulated card in jCardSim's
 * in-process reader.
 */
class CounterCliTest {
    @TempDir
    Path dir;
    CliStation cli;
    CentralSim.Running central;
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 4);
    DemoCard holder;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliStation(dir, cards, new String[][] {{"cashier", "王收费", "CASHIER"}, {"pharmacist", "赵药师", "PHARMACIST"},
                {"supervisor", "钱主管", "SUPERVISOR"},
                {"admin3", "管理员三", "ADMINISTRATOR"}}, "PSAM reader", "jCardSim reader");
        central = cli.central;
        try (Station s = cli.open()) {
            CounterFixture.loadCatalog(s.store().catalog());
        }
        holder = cards.card(1);
        SimulatedCard card = new CardFactory().issue(holder);
        card.simulator().assignToTerminal(cli.terminals.getTerminal("jCardSim reader"));
        cli.env.put(Secrets.CARD_PIN, holder.pin());
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    private CliStation.Run run(String... args) {
        return cli.run(args);
    }

    private Path items(String... lines) throws Exception {
        Path file = Files.createTempFile(dir, "items", ".txt");
        Files.writeString(file, "# code count\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private String localCode(String query) {
        try (Station s = cli.open()) {
            return s.store().catalog().searchLocal(query, 1).get(0).localCode();
        }
    }

    /** Local codes of service items (not drugs, which have a quantity limit), as CounterFixture maps them. */
    private static List<String> localCodes(int n) {
        return CatalogGenerator.entries().stream().map(e -> "L" + e.code()).filter(c -> !c.startsWith("LX")).limit(n)
                .toList();
    }

    private List<OutboxEntry> settlements(String mdtrtId) {
        try (Station s = cli.open()) {
            return s.store().outbox().stream(Visit.streamOf(mdtrtId)).stream()
                    .filter(e -> Transaction.SETTLEMENT.infno().equals(e.infno())).toList();
        }
    }

    @Test
    void withReaderPsamTheCardKeysComeFromThePsamInThatReader() throws Exception {
        Files.writeString(cli.config, Files.readString(cli.config) + "reader.psam=PSAM reader\n");
        CliStation.Run empty = run("card", "read", "--operator", "cashier");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("reader.psam: there is no card in reader 'PSAM reader': insert the station's PSAM"),
                empty.err());

        SimulatedPsam foreign = DemoPsam.blank();
        try (PsamKeyLoader loader = DemoPsam.loader(new InProcessTransport(foreign))) {
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (BlockAlgorithm alg : BlockAlgorithm.values()) {
                for (KeyType type : KeyType.values()) {
                    if (type.hierarchical()) {
                        byte[] key = new byte[16];
                        random.nextBytes(key);
                        loader.load(TestKeys.nationalRef(type, alg), alg, key, true, java.time.Instant.now());
                    }
                }
            }
        }
        foreign.reset();
        foreign.simulator().assignToTerminal(cli.terminals.getTerminal("PSAM reader"));
        CliStation.Run wrongKeys = run("card", "read", "--operator", "cashier");
        assertEquals(1, wrongKeys.code(), "the key store's right test keys are not used: the PSAM's are");
        assertTrue(wrongKeys.err().contains("genuine") || wrongKeys.err().contains("authentica"), wrongKeys.err());

        DemoPsam.create().simulator().assignToTerminal(cli.terminals.getTerminal("PSAM reader"));
        CliStation.Run read = run("card", "read", "--operator", "cashier", "--json");
        assertEquals(0, read.code(), read.err());
        assertEquals(holder.cardNumber().value(), read.json().get("card_no").asText());
    }

    /** The command line's offline debit goes through the counter desk: the card debited, or the policy's refusal. */
    @Test
    void syncCatalogPrintsTheRowsOfEachDownload() throws Exception {
        CliStation.Run sync = run("sync", "catalog", "--operator", "pharmacist");
        assertEquals(0, sync.code(), sync.err());
        long caps = CatalogGenerator.entries().stream().filter(e -> e.capFen() != null).count();
        int items = CatalogGenerator.entries().size();
        for (String part : List.of("1312={requests=1, rows=" + items, "1318={requests=1, rows=" + caps,
                "1319={requests=1, rows=" + items)) {
            assertTrue(sync.out().contains(part), part + " in " + sync.out());
        }
    }

    @Test
    void anOfflineDebitIsMadeAtTheDeskAndAnAmountOverTheLimitIsRefusedWithoutTouchingTheCard() throws Exception {
        CliStation.Run sync = run("sync", "blacklist", "--operator", "pharmacist");
        assertEquals(0, sync.code(), sync.err());
        CliStation.Run debit = run("offline", "debit", "--amount", "12.50", "--operator", "pharmacist", "--json");
        assertEquals(0, debit.code(), debit.err() + debit.out());
        JsonNode sold = debit.json();
        assertEquals("12.50", sold.get("amount").asText());
        assertEquals(Money.ofFen(holder.insurance().balanceFen()).minus(Money.parse("12.50")).toString(),
                sold.get("balance_after").asText());
        assertTrue(sold.get("mac2_verified").asBoolean(), sold.toString());

        CliStation.Run over = run("offline", "debit", "--amount", "9999.00", "--operator", "pharmacist");
        assertEquals(1, over.code(), over.out());
        assertTrue(over.err().contains("one payment may be at most"), over.err());
        try (Station s = Station.open(StationConfigLoader.load(cli.config), CliStation.PASS.toCharArray())) {
            assertEquals(1, s.store().outbox().offlineTotals().count(), "one offline debit queued");
        }
    }

    @Test
    void aVisitWithTheEcodeSettlesWithNoCardAndNoPinAndNeedsTheLink() throws Exception {
        cli.env.remove(Secrets.CARD_PIN);
        List<String> codes = localCodes(2);
        Path visitItems = items(codes.get(0) + " 2", codes.get(1) + " 1");
        String code = central.issueEcode(holder.holder().personNumber());
        CliStation.Run visit = run("visit", "--ecode", code, "--items", visitItems.toString(), "--operator", "cashier",
                "--yes", "--json");
        assertEquals(0, visit.code(), visit.err() + visit.out());
        assertEquals("SETTLED", visit.json().get("state").asText());
        assertEquals("医保电子凭证", visit.json().get("holder").get("mdtrt_cert").asText());
        assertEquals(holder.holder().name(), visit.json().get("holder").get("name").asText());
        JsonNode receipt = visit.json().get("receipt");
        assertEquals("医保电子凭证", receipt.get("mdtrt_cert").asText());
        assertTrue(receipt.get("card_no").isNull(), receipt.toString());
        assertFalse((visit.out() + visit.err()).contains(code.substring(8)), "the code is not printed");

        CliStation.Run again = run("visit", "--ecode", code, "--items", visitItems.toString(), "--operator", "cashier",
                "--yes");
        assertEquals(1, again.code(), again.out());
        assertTrue(again.err().contains("already used"), again.err());

        cutLink();
        CliStation.Run offline = run("visit", "--ecode", central.issueEcode(holder.holder().personNumber()), "--items",
                visitItems.toString(), "--operator", "cashier", "--yes");
        assertEquals(1, offline.code(), offline.out());
        assertTrue(offline.err().contains("needs the link") && offline.err().contains("须联网"), offline.err());
        CliStation.Run deferred = run("visit", "--ecode", code, "--deferred", "--items", visitItems.toString(),
                "--operator", "cashier");
        assertEquals(1, deferred.code(), deferred.out());
        assertTrue(deferred.err().contains("no deferred visit"), deferred.err());
    }

    @Test
    void anOpenVisitBegunWithTheEcodeIsResumedOnlyWithAFreshEcodeOfItsHolder() throws Exception {
        cli.env.remove(Secrets.CARD_PIN);
        Path visitItems = items(localCodes(1).get(0) + " 1");
        String code = central.issueEcode(holder.holder().personNumber());
        central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        CliStation.Run visit = run("visit", "--ecode", code, "--items", visitItems.toString(), "--operator", "cashier",
                "--yes", "--json");
        assertEquals(CounterCommands.VISIT_OPEN, visit.code(), visit.err() + visit.out());
        String mdtrtId = visit.json().get("mdtrt_id").asText();
        assertEquals(0, run("forward", "--operator", "supervisor", "--json").code());
        CliStation.Run open = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals("医保电子凭证", open.json().get("visits").get(0).get("mdtrt_cert").asText(), open.out());

        CliStation.Run withCard = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes");
        assertEquals(1, withCard.code(), withCard.out());
        assertTrue(withCard.err().contains("begun with a 医保码") && withCard.err().contains("--ecode"), withCard.err());
        CliStation.Run used = run("visit", "resume", mdtrtId, "--ecode", code, "--operator", "cashier", "--yes");
        assertEquals(1, used.code(), used.out());
        assertTrue(used.err().contains("already used"), used.err());
        CliStation.Run resumed = run("visit", "resume", mdtrtId, "--ecode",
                central.issueEcode(holder.holder().personNumber()), "--operator", "cashier", "--yes", "--json");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertEquals("SETTLED", resumed.json().get("state").asText());
        assertEquals("医保电子凭证", resumed.json().get("receipt").get("mdtrt_cert").asText());
        assertTrue(resumed.json().get("receipt").get("card_no").isNull());
    }

    /** Points the station at a port nobody listens on, as a link that is down; returns the reachable configuration. */
    private String cutLink() throws Exception {
        String reachable = Files.readString(cli.config, StandardCharsets.UTF_8);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Files.writeString(cli.config, reachable.replace("localhost:" + central.port(), "localhost:" + closedPort),
                StandardCharsets.UTF_8);
        return reachable;
    }

    @Test
    void aDeferredVisitTakenWhileTheLinkIsDownIsSettledByForward() throws Exception {
        CliStation.Run sync = run("sync", "blacklist", "--operator", "cashier");
        assertEquals(0, sync.code(), sync.err());
        String reachable = cutLink();
        List<String> codes = localCodes(2);
        Path visitItems = items(codes.get(0) + " 2", codes.get(1) + " 1");

        CliStation.Run sale = run("sale", "--deferred", "--items", visitItems.toString(), "--operator", "pharmacist");
        assertEquals(1, sale.code());
        assertTrue(sale.err().contains("offline debit"), sale.err());

        CliStation.Run online = run("visit", "--items", visitItems.toString(), "--operator", "cashier", "--yes");
        assertEquals(1, online.code(), online.out());
        assertTrue(online.err().contains("add --deferred"), online.err());
        CliStation.Run taken = run("visit", "--deferred", "--items", visitItems.toString(), "--operator", "cashier", "--json");
        assertEquals(0, taken.code(), taken.err() + taken.out());
        JsonNode receipt = taken.json();
        String ref = receipt.get("deferred_ref").asText();
        assertEquals(receipt.get("total").asText(), receipt.get("paid_cash").asText());
        assertEquals(2, receipt.get("items").size());
        assertTrue(receipt.get("note").asText().contains("paid in full (cash)"), receipt.toString());
        CliStation.Run text = run("deferred", "list", "--operator", "cashier");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains(ref + "  QUEUED"), text.out());

        Files.writeString(cli.config, reachable, StandardCharsets.UTF_8);
        CliStation.Run forward = run("forward", "--operator", "supervisor");
        assertEquals(0, forward.code(), forward.err());
        JsonNode listed = run("deferred", "list", "--operator", "supervisor", "--json").json().get("deferred").get(0);
        assertEquals("SETTLED", listed.get("state").asText(), listed.toString());
        assertEquals(listed.get("fund").asText(), listed.get("refund_due").asText());
        assertEquals(receipt.get("total").asText(), listed.get("total").asText());

        CliStation.Run paid = run("deferred", "refund-paid", "--ref", ref, "--operator", "cashier", "--json");
        assertEquals(0, paid.code(), paid.err());
        assertEquals("REFUND_PAID", paid.json().get("state").asText());
        CliStation.Run again = run("deferred", "refund-paid", "--ref", ref, "--operator", "cashier");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already paid"), again.err());
        CliStation.Run acknowledge = run("deferred", "acknowledge", "--ref", ref, "--note", "patient told",
                "--operator", "supervisor");
        assertEquals(1, acknowledge.code());
        assertTrue(acknowledge.err().contains("only a refused visit"), acknowledge.err());
        CliStation.Run reconcile = run("reconcile", "--operator", "supervisor");
        assertEquals(0, reconcile.code(), reconcile.err() + reconcile.out());
        try (Station s = Station.open(StationConfigLoader.load(cli.config), CliStation.PASS.toCharArray())) {
            assertEquals(1, s.store().outbox().stream(DeferredSettlement.streamOf(ref)).stream()
                    .filter(e -> Transaction.SETTLEMENT.infno().equals(e.infno()) && e.state() == OutboxState.DONE)
                    .count(), "one settlement for the deferred visit");
        }
    }

    private int central(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dir.resolve("central").resolve("central.db"));
             java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void itemsAreRefusedBeforeAnythingOfTheVisitReachesTheCentralService() throws Exception {
        int messages = central("SELECT count(*) FROM message");
        List<String> codes = localCodes(2);
        CliStation.Run unknown = run("visit", "--items", items(codes.get(0) + " 1", "NO-SUCH-ITEM 2", codes.get(1) + " 1")
                .toString(), "--operator", "cashier", "--yes");
        assertEquals(1, unknown.code(), unknown.out());
        assertTrue(unknown.err().contains("line 3 (NO-SUCH-ITEM): not in the station's catalog"), unknown.err());

        String[] many = new String[501];
        java.util.Arrays.fill(many, codes.get(0) + " 1");
        CliStation.Run tooMany = run("sale", "--items", items(many).toString(), "--operator", "pharmacist", "--yes");
        assertEquals(1, tooMany.code(), tooMany.out());
        assertTrue(tooMany.err().contains("501 lines, more than the 500 one settlement can carry"), tooMany.err());

        CliStation.Run zero = run("visit", "--items", "/dev/zero", "--operator", "cashier", "--yes");
        assertEquals(1, zero.code());
        assertTrue(zero.err().contains("larger than 256 KiB"), zero.err());

        String[] bad = new String[10_000];
        java.util.Arrays.fill(bad, "L1 x");
        CliStation.Run badLines = run("visit", "--items", items(bad).toString(), "--operator", "cashier", "--yes");
        assertEquals(1, badLines.code());
        assertTrue(badLines.err().contains("… and 9,980 more problems"), badLines.err());
        assertTrue(badLines.err().length() < 2_000, badLines.err().length() + " characters");

        assertEquals(0, central("SELECT count(*) FROM visit"), "no visit registered (2201)");
        assertEquals(messages, central("SELECT count(*) FROM message"), "no sign-in, 1101 or 2201 either");
        CliStation.Run good = run("visit", "--items", items(codes.get(0) + " 1").toString(), "--operator", "cashier",
                "--yes");
        assertEquals(0, good.code(), good.err());
        assertEquals(1, central("SELECT count(*) FROM visit"), "the check itself lets a good basket through");
    }

    @Test
    void aGbkCatalogExportWithQuotedNamesImportsWithItsChineseNames() throws Exception {
        String national = CatalogGenerator.entries().get(0).code();
        Path gbk = dir.resolve("his-export.csv");
        Files.write(gbk, ("# 本院项目 HIS 导出\nHIS001,\"布洛芬缓释胶囊, 0.3g \"\"芬必得\"\"\",23.40," + national
                + ",6900000000017\nHIS002,自制膏药,5,\n").getBytes(java.nio.charset.Charset.forName("GBK")));
        CliStation.Run imported = run("catalog", "import", gbk.toString(), "--operator", "admin3", "--json");
        assertEquals(0, imported.code(), imported.err());
        assertEquals("GBK", imported.json().get("encoding").asText());
        assertEquals(2, imported.json().get("imported").asInt());
        try (Station s = cli.open()) {
            assertEquals("布洛芬缓释胶囊, 0.3g \"芬必得\"", s.store().catalog().local("HIS001").orElseThrow().name());
            assertEquals(2340, s.store().catalog().local("HIS001").orElseThrow().price().fen());
            assertEquals("HIS001", s.store().catalog().byBarcode("6900000000017").orElseThrow().localCode());
        }

        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "HIS003,\"阿莫西林胶囊, 0.25g,12.50," + national + "\nHIS004,x,1,NOT-NATIONAL\n",
                StandardCharsets.UTF_8);
        CliStation.Run quoting = run("catalog", "import", broken.toString(), "--operator", "admin3");
        assertEquals(1, quoting.code());
        assertTrue(quoting.err().contains("(read as UTF-8), nothing imported: line 1, column name: the quote opened"
                + " here is never closed"), quoting.err());
        assertFalse(quoting.err().contains("price"), quoting.err());

        Files.writeString(broken, "HIS004,x,1,NOT-NATIONAL\n", StandardCharsets.UTF_8);
        CliStation.Run unknown = run("catalog", "import", broken.toString(), "--operator", "admin3");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("line 1, column national_code: NOT-NATIONAL is not in the national catalog"),
                unknown.err());
        try (Station s = cli.open()) {
            assertTrue(s.store().catalog().local("HIS004").isEmpty(), "nothing of a refused file is imported");
        }
    }

    @Test
    void aCounterDayThroughTheCommandLine() throws Exception {
        CliStation.Run read = run("card", "read", "--operator", "cashier", "--json");
        assertEquals(0, read.code(), read.err());
        assertEquals(holder.cardNumber().value(), read.json().get("card_no").asText());
        assertTrue(read.json().get("id_number").asText().contains("*"), read.out());

        List<String> codes = localCodes(3);
        Path visitItems = items(codes.get(0) + " 2", codes.get(1) + ",1", codes.get(2) + "\t3");
        CliStation.Run visit = run("visit", "--items", visitItems.toString(), "--operator", "cashier", "--yes", "--json");
        assertEquals(0, visit.code(), visit.err() + visit.out());
        JsonNode receipt = visit.json().get("receipt");
        assertEquals("SETTLED", visit.json().get("state").asText());
        assertEquals(3, receipt.get("items").size());
        assertTrue(receipt.get("card_updated").asBoolean());
        assertEquals(visit.json().get("preview").get("medfee_sumamt").asText(), receipt.get("medfee_sumamt").asText());
        String setlId = receipt.get("setl_id").asText();

        CliStation.Run text = run("visit", "--items", items(codes.get(0) + " 1").toString(), "--operator", "cashier", "--yes");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("门诊结算单") && text.out().contains("统筹基金 hifp_pay"), text.out());

        CliStation.Run sale = run("sale", "--items", items(localCode("AMXL") + " 2").toString(), "--operator", "pharmacist",
                "--yes", "--json");
        assertEquals(0, sale.code(), sale.err() + sale.out());
        assertEquals("41", sale.json().get("receipt").get("med_type").asText());
        assertEquals("0.00", sale.json().get("receipt").get("hifp_pay").asText());
        CliStation.Run tooMany = run("sale", "--items", items(localCode("AMXL") + " 6", localCode("AMXL") + " 5").toString(),
                "--operator", "pharmacist", "--yes");
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("in all lines together exceeds the limit"), tooMany.err());
        CliStation.Run notAllowed = run("sale", "--items", visitItems.toString(), "--operator", "cashier", "--yes");
        assertEquals(1, notAllowed.code());

        CliStation.Run badItems = run("visit", "--items", items("L1 x", "only-a-code").toString(), "--operator", "cashier");
        assertEquals(1, badItems.code());
        assertTrue(badItems.err().contains("line 2") && badItems.err().contains("line 3"), badItems.err());

        CliStation.Run cancel = run("cancel", "--setl-id", setlId, "--operator", "cashier", "--card", "--json");
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals(setlId, cancel.json().get("orig_setl_id").asText());
        assertTrue(cancel.json().get("medfee_sumamt").asText().startsWith("-"), cancel.out());

        CliStation.Run reconcile = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.err() + reconcile.out());
        assertTrue(reconcile.json().get("balanced").asBoolean());
        assertEquals(0, reconcile.json().get("offline_debits_pending").asLong(), reconcile.out());
        assertEquals(0, reconcile.json().get("offline_debits_refused").asLong(), reconcile.out());
        CliStation.Run reconcileText = run("reconcile", "--date", LocalDate.now().toString(), "--operator", "supervisor");
        assertTrue(reconcileText.out().startsWith("reconciliation " + LocalDate.now() + ": balanced"), reconcileText.out());

        Path csv = dir.resolve("daily.csv");
        CliStation.Run report = run("report", "daily", "--format", "csv", "--out", csv.toString(), "--operator", "supervisor");
        assertEquals(0, report.code(), report.err());
        String daily = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(daily.startsWith("日结算汇总 " + LocalDate.now()), daily);
        assertTrue(daily.contains(setlId));
        assertTrue(daily.contains(",笔数\r\n") && daily.contains("小计,,撤销,"), daily);
        CliStation.Run stats = run("report", "stats", "--month", LocalDate.now().toString().substring(0, 7), "--out",
                dir.resolve("stats.csv").toString(), "--operator", "supervisor", "--json");
        assertEquals(0, stats.code(), stats.err());
        CliStation.Run denied = run("report", "daily", "--out", csv.toString(), "--operator", "cashier");
        assertEquals(1, denied.code());

        CliStation.Run shift = run("shift", "close", "--operator", "cashier", "--json");
        assertEquals(0, shift.code(), shift.err());
        assertEquals(2, shift.json().get("settlements").asLong());
        assertEquals(1, shift.json().get("cancels").asLong());
        assertEquals(0, shift.json().get("deferred_settled").asLong());
        assertEquals(0, shift.json().get("offline_debits").asLong());
        assertEquals(0, shift.json().get("offline_debits_pending").asLong());
        CliStation.Run again = run("shift", "close", "--operator", "cashier", "--json");
        assertEquals(0, again.json().get("settlements").asLong());
    }

    @Test
    void aVisitWhoseSettlementOutcomeIsUnknownIsResumedByANewProcessAndSettledOnce() throws Exception {
        central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        CliStation.Run visit = run("visit", "--items", items(localCodes(2).get(0) + " 2", localCodes(2).get(1) + " 1").toString(),
                "--operator", "cashier", "--yes", "--json");
        assertEquals(CounterCommands.VISIT_OPEN, visit.code(), visit.err() + visit.out());
        assertEquals("OUTCOME_UNKNOWN", visit.json().get("state").asText());
        String mdtrtId = visit.json().get("mdtrt_id").asText();

        CliStation.Run open = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals(0, open.code(), open.err());
        assertEquals(mdtrtId, open.json().get("visits").get(0).get("mdtrt_id").asText());
        assertEquals("OUTCOME_UNKNOWN", open.json().get("visits").get(0).get("status").asText());
        CliStation.Run tooEarly = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes", "--json");
        assertEquals(CounterCommands.VISIT_OPEN, tooEarly.code(), tooEarly.err());
        assertTrue(tooEarly.json().get("message").asText().contains("forward"), tooEarly.out());

        CliStation.Run forward = run("forward", "--operator", "supervisor", "--json");
        assertEquals(0, forward.code(), forward.err() + forward.out());
        assertEquals(1, forward.json().get("resolved").asInt(), forward.out());
        CliStation.Run reversed = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals("REVERSED", reversed.json().get("visits").get(0).get("status").asText(), reversed.out());
        CliStation.Run balancedAtZero = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, balancedAtZero.code(), balancedAtZero.out());

        CliStation.Run resume = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes", "--json");
        assertEquals(0, resume.code(), resume.err() + resume.out());
        assertEquals("SETTLED", resume.json().get("state").asText());
        assertEquals(2, resume.json().get("receipt").get("items").size());
        assertTrue(resume.json().get("receipt").get("card_updated").asBoolean());

        List<OutboxEntry> sent = settlements(mdtrtId);
        assertEquals(2, sent.size());
        assertEquals(OutboxState.RESOLVED, sent.get(0).state());
        assertEquals(OutboxState.DONE, sent.get(1).state());
        CliStation.Run none = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals(0, none.json().get("visits").size(), none.out());
        CliStation.Run resumeSettled = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes");
        assertEquals(1, resumeSettled.code());
        assertTrue(resumeSettled.err().contains("nothing to resume"), resumeSettled.err());

        CliStation.Run reconcile = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.out());
        long settledCount = 0;
        for (JsonNode t : reconcile.json().get("types")) {
            settledCount += t.get("count").asLong();
        }
        assertEquals(1, settledCount);
        assertFalse(reconcile.json().get("differences").size() > 0);
    }

    @Test
    void aSettlementOnADiskThatFillsUpIsNeverRepeatedAndTheNextCommandCatchesUp() throws Exception {
        Path storeFile = dir.resolve("station.db");
        // the 2204's outcome is the first recorded, the 2207's the second: the disk fills up as the 2207 is answered
        FullDisk.at(storeFile, what -> what.startsWith("record the outcome of message"), 2);
        try {
            CliStation.Run visit = run("visit", "--items", items(localCodes(1).get(0) + " 1").toString(), "--operator",
                    "cashier", "--yes", "--json");
            assertEquals(CounterCommands.RECORDS_BEHIND, visit.code(), visit.err() + visit.out());
            JsonNode out = visit.json();
            assertEquals("SETTLED", out.get("state").asText());
            assertEquals("SETTLED", out.get("known").asText());
            assertEquals("IN_RESERVE", out.get("records").asText());
            String setlId = out.get("receipt").get("setl_id").asText();
            String message = out.get("message").asText();
            assertTrue(message.contains("is settled (setl_id " + setlId + ")"), message);
            assertTrue(message.contains("Do not settle this visit again"), message);
            assertFalse((visit.out() + visit.err()).contains("repeat"), visit.out() + visit.err());
            String mdtrtId = out.get("mdtrt_id").asText();

            CliStation.Run stillFull = run("visit", "list", "--open", "--operator", "cashier");
            assertEquals(1, stillFull.code());
            assertTrue(stillFull.err().contains("recovery reserve"), stillFull.err());
            assertTrue(stillFull.err().contains("Do not repeat any settlement"), stillFull.err());

            FullDisk.spaceFreed(storeFile);
            CliStation.Run open = run("visit", "list", "--open", "--operator", "cashier", "--json");
            assertEquals(0, open.code(), open.err());
            assertEquals(0, open.json().get("visits").size(), open.out());
            List<OutboxEntry> sent = settlements(mdtrtId);
            assertEquals(1, sent.size());
            assertEquals(OutboxState.DONE, sent.get(0).state());
            CliStation.Run reconcile = run("reconcile", "--operator", "supervisor", "--json");
            assertEquals(0, reconcile.code(), reconcile.out());
            long settled = 0;
            for (JsonNode t : reconcile.json().get("types")) {
                settled += t.get("count").asLong();
            }
            assertEquals(1, settled, "one settlement at the central service and in the station's records");
        } finally {
            FullDisk.spaceFreed(storeFile);
        }
    }

    @Test
    void aCardClerkSuspendsAndResumesACardThroughTheCommandLine() throws Exception {
        try (Station s = Station.open(StationConfigLoader.load(cli.config), CliStation.PASS.toCharArray())) {
            s.store().operators().create("admin1", "clerk", "李卡务", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
            s.store().operators().changePassword("clerk", "Temp-Pass-9".toCharArray(), CliStation.OWN.toCharArray());
        }
        String cardNo = holder.cardNumber().value();
        cli.env.put(OfficeCommands.CERTNO, holder.holder().certificateNumber());
        CliStation.Run noReason = run("card", "suspend", "--card-no", cardNo, "--operator", "clerk");
        assertEquals(1, noReason.code());
        assertTrue(noReason.err().contains("needs --reason"), noReason.err());

        CliStation.Run suspend = run("card", "suspend", "--card-no", cardNo, "--reason", "持卡人出国", "--operator", "clerk", "--json");
        assertEquals(0, suspend.code(), suspend.err());
        assertEquals("SUSPENDED", suspend.json().get("card_state").asText(), suspend.out());
        CliStation.Run refused = run("card", "read", "--operator", "cashier");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("suspended"), refused.err());
        CliStation.Run again = run("card", "suspend", "--card-no", cardNo, "--reason", "again", "--operator", "clerk");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("in state SUSPENDED"), again.err());

        CliStation.Run resume = run("card", "resume", "--card-no", cardNo, "--operator", "clerk", "--json");
        assertEquals(0, resume.code(), resume.err());
        assertEquals("ACTIVE", resume.json().get("card_state").asText(), resume.out());
        assertEquals(0, run("card", "read", "--operator", "cashier").code());
    }
}
