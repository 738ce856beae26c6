package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.centralsim.CatalogGenerator;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.centralsim.Fault;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.Transaction;
import org.sscard.store.Operators;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.link.Enrolment;

/**
 * The counter through the command line, each command a fresh set of objects over the same station store (as
 * separate processes would be), against an in-process central-sim over HTTPS and a simulated card in jCardSim's
 * in-process reader.
 */
class CounterCliTest {
    private static final String PASS = "Station-Keys-1";
    private static final String OWN = "Own-Pass-77";

    @TempDir
    Path dir;
    CentralSim.Running central;
    Path config;
    final Map<String, String> env = new HashMap<>();
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 4);
    final CardTerminals terminals = CardTerminalSimulator.terminals("jCardSim reader");
    DemoCard holder;

    @BeforeEach
    void setUp() throws Exception {
        Path manifest = Manifest.write(cards, Files.createDirectories(dir.resolve("cards")));
        central = CentralSim.start(CentralConfig.of(dir.resolve("central")).withDemoManifest(manifest));
        Files.writeString(dir.resolve("ca.pem"), central.caCertPem(), StandardCharsets.US_ASCII);
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASS.toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        TestKeys.loadInto(keys);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H44010600001", "institution.name=广州市第一人民医院",
                "institution.level=2", "region.mdtrtarea_admvs=440106", "region.insuplc_admdvs=440100",
                "device.number=DEV-0001", "central.url=https://localhost:" + central.port(), "central.ca-file=ca.pem",
                "central.recer-sys-code=GDYB", "keystore.path=station.keys", "store.path=station.db", ""),
                StandardCharsets.UTF_8);
        env.put(Secrets.KEYSTORE_PASSPHRASE, PASS);
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            Operators ops = s.store().operators();
            ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
            ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
            for (String[] op : new String[][] {{"cashier", "王收费", "CASHIER"}, {"pharmacist", "赵药师", "PHARMACIST"},
                    {"supervisor", "钱主管", "SUPERVISOR"}}) {
                ops.create("admin1", op[0], op[1], Role.valueOf(op[2]), "Temp-Pass-9".toCharArray());
                ops.changePassword(op[0], "Temp-Pass-9".toCharArray(), OWN.toCharArray());
            }
            long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(s.config()));
            ops.decide("admin2", approval, true);
            s.enrolment().enrol("admin1", approval, central.issueEnrolCode("DEV-0001", "H44010600001", 2).toCharArray());
            CounterFixture.loadCatalog(s.store().catalog());
        }
        holder = cards.card(1);
        SimulatedCard card = new CardFactory().issue(holder);
        card.simulator().assignToTerminal(terminals.getTerminal("jCardSim reader"));
        env.put(Secrets.CARD_PIN, holder.pin());
    }

    @AfterEach
    void tearDown() {
        central.stop();
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run run(String... args) {
        env.put(Secrets.OPERATOR_PASSWORD, OWN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int code = TerminalCli.run(all, new Secrets(env, null), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> new ReaderManager(() -> terminals));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path items(String... lines) throws Exception {
        Path file = Files.createTempFile(dir, "items", ".txt");
        Files.writeString(file, "# code count\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private String localCode(String query) {
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            return s.store().catalog().searchLocal(query, 1).get(0).localCode();
        }
    }

    /** Local codes of service items (not drugs, which have a quantity limit), as CounterFixture maps them. */
    private static List<String> localCodes(int n) {
        return CatalogGenerator.entries().stream().map(e -> "L" + e.code()).filter(c -> !c.startsWith("LX")).limit(n)
                .toList();
    }

    private List<OutboxEntry> settlements(String mdtrtId) {
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            return s.store().outbox().stream(Visit.streamOf(mdtrtId)).stream()
                    .filter(e -> Transaction.SETTLEMENT.infno().equals(e.infno())).toList();
        }
    }

    @Test
    void aCounterDayThroughTheCommandLine() throws Exception {
        Run read = run("card", "read", "--operator", "cashier", "--json");
        assertEquals(0, read.code(), read.err());
        assertEquals(holder.cardNumber().value(), read.json().get("card_no").asText());
        assertTrue(read.json().get("id_number").asText().contains("*"), read.out());

        List<String> codes = localCodes(3);
        Path visitItems = items(codes.get(0) + " 2", codes.get(1) + ",1", codes.get(2) + "\t3");
        Run visit = run("visit", "--items", visitItems.toString(), "--operator", "cashier", "--yes", "--json");
        assertEquals(0, visit.code(), visit.err() + visit.out());
        JsonNode receipt = visit.json().get("receipt");
        assertEquals("SETTLED", visit.json().get("state").asText());
        assertEquals(3, receipt.get("items").size());
        assertTrue(receipt.get("card_updated").asBoolean());
        assertEquals(visit.json().get("preview").get("medfee_sumamt").asText(), receipt.get("medfee_sumamt").asText());
        String setlId = receipt.get("setl_id").asText();

        Run text = run("visit", "--items", items(codes.get(0) + " 1").toString(), "--operator", "cashier", "--yes");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("门诊结算单") && text.out().contains("统筹基金 hifp_pay"), text.out());

        Run sale = run("sale", "--items", items(localCode("AMXL") + " 2").toString(), "--operator", "pharmacist",
                "--yes", "--json");
        assertEquals(0, sale.code(), sale.err() + sale.out());
        assertEquals("41", sale.json().get("receipt").get("med_type").asText());
        assertEquals("0.00", sale.json().get("receipt").get("hifp_pay").asText());
        Run tooMany = run("sale", "--items", items(localCode("AMXL") + " 6", localCode("AMXL") + " 5").toString(),
                "--operator", "pharmacist", "--yes");
        assertEquals(1, tooMany.code());
        assertTrue(tooMany.err().contains("in all lines together exceeds the limit"), tooMany.err());
        Run notAllowed = run("sale", "--items", visitItems.toString(), "--operator", "cashier", "--yes");
        assertEquals(1, notAllowed.code());

        Run badItems = run("visit", "--items", items("L1 x", "only-a-code").toString(), "--operator", "cashier");
        assertEquals(1, badItems.code());
        assertTrue(badItems.err().contains("line 2") && badItems.err().contains("line 3"), badItems.err());

        Run cancel = run("cancel", "--setl-id", setlId, "--operator", "cashier", "--card", "--json");
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals(setlId, cancel.json().get("orig_setl_id").asText());
        assertTrue(cancel.json().get("medfee_sumamt").asText().startsWith("-"), cancel.out());

        Run reconcile = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.err() + reconcile.out());
        assertTrue(reconcile.json().get("balanced").asBoolean());
        Run reconcileText = run("reconcile", "--date", LocalDate.now().toString(), "--operator", "supervisor");
        assertTrue(reconcileText.out().startsWith("reconciliation " + LocalDate.now() + ": balanced"), reconcileText.out());

        Path csv = dir.resolve("daily.csv");
        Run report = run("report", "daily", "--format", "csv", "--out", csv.toString(), "--operator", "supervisor");
        assertEquals(0, report.code(), report.err());
        String daily = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(daily.startsWith("日结算汇总 " + LocalDate.now()), daily);
        assertTrue(daily.contains(setlId));
        Run stats = run("report", "stats", "--month", LocalDate.now().toString().substring(0, 7), "--out",
                dir.resolve("stats.csv").toString(), "--operator", "supervisor", "--json");
        assertEquals(0, stats.code(), stats.err());
        Run denied = run("report", "daily", "--out", csv.toString(), "--operator", "cashier");
        assertEquals(1, denied.code());

        Run shift = run("shift", "close", "--operator", "cashier", "--json");
        assertEquals(0, shift.code(), shift.err());
        assertEquals(2, shift.json().get("settlements").asLong());
        assertEquals(1, shift.json().get("cancels").asLong());
        Run again = run("shift", "close", "--operator", "cashier", "--json");
        assertEquals(0, again.json().get("settlements").asLong());
    }

    @Test
    void aVisitWhoseSettlementOutcomeIsUnknownIsResumedByANewProcessAndSettledOnce() throws Exception {
        central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        Run visit = run("visit", "--items", items(localCodes(2).get(0) + " 2", localCodes(2).get(1) + " 1").toString(),
                "--operator", "cashier", "--yes", "--json");
        assertEquals(CounterCommands.VISIT_OPEN, visit.code(), visit.err() + visit.out());
        assertEquals("OUTCOME_UNKNOWN", visit.json().get("state").asText());
        String mdtrtId = visit.json().get("mdtrt_id").asText();

        Run open = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals(0, open.code(), open.err());
        assertEquals(mdtrtId, open.json().get("visits").get(0).get("mdtrt_id").asText());
        assertEquals("OUTCOME_UNKNOWN", open.json().get("visits").get(0).get("status").asText());
        Run tooEarly = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes", "--json");
        assertEquals(CounterCommands.VISIT_OPEN, tooEarly.code(), tooEarly.err());
        assertTrue(tooEarly.json().get("message").asText().contains("forward"), tooEarly.out());

        Run forward = run("forward", "--operator", "supervisor", "--json");
        assertEquals(0, forward.code(), forward.err() + forward.out());
        assertEquals(1, forward.json().get("resolved").asInt(), forward.out());
        Run reversed = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals("REVERSED", reversed.json().get("visits").get(0).get("status").asText(), reversed.out());
        Run balancedAtZero = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, balancedAtZero.code(), balancedAtZero.out());

        Run resume = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes", "--json");
        assertEquals(0, resume.code(), resume.err() + resume.out());
        assertEquals("SETTLED", resume.json().get("state").asText());
        assertEquals(2, resume.json().get("receipt").get("items").size());
        assertTrue(resume.json().get("receipt").get("card_updated").asBoolean());

        List<OutboxEntry> sent = settlements(mdtrtId);
        assertEquals(2, sent.size());
        assertEquals(OutboxState.RESOLVED, sent.get(0).state());
        assertEquals(OutboxState.DONE, sent.get(1).state());
        Run none = run("visit", "list", "--open", "--operator", "cashier", "--json");
        assertEquals(0, none.json().get("visits").size(), none.out());
        Run resumeSettled = run("visit", "resume", mdtrtId, "--operator", "cashier", "--yes");
        assertEquals(1, resumeSettled.code());
        assertTrue(resumeSettled.err().contains("nothing to resume"), resumeSettled.err());

        Run reconcile = run("reconcile", "--operator", "supervisor", "--json");
        assertEquals(0, reconcile.code(), reconcile.out());
        long settledCount = 0;
        for (JsonNode t : reconcile.json().get("types")) {
            settledCount += t.get("count").asLong();
        }
        assertEquals(1, settledCount);
        assertFalse(reconcile.json().get("differences").size() > 0);
    }

    @Test
    void aCardClerkSuspendsAndResumesACardThroughTheCommandLine() throws Exception {
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            s.store().operators().create("admin1", "clerk", "李卡务", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
            s.store().operators().changePassword("clerk", "Temp-Pass-9".toCharArray(), OWN.toCharArray());
        }
        String cardNo = holder.cardNumber().value();
        env.put(OfficeCommands.CERTNO, holder.holder().certificateNumber());
        Run noReason = run("card", "suspend", "--card-no", cardNo, "--operator", "clerk");
        assertEquals(1, noReason.code());
        assertTrue(noReason.err().contains("needs --reason"), noReason.err());

        Run suspend = run("card", "suspend", "--card-no", cardNo, "--reason", "持卡人出国", "--operator", "clerk", "--json");
        assertEquals(0, suspend.code(), suspend.err());
        assertEquals("SUSPENDED", suspend.json().get("card_state").asText(), suspend.out());
        Run refused = run("card", "read", "--operator", "cashier");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("suspended"), refused.err());
        Run again = run("card", "suspend", "--card-no", cardNo, "--reason", "again", "--operator", "clerk");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("in state SUSPENDED"), again.err());

        Run resume = run("card", "resume", "--card-no", cardNo, "--operator", "clerk", "--json");
        assertEquals(0, resume.code(), resume.err());
        assertEquals("ACTIVE", resume.json().get("card_state").asText(), resume.out());
        assertEquals(0, run("card", "read", "--operator", "cashier").code());
    }
}
