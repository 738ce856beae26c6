package org.sscard.terminal.ui;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.Operators;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.counter.SettledReceipts;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PrintFailedException;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.receipt.ReceiptPrinter;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.workflow.CounterWorkflows;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;
import org.sscard.values.Money;
import org.testfx.api.FxToolkit;

/**
 * A station enrolled at an in-process central-sim over HTTPS, with the catalog from central-sim's generator (one
 * local item per national item, code {@code L<national>}, barcode {@code 69<index>}), one cashier, one
 * pharmacist and one supervisor, demo card 1 from card-sim's factory in jCardSim's in-process reader, a receipt
 * printer that keeps what it printed (or fails while {@link #printerDown}), offline debit at the pharmacy, deferred
 * visits at the cashier window, and a link
 * monitor probing the central service (not started: tests call {@code probeNow}); central-sim can be stopped and
 * started again on the same port.
 */
final class OnlineStation implements AutoCloseable {
    static final String INSTITUTION = "H44010600001";
    static final String REGION = "440106";
    static final char[] PASSWORD = "Own-Pass-77".toCharArray();

    final Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
    final DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 2);
    final Path centralData;
    final int centralPort;
    volatile CentralSim.Running central;
    private volatile boolean centralRunning = true;
    final StationConfig config;
    final StationStore store;
    final CentralLink link;
    final SessionManager sessions;
    final Authorizer authorizer;
    final LinkMonitor monitor;
    final Forwarder forwarder;
    final List<Receipt> printed = new CopyOnWriteArrayList<>();
    final CounterWorkflows workflows;
    final DemoCard card;
    /** Demo card 1 as simulated in the counter's reader ({@code simulator().assignToTerminal(null)} takes it out). */
    final SimulatedCard simulatedCard;
    /** The counter's jCardSim readers: "jCardSim reader" holds demo card 1 (tests may put another card in it). */
    final javax.smartcardio.CardTerminals counterReaders;
    final SoftwareSecurityModule stationKeys;
    /** The card reader's status as the test pushes it (nothing is pushed unless a test does). */
    final UiFixture.FakeReaders readers = new UiFixture.FakeReaders();
    /** While true the receipt printer fails (paper out). */
    volatile boolean printerDown;

    OnlineStation(Path dir) throws Exception {
        this(dir, null);
    }

    /** With {@code relay} (or null) between the station's link and central-sim (e.g. a {@code NoticeRelay}). */
    OnlineStation(Path dir, okhttp3.Interceptor relay) throws Exception {
        Path manifest = Manifest.write(cards, Files.createDirectories(dir.resolve("cards")));
        centralData = dir.resolve("central");
        central = CentralSim.start(CentralConfig.of(centralData).withDemoManifest(manifest).withClock(clock));
        centralPort = central.port();
        stationKeys = SoftwareSecurityModule.inMemory();
        KeyRef data = KeyRef.local(KeyType.DATA, REGION, 1);
        stationKeys.generateLocalKey(data);
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, central.caCertPem(), StandardCharsets.US_ASCII);
        config = new StationConfig(INSTITUTION, "广州市第一人民医院", 2, REGION, "440100", "DEV-0001",
                "GDYB", URI.create("https://localhost:" + central.port() + "/"), ca, false, Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(5), null, dir.resolve("keys.sks"), 1, 1,
                dir.resolve("station.db"), OfflineLimits.DEFAULTS, Duration.ofMinutes(5))
                .withDepartments(TestStation.DEPARTMENTS);
        store = StationStore.create(new StoreConfig(config.storeFile(), config.deviceNumber(), data, 0,
                Duration.ofSeconds(10), clock), stationKeys, PasswordHasher.FAST_FOR_TESTS);
        link = new CentralLink(config, stationKeys, store, clock, relay == null ? CentralLink.httpClient(config)
                : CentralLink.httpClient(config).newBuilder().addInterceptor(relay).build());
        sessions = new SessionManager(store, clock, Duration.ofMinutes(5));
        authorizer = new Authorizer(sessions, store);
        Operators ops = store.operators();
        ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
        for (String[] op : new String[][] {{"cashier", "王收费", "CASHIER"}, {"pharmacist", "赵药师", "PHARMACIST"},
            {"supervisor", "李主管", "SUPERVISOR"}}) {
            ops.create("admin1", op[0], op[1], Role.valueOf(op[2]), "Temp-Pass-9".toCharArray());
            ops.changePassword(op[0], "Temp-Pass-9".toCharArray(), PASSWORD.clone());
        }
        Enrolment enrolment = new Enrolment(link, config, stationKeys, store, stationKeys::generateLocalKey);
        long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(config));
        ops.decide("admin2", approval, true);
        enrolment.enrol("admin1", approval, central.issueEnrolCode(config.deviceNumber(), INSTITUTION, 2).toCharArray());
        if (!(link.signIn(new Opter("cashier", "王收费"), "00-1A-2B-3C-4D-5E", "127.0.0.1")
                instanceof LinkOutcome.Answered<?>)) {
            throw new IllegalStateException("sign-in failed");
        }
        loadCatalog(store.catalog());
        card = cards.card(1);
        simulatedCard = new CardFactory().issue(card);
        counterReaders = CardTerminalSimulator.terminals("jCardSim reader");
        simulatedCard.simulator().assignToTerminal(counterReaders.getTerminal("jCardSim reader"));
        CardSlot slot = new CardSlot(new ReaderManager(() -> counterReaders), null);
        CompositeSecurityModule cardKeys = new CompositeSecurityModule(TestKeys.module(), stationKeys);
        CardPresentation presentation = new CardPresentation(slot, cardKeys, store, link, authorizer);
        Counter counter = new Counter(config, store, link, authorizer, clock);
        PrintSpooler spooler = new PrintSpooler(new ReceiptPrinter() {
            @Override
            public void print(Receipt receipt) throws PrintFailedException {
                if (printerDown) {
                    throw new PrintFailedException(Problem.of(Reason.PRINTER_FAILED, "test printer"), null);
                }
                printed.add(receipt);
            }

            @Override
            public String name() {
                return "test printer";
            }
        }, 1);
        forwarder = new Forwarder(link, store);
        monitor = LinkMonitor.of(link);
        OfflinePolicy policy = new OfflinePolicy(config.offline(), store, clock);
        OfflineSale offlineSale = new OfflineSale(config, store, link, policy, authorizer, clock);
        workflows = new CounterWorkflows(presentation, counter, spooler, config.institutionName(),
                config.deviceNumber(), offlineSale, slot, cardKeys, monitor,
                new DeferredVisits(config, store, link, policy, monitor, authorizer, clock));
    }

    private static void loadCatalog(Catalog catalog) {
        List<Catalog.NationalItem> national = new ArrayList<>();
        for (CatalogGenerator.Entry e : CatalogGenerator.entries()) {
            national.add(new Catalog.NationalItem(e.code(), e.name(), ItemClass.fromCode(e.lv().code()), e.capFen() == null ? null : Money.ofFen(e.capFen()),
                    BigDecimal.valueOf(e.selfpayBp(), 4), e.code().startsWith("X") ? 10 : null, e.updtTime()));
        }
        catalog.applyNationalUpdate(1, national.get(national.size() - 1).updatedAt(), national);
        int i = 0;
        for (Catalog.NationalItem n : national) {
            long price = n.priceCap() != null ? n.priceCap().fen() : 1234 + i;
            catalog.putLocalItem("admin1", new Catalog.LocalItem("L" + n.code(), n.name(), Money.ofFen(price), n.code(),
                    List.of("69" + String.format("%011d", i))));
            i++;
        }
    }

    /** The card-presented step over another reader (e.g. pcscd's virtual reader) with this station's keys. */
    CardPresentation presentation(ReaderManager readers, String reader) {
        return new CardPresentation(new CardSlot(readers, reader),
                new CompositeSecurityModule(TestKeys.module(), stationKeys), store, link, authorizer);
    }

    /** The n-th item of the national catalog (its local item is {@code L<code>}). */
    Catalog.LocalItem item(int n) {
        String code = store.catalog().searchNational("", 1000).get(n).code();
        return store.catalog().local("L" + code).orElseThrow();
    }

    /** The supervisor screens' workflows over this station, sharing the counter's receipt spooler. */
    SupervisorWorkflows supervisor() {
        Counter counter = workflows.counter();
        return new SupervisorWorkflows(new Reconciliation(store, link, authorizer, counter.records()),
                new Reports(store, authorizer, counter.records()), counter, workflows.spooler(),
                new SettledReceipts(store, counter.records(), config.institutionName(), config.deviceNumber()), config,
                new RuntimeSettings(config, store, authorizer, clock));
    }

    /** Shows the station's window (English texts, the counter workflows connected) in the test's stage. */
    TerminalUi showWindow() throws java.util.concurrent.TimeoutException {
        return showWindow(Locale.ENGLISH);
    }

    /** As {@link #showWindow()} with the texts of {@code locale}. */
    TerminalUi showWindow(Locale locale) throws java.util.concurrent.TimeoutException {
        TerminalUi[] ui = new TerminalUi[1];
        FxToolkit.setupStage(stage -> {
            ui[0] = new TerminalUi(services(locale), new BarcodeWedge(new WedgeDetector(), System::nanoTime), workflows);
            stage.setScene(ui[0].scene());
            stage.show();
        });
        return ui[0];
    }

    UiServices services() {
        return services(Locale.ENGLISH);
    }

    UiServices services(Locale locale) {
        return new UiServices(new Texts(locale), clock, "广州市第一人民医院", store, sessions, authorizer, monitor,
                forwarder, readers);
    }

    /** Stops central-sim (the port refuses connections) as a failed link would. */
    void stopCentral() {
        central.stop();
        centralRunning = false;
    }

    /** Starts central-sim again on the same port with the same data (the station's pinned CA stays valid). */
    void restartCentral() throws java.io.IOException {
        central = CentralSim.start(CentralConfig.of(centralData).withPort(centralPort).withClock(clock));
        centralRunning = true;
    }

    /** Rows of central-sim's own database matching {@code sql} (one count column). */
    long centralCount(String sql, Object... args) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + centralData.resolve("central.db"));
             java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        monitor.stop();
        forwarder.stop();
        store.close();
        if (centralRunning) {
            central.stop();
        }
    }
}
