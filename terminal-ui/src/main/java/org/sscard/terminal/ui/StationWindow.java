package org.sscard.terminal.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.terminal.Station;
import org.sscard.terminal.StationInstance;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.cli.TerminalCli;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.counter.Reprints;
import org.sscard.terminal.counter.SettledReceipts;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.link.ClockCheck;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.receipt.EscPosPrinter;
import org.sscard.terminal.receipt.EscPosRenderer;
import org.sscard.terminal.receipt.PdfReceiptPrinter;
import org.sscard.terminal.receipt.PdfReceiptRenderer;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.ReceiptPrinter;
import org.sscard.terminal.restore.StagedRestore;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.ui.demo.DemoMode;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.PdfSlipPrinter;
import org.sscard.terminal.ui.reader.CardInsertion;
import org.sscard.terminal.ui.reader.ReaderWatcher;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;
import org.sscard.terminal.ui.workflow.CounterWorkflows;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;

/**
 * Opens the configured station (key-store passphrase from {@code SSCARD_KEYSTORE_PASSPHRASE} or a start-up dialog),
 * starts the reader watcher, the link monitor, the station's background services ({@link StationServices}:
 * forwarding, blacklist and catalog syncs, verified backups — running whether or not anyone is logged in, and on
 * when the window is closed, see {@link #closeWindow}) and, with {@code hospital.ledger-url}, the background
 * passes to the hospital ledger ({@link LedgerBackground}), signs the station in at the central service (9001)
 * whenever an operator allowed to logs in, and shows the log-in window. The store is this program's alone
 * ({@link StationInstance}: a later start brings this window forward); a restore the administrators staged is applied
 * before the store opens ({@link Station#start}) and the window says how it went. A start-up failure is shown in a
 * dialog and the application ends.
 */
public final class StationWindow extends Application {
    static final String PASSPHRASE_ENV = "SSCARD_KEYSTORE_PASSPHRASE";
    /** The hospital ledger's PostgreSQL user and password, as for the command line. */
    static final String LEDGER_USER_ENV = "SSCARD_LEDGER_USER";
    static final String LEDGER_PASSWORD_ENV = "SSCARD_LEDGER_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(StationWindow.class);

    private final Texts texts = Texts.fromSystem();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "station-background");
        t.setDaemon(true);
        return t;
    });
    private final UnaryOperator<String> environment;
    private final Supplier<ReaderManager> readerManager;
    private final Runnable exit;
    private final List<String> arguments;
    private Station station;
    private StationInstance instance;
    private LinkMonitor monitor;
    private Forwarder forwarder;
    private LedgerBackground ledger;
    private StationServices stationServices;
    private Thread servicesStop;
    private ReaderWatcher watcher;
    private TerminalUi ui;
    private DemoMode demo;

    public StationWindow() {
        this(System::getenv, ReaderManager::new, Platform::exit, null);
    }

    /**
     * With the environment variables, the PC/SC readers, the way to end the application and the command-line
     * arguments given ({@code arguments} null: the application's parameters). A test starts the window in its own
     * JavaFX toolkit, with simulated readers, and must not end the toolkit.
     */
    StationWindow(UnaryOperator<String> environment, Supplier<ReaderManager> readerManager, Runnable exit,
                  List<String> arguments) {
        this.environment = environment;
        this.readerManager = readerManager;
        this.exit = exit;
        this.arguments = arguments == null ? null : List.copyOf(arguments);
    }

    private List<String> files() {
        return arguments == null ? getParameters().getUnnamed()
                : arguments.stream().filter(a -> !a.startsWith("--")).toList();
    }

    /** The {@code --name=value} options given (the last of a name wins). */
    private Map<String, String> options() {
        if (arguments == null) {
            return getParameters().getNamed();
        }
        Map<String, String> named = new HashMap<>();
        for (String a : arguments) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                named.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
        return named;
    }

    private String option(String name) {
        return options().get(name);
    }

    @Override
    public void start(Stage stage) {
        try {
            List<String> files = files();
            if (files.size() != 1) {
                throw new IllegalArgumentException(texts.get("app.usage"));
            }
            Path file = Path.of(files.get(0));
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(texts.get("app.noConfig", file));
            }
            StationConfig config = StationConfigLoader.load(file);
            instance = handedOver();
            if (instance == null) {
                StationInstance.Claim claim = StationInstance.claim(config.storeFile(), StationApp.ANSWER_WAIT);
                if (claim instanceof StationInstance.Running running) {
                    LOG.info("the station already runs on {} ({}); this start ends", config.storeFile(), running.holder());
                    exit.run();
                    return;
                }
                instance = ((StationInstance.Claimed) claim).instance();
            }
            Optional<Station> openedEarly = EarlyStation.take(file);
            if (openedEarly.isPresent()) {
                station = openedEarly.get();
            } else {
                Optional<char[]> passphrase = passphrase();
                if (passphrase.isEmpty()) {
                    exit.run();
                    return;
                }
                try {
                    station = Station.start(config, passphrase.get(), readerManager);
                } finally {
                    Arrays.fill(passphrase.get(), '\0');
                }
            }
            open(stage, config, file);
        } catch (RuntimeException e) {
            EarlyStation.discard();
            LOG.error("the station could not start: {}", e.getMessage(), e);
            UserMessage m = new ErrorMessages(texts).describe(e);
            Alert alert = new Alert(Alert.AlertType.ERROR, m.action() + (m.detail() == null ? "" : "\n\n" + m.detail()),
                    ButtonType.CLOSE);
            alert.setTitle(texts.get("app.title"));
            alert.setHeaderText(texts.get("app.startFailed") + " " + m.title());
            alert.getDialogPane().setId("startup-error");
            alert.showAndWait();
            stop();
            exit.run();
        }
    }

    private void open(Stage stage, StationConfig config, Path configFile) {
        CardInsertion insertion = CardInsertion.parse(option("card-insert"));
        Clock clock = Clock.systemDefaultZone();
        monitor = LinkMonitor.of(station.link());
        forwarder = new Forwarder(station.link(), station.store());
        monitor.start(executor);
        stationServices = new StationServices(config, station.store(), forwarder, new Sync(station.link(),
                station.store(), station.authorizer(), clock), station.authorizer(), clock);
        stationServices.start(StationServices.TICK, monitor);
        servicesStop = new Thread(stationServices::close, "station-services-stop");
        Runtime.getRuntime().addShutdownHook(servicesStop);
        ReaderManager readers = readerManager.get();
        watcher = new ReaderWatcher(readers, config.cardReader(), Duration.ofSeconds(2));
        watcher.start();
        CardSlot slot = new CardSlot(readers, config.cardReader(), config.psamReaderName().orElse(null));
        CardPresentation presentation = new CardPresentation(slot, station.cardKeys(), station.store(), station.link(),
                station.authorizer());
        OfflineSale offlineSale = new OfflineSale(config, station.store(), station.link(), station.offlinePolicy(),
                station.authorizer(), clock);
        Counter counter = new Counter(config, station.store(), station.link(), station.authorizer(), clock);
        PrintSpooler spooler = new PrintSpooler(printer(option("printer"), configFile), 2);
        CounterWorkflows workflows = new CounterWorkflows(presentation, counter, spooler, config.institutionName(),
                config.deviceNumber(), offlineSale, slot, station.cardKeys(), monitor,
                new DeferredVisits(config, station.store(), station.link(), station.offlinePolicy(), monitor,
                        station.authorizer(), clock));
        SessionManager sessions = station.sessions();
        sessions.addListener(e -> {
            if (e == SessionManager.Event.LOGGED_IN) {
                executor.execute(this::signIn);
            }
        });
        Reconciliation reconciliation = new Reconciliation(station.store(), station.link(), station.authorizer(),
                counter.records());
        Reports reports = new Reports(station.store(), station.authorizer(), counter.records());
        InstitutionBooks institution = null;
        if (config.ledger().isPresent()) {
            Ledger hospitalLedger = hospitalLedger(config);
            LedgerReplicator replicator = new LedgerReplicator(station.store(), hospitalLedger,
                    config.institutionCode(), config.deviceNumber());
            ledger = new LedgerBackground(hospitalLedger, replicator, new HospitalCatalog(station.store(),
                    hospitalLedger, config.institutionCode(), config.deviceNumber()), clock);
            ledger.start(Duration.ofMinutes(1));
            institution = new InstitutionBooks(hospitalLedger, replicator, config.institutionCode(), reconciliation,
                    reports);
        }
        UiServices services = new UiServices(texts, clock, config.institutionName(), station.store(), sessions,
                station.authorizer(), monitor, forwarder, watcher::addListener, ledger, stationServices);
        SettledReceipts settledReceipts = new SettledReceipts(station.store(), counter.records(), config.institutionName(),
                config.deviceNumber());
        Reprints.keepUnprinted(spooler, station.store(), settledReceipts);
        SupervisorWorkflows supervisor = new SupervisorWorkflows(reconciliation, reports, counter, spooler,
                settledReceipts, config, new RuntimeSettings(config, station.store(), station.authorizer(), clock),
                institution);
        ui = new TerminalUi(services, new BarcodeWedge(new WedgeDetector(), System::nanoTime), workflows, supervisor);
        ui.setCardOffice(cardOffice(config, configFile, readers, clock));
        ui.setCardInsertion(insertion);
        stage.setTitle(texts.get("app.title") + " — " + config.institutionName() + " " + config.deviceNumber());
        stage.setScene(ui.scene());
        stage.setOnCloseRequest(e -> {
            e.consume();
            closeWindow(stage);
        });
        stage.show();
        instance.onShow(() -> Platform.runLater(() -> bringForward(stage)));
        station.restoreAtStart().ifPresent(outcome -> tellRestore(stage, outcome));
        LOG.info("station {} of {} open (reader {}, central {}): log-in window shown", config.deviceNumber(),
                config.institutionCode(), config.cardReader() == null ? "first with a card" : config.cardReader(),
                config.centralUrl());
        demo = DemoMode.of(options()).orElse(null);
        if (demo != null) {
            demo.start(stage, ui, sessions, executor, texts);
        }
    }

    /** The store's station instance, claimed by {@link StationApp#main} before anything opened (null: none was). */
    private static StationInstance handedOver;

    static synchronized void handOver(StationInstance claimed) {
        handedOver = claimed;
    }

    private static synchronized StationInstance handedOver() {
        StationInstance taken = handedOver;
        handedOver = null;
        return taken;
    }

    /** Whether the store was claimed before the window started: only then may the station open early (a restore). */
    static synchronized boolean claimedBeforeStart() {
        return handedOver != null;
    }

    /** A second start of the station asked for the window: shown, restored from minimised and brought forward. */
    static void bringForward(Stage stage) {
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    /** Says what the start did with a restore the administrators had staged (applied, or not and why). */
    private void tellRestore(Stage stage, StagedRestore.Outcome outcome) {
        DateTimeFormatter shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());
        StagedRestore.Marker m = outcome.marker();
        Alert alert = outcome instanceof StagedRestore.Applied applied
                ? new Alert(Alert.AlertType.INFORMATION, texts.get("restore.atStart.applied", m.backup(),
                        shown.format(m.backupMadeAt()), m.requestedBy(), m.approvedBy(),
                        applied.kept() == null ? "-" : applied.kept().getFileName()), ButtonType.OK)
                : new Alert(Alert.AlertType.WARNING, texts.get("restore.atStart.failed", m.backup(),
                        ((StagedRestore.Failed) outcome).reason()), ButtonType.OK);
        alert.setTitle(texts.get("app.title"));
        alert.setHeaderText(texts.get(outcome instanceof StagedRestore.Applied ? "restore.atStart.title"
                : "restore.atStart.failedTitle"));
        alert.getDialogPane().setId("restore-at-start");
        alert.initOwner(stage);
        alert.show();
    }

    /** The station's background services (null before the station is open). */
    StationServices stationServices() {
        return stationServices;
    }

    /**
     * Closing the window does not end the station: the operator is logged out, a notice says that the station runs on,
     * and the window is minimised; forwarding, syncs and backups go on ({@link StationServices}). The station process
     * ends when the system stops it (the service's stop, a shut-down: the services finish the step they are in).
     */
    void closeWindow(Stage stage) {
        if (station.sessions().loggedIn().isPresent()) {
            station.sessions().logout();
        }
        LOG.info("window closed: operator logged out, the station runs on in the background");
        Alert notice = new Alert(Alert.AlertType.INFORMATION, texts.get("window.close.text"), ButtonType.OK);
        notice.setTitle(texts.get("app.title"));
        notice.setHeaderText(texts.get("window.close.title"));
        notice.getDialogPane().setId("close-notice");
        notice.initOwner(stage);
        notice.showAndWait();
        stage.setIconified(true);
    }

    /**
     * The card office: holder's cards in {@code reader.card}, blank cards in {@code --blank-reader=NAME} (without it
     * the same reader; replacing a card then needs a second reader), handover slips as PDF into the {@code pdf:}
     * folder of {@code --printer}, else the folder {@code receipts} next to the station file.
     */
    private CardOfficeDesk cardOffice(StationConfig config, Path configFile, ReaderManager readers, Clock clock) {
        String blank = option("blank-reader");
        String spec = option("printer");
        Path slips = spec != null && spec.startsWith("pdf:") ? Path.of(spec.substring(4))
                : configFile.toAbsolutePath().getParent().resolve("receipts");
        CardOffice office = new CardOffice(config, station.store(), station.cardKeys(), station.link(),
                station.authorizer(), clock);
        String psam = config.psamReaderName().orElse(null);
        return new CardOfficeDesk(office, new CardSlot(readers, config.cardReader(), psam),
                blank == null || blank.isBlank() ? null : new CardSlot(readers, blank, psam), station.cardKeys(),
                new PdfSlipPrinter(slips, PdfReceiptRenderer::withSystemFont, config.institutionName()));
    }

    /**
     * The hospital ledger of {@code hospital.ledger-url} with the user and password from {@value #LEDGER_USER_ENV} and
     * {@value #LEDGER_PASSWORD_ENV}; without them every pass fails and the status bar says so.
     */
    private Ledger hospitalLedger(StationConfig config) {
        String user = environment.apply(LEDGER_USER_ENV);
        String password = environment.apply(LEDGER_PASSWORD_ENV);
        if (user == null || user.isBlank() || password == null) {
            LOG.warn("hospital.ledger-url is set but {} or {} is not: the station cannot reach the hospital ledger",
                    LEDGER_USER_ENV, LEDGER_PASSWORD_ENV);
        }
        return new Ledger(config.ledger().orElseThrow(), user == null ? "" : user,
                (password == null ? "" : password).toCharArray());
    }

    /**
     * 9001 for the operator who just logged in (the counter's transactions need the station signed in); once signed in,
     * the station services try their syncs at once, and a station clock more than a minute off the central service's is
     * shown in a warning, before the central service starts refusing.
     */
    private void signIn() {
        Optional<Session> s = station.sessions().loggedIn();
        if (s.isEmpty() || !station.authorizer().allowed(Permission.CENTRAL_SIGN_IN)) {
            return;
        }
        String[] address = TerminalCli.localAddress();
        LinkOutcome<?> o = station.link().signIn(s.get().opter(), address[0], address[1]);
        if (!(o instanceof LinkOutcome.Answered<?>)) {
            LOG.warn("sign-in (9001) for {} failed: {}", s.get().operatorId(), o.message());
            return;
        }
        if (stationServices != null) {
            stationServices.kick();
        }
        station.link().clockCheck().filter(ClockCheck::off).ifPresent(c -> Platform.runLater(() -> {
            DateTimeFormatter shown = DateTimeFormatter.ofPattern("HH:mm:ss");
            Alert alert = new Alert(Alert.AlertType.WARNING, texts.get("clock.off",
                    texts.get(c.offset().isNegative() ? "clock.behind" : "clock.ahead"), c.offset().abs().toSeconds(),
                    shown.format(c.station()), shown.format(c.central())), ButtonType.OK);
            alert.setTitle(texts.get("app.title"));
            alert.show();
        }));
    }

    /**
     * {@code pdf:DIR} (default: the folder {@code receipts} next to the station file), {@code device:PATH}
     * (ESC/POS, 58 mm) or {@code network:HOST:PORT} (ESC/POS over TCP).
     */
    static ReceiptPrinter printer(String spec, Path configFile) {
        if (spec == null || spec.isBlank()) {
            Path dir = configFile.toAbsolutePath().getParent().resolve("receipts");
            return new PdfReceiptPrinter(dir, PdfReceiptRenderer.withSystemFont());
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String where = colon < 0 ? "" : spec.substring(colon + 1);
        switch (kind) {
            case "pdf":
                return new PdfReceiptPrinter(Path.of(where), PdfReceiptRenderer.withSystemFont());
            case "device":
                return EscPosPrinter.device(Path.of(where), EscPosRenderer.narrow());
            case "network":
                int port = where.lastIndexOf(':');
                if (port > 0) {
                    try {
                        return EscPosPrinter.network(where.substring(0, port), Integer.parseInt(where.substring(port + 1)),
                                EscPosRenderer.narrow());
                    } catch (NumberFormatException e) {
                        // reported below with the accepted forms
                    }
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("--printer=" + spec + " is not understood: use pdf:DIR, device:PATH or "
                + "network:HOST:PORT");
    }

    private Optional<char[]> passphrase() {
        String env = environment.apply(PASSPHRASE_ENV);
        if (env != null && !env.isEmpty()) {
            return Optional.of(env.toCharArray());
        }
        Dialog<char[]> dialog = new Dialog<>();
        dialog.setTitle(texts.get("app.title"));
        dialog.setHeaderText(texts.get("app.passphrase.title"));
        PasswordField field = new PasswordField();
        field.setId("passphrase");
        dialog.getDialogPane().setContent(new VBox(8, new Label(texts.get("app.passphrase.prompt")), field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> {
            char[] typed = field.getText().toCharArray();
            field.clear();
            if (button == ButtonType.OK) {
                return typed;
            }
            Arrays.fill(typed, '\0');
            return null;
        });
        Platform.runLater(field::requestFocus);
        return dialog.showAndWait();
    }

    @Override
    public void stop() {
        if (demo != null) {
            demo.close();
        }
        if (ui != null) {
            ui.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (stationServices != null) {
            stationServices.close();
            try {
                Runtime.getRuntime().removeShutdownHook(servicesStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it closes the services itself
            }
        }
        if (ledger != null) {
            ledger.close();
        }
        if (monitor != null) {
            monitor.stop();
        }
        executor.shutdownNow();
        if (station != null) {
            station.close();
            station = null;
        }
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
