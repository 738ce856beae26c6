package org.sscard.terminal.cli;

import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.AuditVerification;
import org.sscard.store.Backups;
import org.sscard.store.Blacklist;
import org.sscard.store.OfflineTotals;
import org.sscard.store.Operators;
import org.sscard.store.RestoreReport;
import org.sscard.store.StoreRefusedException;
import org.sscard.terminal.Station;
import org.sscard.terminal.StationInstance;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.link.ClockCheck;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.terminal.session.SessionManager;
import org.sscard.values.MoneyFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The station's command line: {@code terminal <command> [--json]}. See docs/terminal.md. */
@Command(name = "terminal", mixinStandardHelpOptions = true,
        version = "sscard terminal ${sys:sscard.version:-(development build)}",
        description = "The medical insurance station: enrolment, log-in check, offline queue, forwarding, audit, backup.")
public final class TerminalCli implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final Secrets secrets;
    final PrintStream out;
    /** Warnings for the operator (standard output stays the result, parseable with --json). */
    final PrintStream err;
    final Supplier<ReaderManager> readers;

    TerminalCli(Secrets secrets, PrintStream out, PrintStream err, Supplier<ReaderManager> readers) {
        this.secrets = secrets;
        this.out = out;
        this.err = err;
        this.readers = readers;
    }

    /** Warnings to standard error. */
    TerminalCli(Secrets secrets, PrintStream out, Supplier<ReaderManager> readers) {
        this(secrets, out, System.err, readers);
    }

    public static void main(String[] args) {
        System.exit(run(args, Secrets.system(), System.out, System.err));
    }

    static int run(String[] args, Secrets secrets, PrintStream out, PrintStream err) {
        return run(args, secrets, out, err, ReaderManager::new);
    }

    /** {@code readers}: where the card readers come from (PC/SC; tests pass jCardSim's terminals). */
    static int run(String[] args, Secrets secrets, PrintStream out, PrintStream err, Supplier<ReaderManager> readers) {
        TerminalCli root = new TerminalCli(secrets, out, err, readers);
        CommandLine cmd = new CommandLine(root);
        cmd.addSubcommand("enrol", new Enrol(root));
        cmd.addSubcommand("login", new Login(root));
        cmd.addSubcommand("offline", new CommandLine(new Group("offline")).addSubcommand("status", new OfflineStatus(root)));
        cmd.addSubcommand("forward", new Forward(root));
        cmd.addSubcommand("ledger", new CommandLine(new Group("ledger")).addSubcommand("sync", new LedgerSync(root))
                .addSubcommand("catalog", new CommandLine(new Group("catalog"))
                        .addSubcommand("list", new LedgerCommands.ListItems(root))
                        .addSubcommand("publish", new LedgerCommands.Publish(root))
                        .addSubcommand("withdraw", new LedgerCommands.Withdraw(root))
                        .addSubcommand("pull", new LedgerCommands.Pull(root))));
        cmd.addSubcommand("audit", new CommandLine(new Group("audit")).addSubcommand("verify", new AuditVerify(root)));
        cmd.addSubcommand("backup", new Backup(root));
        cmd.addSubcommand("restore", new Restore(root));
        cmd.addSubcommand("support-bundle", new SupportCommand(root));
        OfficeCommands.register(cmd, root);
        CounterCommands.register(cmd, root);
        DeferredCommands.register(cmd, root);
        SetupCommands.register(cmd, root);
        ProtocolCommands.register(cmd, root);
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("error: " + ex.getMessage());
            return 1;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        out.println("choose a command (--help lists them)");
        return 2;
    }

    @Command(description = "a group of commands")
    static final class Group implements Callable<Integer> {
        private final String name;

        Group(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            throw new CliException("'" + name + "' needs a sub-command (--help lists them)");
        }
    }

    /** Options every station command has. */
    abstract static class StationCommand implements Callable<Integer> {
        final TerminalCli root;

        /** The package's launchers set sscard.config to the file in /etc (docs/install.md). */
        @Option(names = "--config", defaultValue = "${sys:sscard.config:-station.properties}",
                description = "station configuration file (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        StationCommand(TerminalCli root) {
            this.root = root;
        }

        StationConfig loadConfig() {
            return StationConfigLoader.load(config);
        }

        Station open() {
            return open(false);
        }

        /** Makes the station's store (setup only). */
        Station create() {
            return open(true);
        }

        private Station open(boolean create) {
            StationConfig c = loadConfig();
            char[] passphrase = root.secrets.get(Secrets.KEYSTORE_PASSPHRASE, "Key store passphrase");
            try {
                Station s = create ? Station.create(c, passphrase, root.readers) : Station.open(c, passphrase, root.readers);
                s.link().addWarningListener(w -> root.err.println("warning: " + w));
                return s;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }

        /**
         * The hospital ledger named by hospital.ledger-url, its schema brought up to date; the user and password from
         * SSCARD_LEDGER_USER and SSCARD_LEDGER_PASSWORD or the console. Empty when the station has no ledger.
         */
        java.util.Optional<Ledger> ledger(Station s) {
            java.util.Optional<Ledger> ledger = connectLedger(s);
            ledger.ifPresent(Ledger::migrate);
            return ledger;
        }

        /** As {@link #ledger}, without touching the database yet. */
        java.util.Optional<Ledger> connectLedger(Station s) {
            if (s.config().ledger().isEmpty()) {
                return java.util.Optional.empty();
            }
            char[] user = root.secrets.get(Secrets.LEDGER_USER, "Hospital ledger user");
            char[] password = root.secrets.get(Secrets.LEDGER_PASSWORD, "Hospital ledger password");
            try {
                return java.util.Optional.of(new Ledger(s.config().ledger().get(), new String(user), password));
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        Ledger requireLedger(Station s) {
            return ledger(s).orElseThrow(this::noLedger);
        }

        CliException noLedger() {
            return new CliException("this station has no hospital ledger: set hospital.ledger-url in "
                    + config.getFileName() + " (docs/operations.md, the hospital ledger)");
        }

        /** The institution's books through the hospital ledger (refused when the station has none). */
        org.sscard.terminal.ledger.InstitutionBooks institutionBooks(Station s,
                org.sscard.terminal.counter.Reconciliation reconciliation, org.sscard.terminal.counter.Reports reports) {
            Ledger ledger = requireLedger(s);
            return new org.sscard.terminal.ledger.InstitutionBooks(ledger, replicator(s, ledger),
                    s.config().institutionCode(), reconciliation, reports);
        }

        static LedgerReplicator replicator(Station s, Ledger ledger) {
            return new LedgerReplicator(s.store(), ledger, s.config().institutionCode(), s.config().deviceNumber());
        }

        /**
         * 9001 for the logged-in operator: every command that talks to the central service signs in afresh (the central
         * sign_no expires); a station clock more than a minute off the central service's is warned about.
         */
        void signIn(Station s) {
            Session session = s.authorizer().require(Permission.CENTRAL_SIGN_IN, "9001");
            String[] address = localAddress();
            LinkOutcome<?> o = s.link().signIn(session.opter(), address[0], address[1]);
            if (!(o instanceof LinkOutcome.Answered<?>)) {
                throw new CliException("sign-in (9001) failed: " + (o instanceof LinkOutcome.Refused<?> r
                        ? r.operatorMessage() : o.message() + "; check the link with 'terminal offline status'"));
            }
            s.link().clockCheck().filter(ClockCheck::off).ifPresent(c -> root.err.println("warning: " + c.warning()));
        }

        /** {@link #login} and then {@link #signIn}: for commands that talk to the central service. */
        void loginOnline(Station station, String operator, Permission permission, String subject) {
            login(station, operator, permission, subject);
            signIn(station);
        }

        /**
         * Logs {@code operator} in with the password from the environment or the console (and the second factor's code,
         * where the operator gives one, from SSCARD_TOTP_CODE or the console), and checks the permission.
         */
        void login(Station station, String operator, Permission permission, String subject) {
            char[] password = root.secrets.get(Secrets.OPERATOR_PASSWORD, "Password of " + operator);
            try {
                SessionManager.LoginResult r = logIn(station, operator, password);
                if (!r.loggedIn()) {
                    throw new CliException(mustChange(r.status()) ? r.message() + changeHint(operator)
                            : r.status() == Operators.AuthStatus.SECOND_FACTOR_ENROLMENT ? r.message() + enrolHint(operator)
                            : r.message());
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            station.authorizer().require(permission, subject);
        }

        /** The password, then the code when the store asks for one. */
        SessionManager.LoginResult logIn(Station station, String operator, char[] password) {
            SessionManager.LoginResult r = station.sessions().login(operator, password);
            if (r.status() != Operators.AuthStatus.SECOND_FACTOR_REQUIRED) {
                return r;
            }
            char[] code = root.secrets.get(Secrets.TOTP_CODE, "Code from the authenticator app of " + operator
                    + " (or a recovery code)");
            try {
                return station.sessions().secondFactor(code);
            } finally {
                Arrays.fill(code, '\0');
            }
        }

        static String enrolHint(String operator) {
            return "; run 'terminal operator enrol-totp " + operator + "' at a console (docs/terminal.md)";
        }

        static boolean mustChange(Operators.AuthStatus status) {
            return status == Operators.AuthStatus.MUST_CHANGE_PASSWORD || status == Operators.AuthStatus.PASSWORD_EXPIRED;
        }

        static String changeHint(String operator) {
            return "; run 'terminal login " + operator + " --new-password' (current password from "
                    + Secrets.OPERATOR_PASSWORD + ", the new one from SSCARD_NEW_OPERATOR_PASSWORD or the console)";
        }

        void print(Map<String, ?> fields) {
            if (json) {
                try {
                    root.out.println(JSON.writeValueAsString(fields));
                } catch (JsonProcessingException e) {
                    throw new CliException("cannot write JSON: " + e.getMessage());
                }
            } else {
                fields.forEach((k, v) -> root.out.println(k + ": " + v));
            }
        }
    }

    @Command(name = "enrol", description = "Enrol the station with the central service (administrator; needs an approval"
            + " of link.enrol by a second administrator). The one-time code is read from SSCARD_ENROL_CODE or the console.")
    static final class Enrol extends StationCommand {
        @Option(names = "--operator", required = true, description = "the administrator")
        String operator;

        @Option(names = "--approval", required = true, description = "approval id granted by a second administrator")
        long approval;

        Enrol(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.KEYS, Enrolment.approvalSubject(s.config()));
                char[] code = root.secrets.get(Secrets.ONE_TIME_CODE, "One-time enrolment code");
                var key = s.enrolment().enrol(operator, approval, code);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("enrolled", true);
                r.put("dev_no", s.config().deviceNumber());
                r.put("station_no", s.link().msgIds().stationNumber().orElseThrow());
                r.put("device_key", s.link().deviceKey().toString());
                r.put("central_key_sm3", java.util.HexFormat.of().formatHex(org.sscard.crypto.Sm3.hash(key.der())));
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "login", description = "Check an operator's log-in (password from SSCARD_OPERATOR_PASSWORD or the"
            + " console, the second factor's code from SSCARD_TOTP_CODE or the console where the operator gives one); a"
            + " password set by an administrator or expired must be changed with --new-password.")
    static final class Login extends StationCommand {
        @Parameters(index = "0", description = "operator id")
        String operator;

        @Option(names = "--new-password", description = "change the password (the new one is asked on the console)")
        boolean change;

        Login(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                char[] password = root.secrets.get(Secrets.OPERATOR_PASSWORD, "Password of " + operator);
                try {
                    if (change) {
                        char[] fresh = root.secrets.get("SSCARD_NEW_OPERATOR_PASSWORD", "New password of " + operator);
                        try {
                            s.sessions().changePassword(operator, password, fresh);
                        } finally {
                            Arrays.fill(fresh, '\0');
                        }
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("operator", operator);
                        r.put("password_changed", true);
                        print(r);
                        return 0;
                    }
                    SessionManager.LoginResult result = logIn(s, operator, password);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("operator", operator);
                    r.put("status", result.status() == null ? "REFUSED" : result.status().name());
                    r.put("message", mustChange(result.status()) ? result.message() + changeHint(operator)
                            : result.status() == Operators.AuthStatus.SECOND_FACTOR_ENROLMENT
                            ? result.message() + enrolHint(operator) : result.message());
                    if (result.loggedIn()) {
                        r.put("role", result.session().role().name());
                        s.sessions().logout();
                    }
                    print(r);
                    return result.loggedIn() ? 0 : 1;
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    @Command(name = "status", description = "Link, queue, offline limits and blacklist freshness (any operator).")
    static final class OfflineStatus extends StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        OfflineStatus(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.LINK_STATUS, "");
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("central_url", s.config().centralUrl().toString());
                r.put("enrolled", s.link().centralKey().isPresent());
                var stationNo = s.link().msgIds().stationNumber();
                r.put("station_no", stationNo.isPresent() ? String.valueOf(stationNo.getAsInt())
                        : "none: new messages are refused until an administrator enrols the station again");
                r.put("signed_in", s.link().signNo().isPresent());
                r.put("link", LinkMonitor.of(s.link()).probeNow().name());
                Map<String, Long> counts = new LinkedHashMap<>();
                s.store().outbox().countsByState().forEach((k, v) -> counts.put(k.name(), v));
                r.put("outbox", counts);
                OfflineTotals t = s.store().outbox().offlineTotals();
                r.put("offline_queued_records", t.count() + " of " + s.config().offline().queuedRecords());
                r.put("offline_queued_amount", MoneyFormat.decimal(t.amount().fen()) + " of "
                        + s.config().offline().queuedAmount() + " yuan");
                r.put("offline_oldest", t.oldestCreatedAt() == null ? "-" : t.oldestCreatedAt().toString());
                OfflineTotals deferred = org.sscard.terminal.offline.DeferredVisits.queuedTotals(s.store());
                r.put("deferred_queued", deferred.count() + " visits, "
                        + MoneyFormat.decimal(deferred.amount().fen()) + " yuan");
                Blacklist.Status b = s.store().blacklist().status();
                r.put("blacklist_version", b.version());
                r.put("blacklist_fresh", b.freshAt(Instant.now(), s.config().offline().blacklistMaxAge()));
                Forwarder f = new Forwarder(s.link(), s.store());
                r.put("unknown_outcome", f.unknownMessages().size());
                r.put("dead", f.deadMessages().size());
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "forward", description = "Send the queued messages now (supervisor).")
    static final class Forward extends StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        Forward(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.FORWARD, "");
                Forwarder forwarder = new Forwarder(s.link(), s.store());
                ForwardReport rep = forwarder.runOnce();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("sent", rep.sent());
                r.put("delivered", rep.delivered());
                r.put("retried", rep.retried());
                r.put("unknown", rep.unknown());
                r.put("dead", rep.dead());
                r.put("reversals_queued", rep.reversalsQueued());
                r.put("resolved", rep.resolved());
                r.put("resubmitted", rep.resubmitted());
                r.put("stopped", rep.stoppedReason() == null ? "-" : rep.stoppedReason());
                List<Map<String, Object>> dead = new ArrayList<>();
                for (Forwarder.Attention a : forwarder.deadMessages()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("msgid", a.msgid());
                    row.put("infno", a.infno());
                    row.put("reason", a.reason());
                    dead.add(row);
                }
                r.put("dead_messages", dead);
                connectLedger(s).ifPresent(ledger -> r.put("ledger", LedgerSync.pass(s, ledger)));
                print(r);
                return rep.stoppedReason() == null ? 0 : s.store().recovery().behind() ? CounterCommands.RECORDS_BEHIND : 3;
            }
        }
    }

    @Command(name = "sync", description = "Copy the station's settlements, cancels and accepted offline debits to the"
            + " hospital ledger now (supervisor) and take the hospital catalogue's changes; exit 3 when the ledger cannot"
            + " be reached (nothing is lost: the next sync or forward catches up).")
    static final class LedgerSync extends StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Option(names = "--from-start", description = "offer everything the station still holds again and take the"
                + " hospital catalogue whole; what the ledger has is skipped (a pass finds a ledger restored from a"
                + " backup by itself, books and catalogue: this is for rows lost otherwise)")
        boolean fromStart;

        LedgerSync(TerminalCli root) {
            super(root);
        }

        /**
         * One replication pass to {@code ledger} (migrated first) as a report; a ledger that cannot be reached is
         * reported, not thrown.
         */
        static Map<String, Object> pass(Station s, Ledger ledger) {
            Map<String, Object> r = new LinkedHashMap<>();
            LedgerReplicator replicator = replicator(s, ledger);
            try {
                ledger.migrate();
                LedgerReplicator.Pass p = replicator.runOnce();
                r.put("added", p.added());
                r.put("messages", p.messages());
                r.put("cursor", p.cursor());
                r.put("shift_closes", p.shiftCloses());
                r.put("ledger_was_behind", p.ledgerWasBehind());
            } catch (LedgerException e) {
                r.put("error", e.getMessage() + "; nothing is lost: the next sync catches up");
                r.put("cursor", replicator.cursor());
            }
            r.put("catalog", LedgerCommands.pull(s, ledger));
            return r;
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.FORWARD, "ledger");
                Ledger ledger = connectLedger(s).orElseThrow(this::noLedger);
                if (fromStart) {
                    replicator(s, ledger).rewind(operator);
                    LedgerCommands.catalog(s, ledger).rewind(operator);
                }
                Map<String, Object> r = pass(s, ledger);
                print(r);
                return r.containsKey("error") || ((Map<?, ?>) r.get("catalog")).containsKey("error") ? 3 : 0;
            }
        }
    }

    @Command(name = "verify", description = "Verify the audit log's hash chain and head MAC, and run SQLite's full"
            + " integrity check of the station database (auditor, administrator). Exit code 4 when either fails.")
    static final class AuditVerify extends StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        AuditVerify(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.AUDIT_VERIFY, "");
                AuditVerification v = s.store().audit().verify();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("intact", v.intact());
                r.put("checked", v.checked());
                r.put("head_seq", v.headSeq());
                r.put("anchor_seq", v.anchorSeq());
                r.put("problem", v.problem() == null ? "-" : v.problem());
                String database = "ok";
                try {
                    s.store().requireIntegrity();
                } catch (StoreRefusedException e) {
                    database = e.getMessage();
                }
                r.put("database_integrity", database);
                print(r);
                return v.intact() && "ok".equals(database) ? 0 : 4;
            }
        }
    }

    @Command(name = "backup", description = "Write a sealed backup of the station store (administrator).")
    static final class Backup extends StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Parameters(index = "0", description = "the backup file to write")
        Path target;

        Backup(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.BACKUP, target.getFileName().toString());
                Path written = s.store().backups().backup(operator, target);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("backup", written.toString());
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "restore", description = "Restore a backup onto this station's store file, which must be absent or"
            + " empty (move a damaged one away first); needs the key store the backup was sealed with. Checked in full"
            + " before anything is written; the key store is then paired with the restored database. Refused while the"
            + " station program runs on the store.")
    static final class Restore extends StationCommand {
        @Parameters(index = "0", description = "the backup file")
        Path backup;

        Restore(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            StationConfig c = loadConfig();
            char[] passphrase = root.secrets.get(Secrets.KEYSTORE_PASSPHRASE, "Key store passphrase");
            SoftwareSecurityModule module;
            try {
                module = SoftwareSecurityModule.open(c.keyStore(), passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            RestoreReport rep;
            StationInstance held = StationInstance.lockFor(c.storeFile(), "terminal restore");
            try {
                rep = Backups.restore(backup, Station.storeConfig(c), module);
            } finally {
                held.close();
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("station", rep.stationId());
            r.put("created_at", rep.createdAt().toString());
            r.put("schema", rep.schemaVersion());
            r.put("integrity", rep.integrityCheck());
            r.put("audit_intact", rep.audit().intact());
            Map<String, Long> counts = new LinkedHashMap<>();
            rep.outboxCounts().forEach((k, v) -> counts.put(k.name(), v));
            r.put("outbox", counts);
            r.put("store_id", rep.storeId());
            r.put("pairing", Station.pairingFile(c).toString());
            print(r);
            return 0;
        }
    }

    /** MAC and IPv4 address of the first interface that is up and not loopback (9001 asks for them). */
    public static String[] localAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = ni.getHardwareAddress();
                if (!ni.isUp() || ni.isLoopback() || mac == null || mac.length != 6) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return new String[] {HexFormat.ofDelimiter("-").withUpperCase().formatHex(mac), a.getHostAddress()};
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to read: the placeholder below says so to the central service
        }
        return new String[] {"00-00-00-00-00-00", "127.0.0.1"};
    }
}
