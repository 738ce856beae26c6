package org.sscard.terminal.counter;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.sscard.crypto.CompositeSecurityModule;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.Operators;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.MutableClock;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.values.Money;

/**
 * A station against an in-process central-sim over HTTPS, with demo cards from card-sim's factory (the same
 * manifest loaded by the central service) in jCardSim's in-process javax.smartcardio terminals, or in any other reader
 * ({@link #presentIn}). Public for benchmarks' whole-visit benchmark, which drives the same station through pcscd.
 */
public final class CounterFixture implements AutoCloseable {
    static final String INSTITUTION = "H44010600001";
    static final String REGION = "440106";
    static final String PASSWORD = "Own-Pass-77";

    final MutableClock clock;
    public final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
    final CentralSim.Running central;
    final SoftwareSecurityModule stationKeys;
    final StationConfig config;
    private final StoreConfig storeConfig;
    public StationStore store;
    CentralLink link;
    SessionManager sessions;
    Authorizer authorizer;
    public Counter counter;
    private final List<StationStore> abandoned = new ArrayList<>();
    private final Map<Integer, SimulatedCard> issued = new HashMap<>();
    /** The national test keys and the station's own keys: what card sessions and the card office need. */
    final SecurityModule cardKeys;
    public CardPresentation presentation;

    private final okhttp3.Interceptor httpInterceptor;
    private final Path dir;
    /** False for a sibling station, which uses the first station's central service and clock. */
    private final boolean ownsCentral;
    private javax.smartcardio.CardTerminals terminals;

    CounterFixture(Path dir) throws Exception {
        this(dir, null);
    }

    /** With {@code httpInterceptor} (or null) added to the station's HTTP client (the benchmark's network timer). */
    public CounterFixture(Path dir, okhttp3.Interceptor httpInterceptor) throws Exception {
        this(dir, httpInterceptor, Duration.ofSeconds(3));
    }

    /** With the station's HTTP read timeout (how long it waits for an answer) set to {@code readTimeout}. */
    public CounterFixture(Path dir, okhttp3.Interceptor httpInterceptor, Duration readTimeout) throws Exception {
        this(dir, httpInterceptor, readTimeout, null, "DEV-0001", SoftwareSecurityModule.inMemory(), Instant.now());
    }

    /**
     * A station whose keys are in {@code keys} (a key store file) and whose clock starts at {@code start}; over a
     * {@code dir} that already holds the station's store and the central service's data (a station copied from
     * files), nothing is set up again: the station is opened as it was left.
     */
    CounterFixture(Path dir, SoftwareSecurityModule keys, Instant start) throws Exception {
        this(dir, null, Duration.ofSeconds(3), null, "DEV-0001", keys, start);
    }

    /** Another window of the same institution: its own store and keys, {@code first}'s central service and clock. */
    CounterFixture(Path dir, CounterFixture first, String deviceNumber) throws Exception {
        this(dir, null, Duration.ofSeconds(3), first, deviceNumber, SoftwareSecurityModule.inMemory(), first.clock.instant());
    }

    private CounterFixture(Path dir, okhttp3.Interceptor httpInterceptor, Duration readTimeout, CounterFixture first,
            String deviceNumber, SoftwareSecurityModule keys, Instant start) throws Exception {
        this.stationKeys = keys;
        this.httpInterceptor = httpInterceptor;
        this.dir = dir;
        this.ownsCentral = first == null;
        if (first == null) {
            clock = new MutableClock(start, ZoneId.of("Asia/Shanghai"));
            Path manifest = Manifest.write(cards, Files.createDirectories(dir.resolve("cards")));
            central = CentralSim.start(CentralConfig.of(dir.resolve("central")).withDemoManifest(manifest).withClock(clock));
        } else {
            clock = first.clock;
            central = first.central;
        }
        KeyRef data = KeyRef.local(KeyType.DATA, REGION, 1);
        boolean existing = Files.exists(dir.resolve("station.db"));
        if (!existing) {
            stationKeys.generateLocalKey(data);
        }
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, central.caCertPem(), StandardCharsets.US_ASCII);
        config = new StationConfig(INSTITUTION, "广州市第一人民医院", 2, REGION, "440100", deviceNumber, "GDYB",
                URI.create("https://localhost:" + central.port() + "/"), ca, false, Duration.ofSeconds(2),
                readTimeout, readTimeout.plusSeconds(2), null, dir.resolve("keys.sks"), 1, 1,
                dir.resolve("station.db"), OfflineLimits.DEFAULTS, Duration.ofMinutes(5))
                .withDepartments(org.sscard.terminal.TestStation.DEPARTMENTS);
        storeConfig = new StoreConfig(config.storeFile(), config.deviceNumber(), data, 0, Duration.ofSeconds(10), clock);
        openStation();
        cardKeys = new CompositeSecurityModule(TestKeys.module(), stationKeys);
        if (existing) {
            return;
        }
        Operators ops = store.operators();
        ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
        for (String[] op : new String[][] {{"cashier", "王收费", "CASHIER"}, {"cashier2", "李收费", "CASHIER"},
                {"pharmacist", "赵药师", "PHARMACIST"}, {"supervisor", "钱主管", "SUPERVISOR"}, {"clerk", "孙发卡", "CARD_CLERK"}}) {
            ops.create("admin1", op[0], op[1], Role.valueOf(op[2]), "Temp-Pass-9".toCharArray());
            ops.changePassword(op[0], "Temp-Pass-9".toCharArray(), PASSWORD.toCharArray());
        }
        Enrolment enrolment = new Enrolment(link, config, stationKeys, store, ref -> stationKeys.generateLocalKey(ref));
        long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(config));
        ops.decide("admin2", approval, true);
        enrolment.enrol("admin1", approval, central.issueEnrolCode(config.deviceNumber(), INSTITUTION, 2).toCharArray());
        if (!(link.signIn(new Opter("supervisor", "钱主管"), "00-1A-2B-3C-4D-5E", "127.0.0.1")
                instanceof org.sscard.terminal.link.LinkOutcome.Answered<?>)) {
            throw new IllegalStateException("sign-in failed");
        }
        loadCatalog(store.catalog());
    }

    private void openStation() {
        store = java.nio.file.Files.exists(storeConfig.file())
                ? StationStore.open(storeConfig, stationKeys, PasswordHasher.FAST_FOR_TESTS)
                : StationStore.create(storeConfig, stationKeys, PasswordHasher.FAST_FOR_TESTS);
        okhttp3.OkHttpClient http = CentralLink.httpClient(config);
        if (httpInterceptor != null) {
            http = http.newBuilder().addInterceptor(httpInterceptor).build();
        }
        link = new CentralLink(config, stationKeys, store, clock, http);
        sessions = new SessionManager(store, clock, Duration.ofMinutes(5));
        authorizer = new Authorizer(sessions, store);
        counter = new Counter(config, store, link, authorizer, clock);
    }

    /**
     * A station process killed and started again: the current station objects are dropped as they are (no close,
     * no log-out, the card session left open) and new ones are built over the same store file and key module. The
     * dropped store is closed only when the fixture closes.
     */
    void restartStation() {
        abandoned.add(store);
        presentation = null;
        openStation();
    }

    /** The national catalog from the central service's generator, and one local item per national item (L + code). */
    public static void loadCatalog(Catalog catalog) {
        List<Catalog.NationalItem> national = new ArrayList<>();
        for (CatalogGenerator.Entry e : CatalogGenerator.entries()) {
            Integer limit = e.code().startsWith("X") ? 10 : null;
            national.add(new Catalog.NationalItem(e.code(), e.name(), ItemClass.fromCode(e.lv().code()), e.capFen() == null ? null : Money.ofFen(e.capFen()),
                    BigDecimal.valueOf(e.selfpayBp(), 4), limit, e.updtTime()));
        }
        catalog.applyNationalUpdate(1, national.get(national.size() - 1).updatedAt(), national);
        int i = 0;
        for (Catalog.NationalItem n : national) {
            long price = n.priceCap() != null ? n.priceCap().fen() - (i % 3 == 0 ? 0 : 1) + (i % 7 == 0 ? 50 : 0) : 1234 + i;
            catalog.putLocalItem("admin1", new Catalog.LocalItem("L" + n.code(), n.name(), Money.ofFen(price), n.code(),
                    List.of("69" + String.format("%011d", i))));
            i++;
        }
        catalog.putLocalItem("admin1", new Catalog.LocalItem("LOCAL-UNMAPPED", "自制膏药", Money.ofFen(500), null, List.of()));
    }

    public List<Catalog.NationalItem> nationalItems() {
        return store.catalog().searchNational("", 1000);
    }

    /** Demo card {@code number} as issued by the card factory, once per fixture: it keeps its state. */
    public SimulatedCard card(int number) {
        return issued.computeIfAbsent(number, n -> new CardFactory().issue(cards.card(n)));
    }

    /** Inserts demo card {@code number} into a jCardSim in-process reader and presents cards from there. */
    public DemoCard insert(int number) {
        javax.smartcardio.CardTerminals inserted = CardTerminalSimulator.terminals("jCardSim reader");
        card(number).simulator().assignToTerminal(inserted.getTerminal("jCardSim reader"));
        terminals = inserted;
        presentIn(new CardSlot(new ReaderManager(() -> inserted), null));
        return cards.card(number);
    }

    /**
     * A fresh 医保码 of demo card {@code number}'s holder, as the central service shows it on the holder's phone; with
     * no card inserted yet, the station's card reader stays empty.
     */
    public String ecode(int number) {
        if (presentation == null) {
            presentIn(new CardSlot(new ReaderManager(() -> CardTerminalSimulator.terminals("empty reader")), null));
        }
        return central.issueEcode(cards.card(number).holder().personNumber());
    }

    /** Presents cards from {@code slot} from now on (e.g. a reader of the machine's pcscd). */
    public void presentIn(CardSlot slot) {
        presentation = new CardPresentation(slot, cardKeys, store, link, authorizer);
    }

    /** A connection to the card last inserted, for a bare card session (no card-presented checks). */
    org.sscard.card.transport.CountingTransport cardTransport() {
        javax.smartcardio.CardTerminals inserted = terminals;
        return new CardSlot(new ReaderManager(() -> inserted), null).connect();
    }

    /** The card keys a station's security module would hold (national test keys and the station's own). */
    SecurityModule cardKeys() {
        return cardKeys;
    }

    /** Settlements of the visit in the central service's own database, neither reversed nor cancelled. */
    int centralSettlements(String mdtrtId) throws java.sql.SQLException {
        return centralCount("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND orig_setl_id IS NULL AND reversed = 0"
                + " AND cancelled_by IS NULL", mdtrtId);
    }

    /** Messages the central service has stored (answered) from any station. */
    int centralMessages() throws java.sql.SQLException {
        return centralCount("SELECT count(*) FROM message");
    }

    /** The central service's own SQLite database (of the first window, which runs the central service). */
    Path centralDatabase() {
        return dir.resolve("central").resolve("central.db");
    }

    int centralCount(String sql, String... args) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + centralDatabase());
             java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Changes the central service's database behind its back (a file's deadline passing, say). */
    void centralUpdate(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + centralDatabase());
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.executeUpdate(sql);
        }
    }

    public void login(String operator) {
        if (sessions.loggedIn().isPresent()) {
            sessions.logout();
        }
        if (!sessions.login(operator, PASSWORD.toCharArray()).loggedIn()) {
            throw new IllegalStateException("log-in of " + operator + " failed");
        }
    }

    Reconciliation reconciliation() {
        return new Reconciliation(store, link, authorizer, counter.records());
    }

    @Override
    public void close() {
        store.close();
        abandoned.forEach(StationStore::close);
        if (ownsCentral) {
            central.stop();
        }
    }
}
