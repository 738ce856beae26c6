package org.sscard.centralsim;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.CardService;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/**
 * The central simulator: start it in-process with {@link #start(CentralConfig)}, or run the jar
 * ({@code scripts/central-sim}) with the commands {@code serve} (default), {@code enrol-code}, {@code ecode} and
 * {@code client}; see docs/central-sim.md.
 */
public final class CentralSim {
    private static final Logger LOG = LoggerFactory.getLogger(CentralSim.class);
    static final String DATABASE_FILE = "central.db";
    static final int DEFAULT_PORT = 8443;

    private CentralSim() {
    }

    /** A running central service. {@link #stop()} closes the listeners and the database. */
    public static final class Running implements AutoCloseable {
        private final CentralServer server;
        private final Database db;
        private final CertificateAuthority ca;
        private final CentralKeys keys;
        private final Faults faults;
        private final Clock clock;
        private final boolean https;

        private Running(CentralServer server, Database db, CertificateAuthority ca, CentralKeys keys, Faults faults,
                Clock clock, boolean https) {
            this.server = server;
            this.db = db;
            this.ca = ca;
            this.keys = keys;
            this.faults = faults;
            this.clock = clock;
            this.https = https;
        }

        public int port() {
            return server.port();
        }

        /** The loopback admin port, or −1 when no admin endpoint was asked for. */
        public int adminPort() {
            return server.adminPort();
        }

        public URI baseUri() {
            return URI.create((https ? "https" : "http") + "://localhost:" + port());
        }

        /** The CA certificate (PEM) a terminal pins. */
        public String caCertPem() {
            return ca.certificatePem();
        }

        public Sm2.PublicKey centralPublicKey() {
            return keys.publicKey();
        }

        /** Faults armed at run time (the Java face of the admin endpoint). */
        public Faults faults() {
            return faults;
        }

        /** Issues a one-time enrolment code, as {@code central-sim enrol-code} does. */
        public String issueEnrolCode(String devNo, String fixmedinsCode, int level) {
            try {
                return Enrolment.issueCode(db, clock, devNo, fixmedinsCode, level);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store the enrolment code: " + e.getMessage(), e);
            }
        }

        /** Issues a fresh 医保码 for the insured person {@code psnNo}, as {@code central-sim ecode} does. */
        public String issueEcode(String psnNo) {
            try {
                return EVouchers.issueCode(db, clock, psnNo);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store the 医保码: " + e.getMessage(), e);
            }
        }

        /**
         * Changes the price cap of the catalogue item {@code hilistCode} from today (central-sim's clock): the cap in
         * force ends and {@code cap} begins; {@code null} withdraws the cap. 1318 publishes both changes.
         */
        public void changePriceCap(String hilistCode, Money cap) {
            changeCatalogue(hilistCode, c -> CatalogRecords.changeCap(c, hilistCode, cap == null ? null : cap.fen(), today()));
        }

        /** Changes the self-pay ratio of {@code hilistCode} from today, as {@link #changePriceCap}; 1319 publishes it. */
        public void changeSelfpayRatio(String hilistCode, Ratio ratio) {
            changeCatalogue(hilistCode, c -> CatalogRecords.changeRatio(c, hilistCode, ratio.basisPoints(), today()));
        }

        private java.time.LocalDate today() {
            return java.time.LocalDate.now(clock);
        }

        private void changeCatalogue(String hilistCode, CatalogChange change) {
            try {
                db.inTransaction(c -> {
                    if (Transactions.catalogRow(c, hilistCode).isEmpty()) {
                        throw new IllegalArgumentException("no catalogue item " + hilistCode);
                    }
                    change.apply(c);
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException("cannot change the catalogue: " + e.getMessage(), e);
            }
        }

        @FunctionalInterface
        private interface CatalogChange {
            void apply(java.sql.Connection c) throws SQLException;
        }

        public void stop() {
            try {
                server.stop();
            } finally {
                db.close();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    public static Running start(CentralConfig config) throws IOException {
        OwnerOnly.directory(config.dataDir());
        Database db = Database.open(config.dataDir().resolve(DATABASE_FILE));
        try {
            LocalDateTime now = LocalDateTime.now(config.clock());
            db.inTransaction(c -> {
                int catalog = CatalogGenerator.loadIfEmpty(c);
                if (catalog > 0) {
                    LOG.info("catalog created: {} items", catalog);
                }
                int published = CatalogRecords.publishMissing(c);
                if (published > 0) {
                    LOG.info("catalogue records (1312/1318/1319) published for {} items", published);
                }
                if (config.demoManifest() != null) {
                    LOG.info("demo manifest {}: {} cards added", config.demoManifest(),
                            DemoData.load(c, config.demoManifest(), now));
                }
                return null;
            });
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(config.dataDir(), config.caPassphrase());
            CentralKeys keys = CentralKeys.loadOrCreate(config.dataDir());
            Faults faults = new Faults();
            config.faults().forEach(faults::arm);
            Enrolment enrolment = new Enrolment(db, config.clock());
            SoftwareSecurityModule debitKeys = TestKeys.module();
            Transactions transactions = new Transactions(new CardRegistry(debitKeys), config.signInValidity());
            if (config.insecureHttp()) {
                LOG.warn("plain HTTP (--insecure-http): for development only");
            }
            CentralServer server = new CentralServer(config.port(),
                    config.insecureHttp() ? null : ca.serverContext(config.hostNames()), config.adminPort(),
                    config.threads(), config.httpLimits());
            Gateway gateway = new Gateway(db, enrolment, transactions, keys, faults, config.clock(),
                    config.httpLimits().body(), server.scheduler());
            AdminEndpoint admin = config.adminPort() < 0 ? null
                    : new AdminEndpoint(faults, db, config.clock(), server.scheduler());
            try {
                server.start(gateway, admin);
            } catch (Exception e) {
                server.stop();
                throw new IOException("cannot start the HTTP server on port " + config.port() + ": " + e.getMessage(), e);
            }
            Running running = new Running(server, db, ca, keys, faults, config.clock(), !config.insecureHttp());
            LOG.info("central-sim listening on {} (data {}{})", running.baseUri(), config.dataDir(),
                    admin == null ? "" : ", admin on 127.0.0.1:" + running.adminPort());
            return running;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot prepare the database: " + e.getMessage(), e);
        }
    }

    /** {@code /admin/faults} (GET list, POST arm with a fault spec as the body, DELETE [/INFNO] clear). */
    static final class AdminEndpoint extends Handler.Abstract {
        private static final int MAX_BODY = 4096;
        private static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
        private final Faults faults;
        private final Database db;
        private final Clock clock;
        private final Scheduler scheduler;

        AdminEndpoint(Faults faults, Database db, Clock clock, Scheduler scheduler) {
            this.faults = faults;
            this.db = db;
            this.clock = clock;
            this.scheduler = scheduler;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            BodyReader.read(request, MAX_BODY, BODY_DEADLINE, scheduler).whenComplete((body, failure) -> {
                if (failure != null) {
                    Http.drop(request, callback);
                } else if (body == null) {
                    Http.closing(response);
                    send(response, callback, 413, "body larger than " + MAX_BODY + " bytes");
                } else {
                    answer(Request.getPathInContext(request), request.getMethod(),
                            new String(body, StandardCharsets.UTF_8).trim(), response, callback);
                }
            });
            return true;
        }

        private void answer(String path, String method, String body, Response response, Callback callback) {
            try {
                if (path.equals("/admin/faults") && method.equals("GET")) {
                    send(response, callback, 200, String.join("\n", faults.list().stream().map(Fault::toString).toList()));
                } else if (path.equals("/admin/faults") && method.equals("POST")) {
                    Fault f = Fault.parse(body);
                    faults.arm(f);
                    send(response, callback, 200, "armed " + f);
                } else if (path.equals("/admin/faults") && method.equals("DELETE")) {
                    faults.clearAll();
                    send(response, callback, 200, "cleared");
                } else if (path.startsWith("/admin/faults/") && method.equals("DELETE")) {
                    faults.clear(path.substring("/admin/faults/".length()));
                    send(response, callback, 200, "cleared");
                } else if (path.equals("/admin/enrol-code") && method.equals("POST")) {
                    String[] p = body.split("\\s+");
                    if (p.length < 2) {
                        throw new IllegalArgumentException("body: DEV_NO FIXMEDINS_CODE [LEVEL]");
                    }
                    send(response, callback, 200, Enrolment.issueCode(db, clock, p[0], p[1], p.length > 2
                            ? Integer.parseInt(p[2]) : Transactions.DEFAULT_LEVEL));
                } else {
                    send(response, callback, 404, "unknown admin endpoint; see docs/central-sim.md");
                }
            } catch (IllegalArgumentException e) {
                send(response, callback, 400, e.getMessage());
            } catch (SQLException e) {
                send(response, callback, 500, "database failure: " + e.getMessage());
            }
        }

        private static void send(Response response, Callback callback, int status, String text) {
            Http.bytes(response, callback, status, "text/plain; charset=utf-8",
                    (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- command line

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("central-sim: " + e.getMessage());
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("central-sim: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs a command; returns the exit status ({@code serve} returns only when interrupted). */
    static int run(String[] args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        String command = a.isEmpty() || a.get(0).startsWith("--") ? "serve" : a.remove(0);
        Options o = new Options(a);
        switch (command) {
            case "serve" -> {
                CentralConfig config = CentralConfig.of(Path.of(o.required("--data")))
                        .withPort(o.intValue("--port", DEFAULT_PORT))
                        .withInsecureHttp(o.flag("--insecure-http"))
                        .withHostNames(o.all("--host"))
                        .withFaults(o.all("--fault").stream().map(Fault::parse).toList())
                        .withAdminPort(o.intValue("--admin-port", -1));
                String manifest = o.optional("--demo-manifest");
                if (manifest != null) {
                    config = config.withDemoManifest(Path.of(manifest));
                }
                String caPassphraseFile = o.optional("--ca-passphrase-file");
                if (caPassphraseFile != null) {
                    config = config.withCaPassphrase(Files.readString(Path.of(caPassphraseFile), StandardCharsets.UTF_8)
                            .strip().toCharArray());
                }
                o.finish();
                Running running = start(config);
                Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
                System.out.println("central-sim on " + running.baseUri() + "; CA certificate: "
                        + config.dataDir().resolve(CertificateAuthority.CA_CERT_FILE));
                try {
                    Thread.currentThread().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            case "enrol-code" -> {
                Path data = Path.of(o.required("--data"));
                String devNo = o.required("--dev-no");
                String fixmedins = o.required("--fixmedins-code");
                int level = o.intValue("--level", Transactions.DEFAULT_LEVEL);
                o.finish();
                OwnerOnly.directory(data);
                try (Database db = Database.open(data.resolve(DATABASE_FILE))) {
                    System.out.println(Enrolment.issueCode(db, Clock.systemDefaultZone(), devNo, fixmedins, level));
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot store the code: " + e.getMessage(), e);
                }
                return 0;
            }
            case "ecode" -> {
                Path data = Path.of(o.required("--data"));
                List<String> persons = o.rest();
                o.finish();
                if (persons.size() != 1) {
                    throw new IllegalArgumentException("ecode: give one person (a psn_no of the demo manifest)");
                }
                OwnerOnly.directory(data);
                try (Database db = Database.open(data.resolve(DATABASE_FILE))) {
                    System.out.println(EVouchers.issueCode(db, Clock.systemDefaultZone(), persons.get(0)));
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot store the 医保码: " + e.getMessage(), e);
                }
                return 0;
            }
            case "client" -> {
                return ExampleClient.run(o, System.out);
            }
            default -> throw new IllegalArgumentException("unknown command '" + command
                    + "'; commands: serve (default), enrol-code, ecode, client");
        }
    }

    /** The {@code client} command: enrol when needed, 9001, and 1101 for a card. */
    static final class ExampleClient {
        private ExampleClient() {
        }

        static int run(Options o, java.io.PrintStream out) throws IOException {
            Path data = Path.of(o.required("--data"));
            URI url = URI.create(o.required("--url"));
            TerminalClient.Station station = new TerminalClient.Station(o.required("--dev-no"),
                    o.required("--fixmedins-code"), o.optionalOr("--fixmedins-name", "示例医院"),
                    o.optionalOr("--admvs", "440106"));
            Path keyStore = Path.of(o.required("--key-store"));
            char[] passphrase = Files.readString(Path.of(o.required("--passphrase-file")), StandardCharsets.UTF_8)
                    .trim().toCharArray();
            String enrolCode = o.optional("--enrol-code");
            String cardNo = o.optional("--card-no");
            String cardSn = o.optional("--card-sn");
            List<String> transactions = o.rest();
            o.finish();
            KeyRef deviceKey = KeyRef.local(KeyType.DEVICE_SIGN, station.admvs(), 1);
            boolean fresh = !Files.exists(keyStore);
            if (fresh && enrolCode == null) {
                throw new IllegalArgumentException("--enrol-code: required the first time (no key store at " + keyStore
                        + " yet); get one with: central-sim enrol-code --data DIR --dev-no ... --fixmedins-code ...");
            }
            SoftwareSecurityModule module = fresh ? SoftwareSecurityModule.create(keyStore, passphrase)
                    : SoftwareSecurityModule.open(keyStore, passphrase);
            if (fresh) {
                module.generateLocalKey(deviceKey);
            }
            javax.net.ssl.SSLContext tls = url.getScheme().equals("https") ? CertificateAuthority.clientContext(
                    Files.readString(data.resolve(CertificateAuthority.CA_CERT_FILE), StandardCharsets.US_ASCII)) : null;
            TerminalClient client = new TerminalClient(url, tls, module, deviceKey, station, Clock.systemDefaultZone());
            Path centralKeyFile = Path.of(keyStore + ".central.pem");
            if (enrolCode != null) {
                Files.writeString(centralKeyFile, client.enrol(enrolCode).pem(), StandardCharsets.US_ASCII);
                out.println("enrolled " + station.devNo() + " as station " + client.stationNo());
            } else {
                client.trustCentral(Sm2.PublicKey.fromPem(Files.readString(centralKeyFile, StandardCharsets.US_ASCII)));
            }
            int status = 0;
            for (String t : transactions.isEmpty() ? List.of("9001") : transactions) {
                org.sscard.protocol.Response<?> r = switch (t) {
                    case "9001" -> client.signIn("C001");
                    case "1101" -> {
                        if (cardNo == null || cardSn == null) {
                            throw new IllegalArgumentException("1101 needs --card-no and --card-sn");
                        }
                        yield client.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                                MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo, cardSn, null));
                    }
                    case "C108" -> client.send(Transaction.BLACKLIST_DOWNLOAD, new CardService.BlacklistQuery(0L, 100L));
                    default -> throw new IllegalArgumentException("client sends 9001, 1101 or C108, not '" + t + "'");
                };
                out.println(t + " infcode " + r.header().infcode()
                        + (r.ok() ? " output " + r.output() : " err_msg " + r.header().errMsg()));
                if (!r.ok()) {
                    status = 1;
                }
            }
            return status;
        }
    }

    /** {@code --name value} options, flags, and positional arguments. */
    static final class Options {
        private final List<String> args;
        private final List<String> positional = new ArrayList<>();
        private boolean restTaken;

        Options(List<String> args) {
            this.args = new ArrayList<>(args);
        }

        String optional(String name) {
            int i = args.indexOf(name);
            if (i < 0) {
                return null;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + ": needs a value");
            }
            String v = args.get(i + 1);
            args.remove(i + 1);
            args.remove(i);
            return v;
        }

        String optionalOr(String name, String fallback) {
            String v = optional(name);
            return v == null ? fallback : v;
        }

        String required(String name) {
            String v = optional(name);
            if (v == null) {
                throw new IllegalArgumentException(name + ": required");
            }
            return v;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String v = optional(name); v != null; v = optional(name)) {
                out.add(v);
            }
            return out;
        }

        int intValue(String name, int fallback) {
            String v = optional(name);
            try {
                return v == null ? fallback : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": must be a whole number, got '" + v + "'");
            }
        }

        boolean flag(String name) {
            return args.remove(name);
        }

        /** The arguments that are not options (the caller takes them, so they are not refused). */
        List<String> rest() {
            restTaken = true;
            collectPositional();
            return positional;
        }

        private void collectPositional() {
            for (String s : List.copyOf(args)) {
                if (!s.startsWith("--")) {
                    positional.add(s);
                    args.remove(s);
                }
            }
        }

        void finish() {
            collectPositional();
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + String.join(" ", args));
            }
            if (!restTaken && !positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument(s): " + String.join(" ", positional));
            }
        }
    }
}
