package org.sscard.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.smartcardio.CardTerminals;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.store.Operators;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.link.Enrolment;

/**
 * A station set up for the command line in a folder (configuration file, key store with the national test keys,
 * store with operators, enrolled under dual control) against an in-process central-sim over HTTPS that knows
 * {@code cards}; the readers are jCardSim's in-process terminals. The operators' passwords are hashed with the test
 * parameters, which are stored with each hash, so every command's log-in verifies fast. {@link #run} runs one command in process, as a
 * separate process would (new objects over the same files).
 */
final class CliStation implements AutoCloseable {
    static final String PASS = "Station-Keys-1";
    static final String OWN = "Own-Pass-77";

    final Path dir;
    final CentralSim.Running central;
    final Path config;
    final Map<String, String> env = new HashMap<>();
    final CardTerminals terminals;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    /** {@code operators}: {id, name, role} each, all with the password {@link #OWN}. */
    CliStation(Path dir, DemoCardSet cards, String[][] operators, String... readers) throws Exception {
        this.dir = dir;
        this.terminals = CardTerminalSimulator.terminals(readers);
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
        try (StationStore store = StationStore.create(Station.storeConfig(StationConfigLoader.load(config)), keys,
                PasswordHasher.FAST_FOR_TESTS)) {
            Operators ops = store.operators();
            ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
            ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
            for (String[] op : operators) {
                ops.create("admin1", op[0], op[1], Role.valueOf(op[2]), "Temp-Pass-9".toCharArray());
                ops.changePassword(op[0], "Temp-Pass-9".toCharArray(), OWN.toCharArray());
            }
        }
        try (Station s = open()) {
            Operators ops = s.store().operators();
            long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(s.config()));
            ops.decide("admin2", approval, true);
            s.enrolment().enrol("admin1", approval, central.issueEnrolCode("DEV-0001", "H44010600001", 2).toCharArray());
        }
    }

    /** The station's objects over its files (close them). */
    Station open() {
        return Station.open(StationConfigLoader.load(config), PASS.toCharArray());
    }

    Run run(String... args) {
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

    @Override
    public void close() {
        central.stop();
    }
}
