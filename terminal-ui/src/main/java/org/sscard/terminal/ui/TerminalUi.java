package org.sscard.terminal.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import atlantafx.base.theme.PrimerLight;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.sscard.protocol.MedType;
import org.sscard.store.OutboxState;
import org.sscard.terminal.config.Departments;
import org.sscard.terminal.counter.Reprints;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.session.OperatorAdministration;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.support.SupportBundle;
import org.sscard.terminal.session.Session;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.fx.StatusBar;
import org.sscard.terminal.ui.fx.StatusBarModel;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.reader.CardInsertion;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.screens.AuditScreen;
import org.sscard.terminal.ui.screens.BackupScreen;
import org.sscard.terminal.ui.screens.CardOfficeScreen;
import org.sscard.terminal.ui.screens.CatalogScreen;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.screens.CounterViewModel;
import org.sscard.terminal.ui.screens.DeferredScreen;
import org.sscard.terminal.ui.screens.OperatorsScreen;
import org.sscard.terminal.ui.screens.QueueScreen;
import org.sscard.terminal.ui.screens.ReconciliationScreen;
import org.sscard.terminal.ui.screens.ReportsScreen;
import org.sscard.terminal.ui.screens.ReprintScreen;
import org.sscard.terminal.ui.screens.Screen;
import org.sscard.terminal.ui.screens.SettingsScreen;
import org.sscard.terminal.ui.screens.SettlementCancelPane;
import org.sscard.terminal.ui.screens.UiKit;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.workflow.CounterWorkflows;
import org.sscard.terminal.ui.workflow.FxCounterPrompts;
import org.sscard.terminal.ui.workflow.OnlineCounterActions;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;

/**
 * The station's window: log-in, lock, and the main window whose screens follow the operator's role, with the
 * offline banner on top and the status bar below. Keys: F1 help (the keys of the current screen), F2 read card,
 * F3 a 医保码 (counter screens; the card office has its own F3), F5 refresh, F6 open visits, F7 cancel a settlement, F8 settle, F9 lock, Esc cancel, Ctrl+L lock, Ctrl+1..9 switch
 * screens. The idle lock is checked every second from the session's clock.
 */
public final class TerminalUi implements AutoCloseable {
    private final UiServices services;
    private final CounterWorkflows workflows;
    private final SupervisorWorkflows supervisor;
    private final TaskRunner tasks = new TaskRunner();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-status");
        t.setDaemon(true);
        return t;
    });
    private final UiKit kit;
    private final StatusBarModel status;
    private final StackPane root = new StackPane();
    private final BorderPane main = new BorderPane();
    private final VBox nav = new VBox(6);
    private final LoginView login;
    private final LockView lock;
    private final Label banner = new Label();
    private final Scene scene;
    private final Timeline clockTimer;
    private final FxCounterPrompts prompts;
    private List<Screen> screens = List.of();
    private Screen current;
    private long lastActivityMillis;
    private CardOfficeDesk cardOffice;
    private CardInsertion cardInsertion = CardInsertion.READ;
    private ReaderStatus.State readerState;

    public TerminalUi(UiServices services) {
        this(services, new BarcodeWedge(new WedgeDetector(), System::nanoTime));
    }

    /** With a given barcode wedge (tests give it their own clock). */
    public TerminalUi(UiServices services, BarcodeWedge barcodeWedge) {
        this(services, barcodeWedge, null);
    }

    /**
     * With the online counter workflows connected to the cashier window and the pharmacy counter ({@code workflows}
     * null: the counter screens stay disconnected and say so).
     */
    public TerminalUi(UiServices services, BarcodeWedge barcodeWedge, CounterWorkflows workflows) {
        this(services, barcodeWedge, workflows, null);
    }

    /**
     * Also with the supervisor and administrator screens' workflows (reconciliation, reports, reprint queue,
     * settings; {@code supervisor} null: those screens are not offered).
     */
    public TerminalUi(UiServices services, BarcodeWedge barcodeWedge, CounterWorkflows workflows,
                      SupervisorWorkflows supervisor) {
        this.services = services;
        this.workflows = workflows;
        this.supervisor = supervisor;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        this.kit = new UiKit(services.texts(), new ErrorMessages(services.texts()), tasks);
        this.status = new StatusBarModel(services.texts(), services.clock());
        this.login = new LoginView(services.sessions(), services.store().operators(), tasks, services.texts(), kit.errors(),
                services.institutionName());
        this.lock = new LockView(services.sessions(), tasks, services.texts(), kit.errors());
        banner.setId("offline-banner");
        banner.getStyleClass().add("offline-banner");
        banner.setText(services.texts().get("banner.offline"));
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setPadding(new Insets(6, 12, 6, 12));
        banner.visibleProperty().bind(status.linkProperty().isEqualTo(LinkState.OFFLINE));
        banner.managedProperty().bind(banner.visibleProperty());
        nav.setId("nav");
        nav.setPadding(new Insets(12));
        nav.setPrefWidth(180);
        nav.getStyleClass().add("nav");
        main.setId("main-window");
        main.setTop(banner);
        main.setLeft(nav);
        main.setBottom(new StatusBar(status, tasks, services.texts()));
        root.getChildren().addAll(main, login, lock);
        prompts = new FxCounterPrompts(root, services.texts());
        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(TerminalUi.class.getResource("terminal.css").toExternalForm());
        barcodeWedge.install(scene);
        barcodeWedge.setOnBarcode(this::onBarcode);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> activity());
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> activity());

        services.sessions().addListener(e -> Platform.runLater(() -> onSession(e)));
        if (services.monitor() != null) {
            services.monitor().addListener(state -> {
                status.onLinkState(state);
                refreshQueued();
            });
            status.onLinkState(services.monitor().state());
        }
        if (services.ledger() != null) {
            services.ledger().addListener(status::onLedger);
        }
        if (services.stationServices() != null) {
            services.stationServices().addListener(status::onServices);
        }
        if (services.readers() != null) {
            services.readers().addListener(status::onReaderStatus);
            services.readers().addListener(r -> Platform.runLater(() -> onReader(r)));
        }
        clockTimer = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        clockTimer.setCycleCount(Timeline.INDEFINITE);
        clockTimer.play();
        refreshQueued();
        showLogin();
    }

    /** Connects the card office screen (shown to the card clerk, and to the supervisor for cancelling cards). */
    public void setCardOffice(CardOfficeDesk desk) {
        this.cardOffice = desk;
    }

    /** What a card inserted into or taken out of the card reader does ({@code --card-insert}; default read). */
    public void setCardInsertion(CardInsertion insertion) {
        this.cardInsertion = insertion;
    }

    /**
     * A change of the card reader (FX thread). The first state heard is where the reader stands, not an event. A
     * card inserted (any other state to CARD_PRESENT) goes to the screen shown when the window is idle: an operator
     * logged in and not locked, no job running, no dialog open. A card taken out (CARD_PRESENT to NO_CARD or
     * NO_READER) goes to every screen of the session; each keeps what it must (a running job is left to fail).
     */
    private void onReader(ReaderStatus r) {
        ReaderStatus.State before = readerState;
        readerState = r.state();
        if (before == null || before == r.state() || cardInsertion == CardInsertion.IGNORE
                || services.sessions().loggedIn().isEmpty()) {
            return;
        }
        if (r.state() == ReaderStatus.State.CARD_PRESENT) {
            if (current != null && main.isVisible() && !services.sessions().locked() && !tasks.runningProperty().get()
                    && !dialogOpen()) {
                current.cardInserted();
            }
        } else if (before == ReaderStatus.State.CARD_PRESENT && (r.state() == ReaderStatus.State.NO_CARD
                || r.state() == ReaderStatus.State.NO_READER)) {
            screens.forEach(Screen::cardRemoved);
        }
    }

    /** A question on the window (PIN, confirmation, list) or a window of its own (the F1 help) is open. */
    private boolean dialogOpen() {
        if (root.getChildren().stream().anyMatch(n -> "prompt-overlay".equals(n.getId()))) {
            return true;
        }
        Window own = scene.getWindow();
        return Window.getWindows().stream().anyMatch(w -> w != own && w.isShowing()
                && w instanceof Stage s && s.getOwner() == own);
    }

    public Scene scene() {
        return scene;
    }

    public StatusBarModel status() {
        return status;
    }

    public TaskRunner tasks() {
        return tasks;
    }

    public Optional<Screen> currentScreen() {
        return Optional.ofNullable(current);
    }

    public List<Screen> screens() {
        return screens;
    }

    private int ticks;

    private void tick() {
        status.tick();
        if (services.sessions().loggedIn().isPresent() && !services.sessions().locked()) {
            background.execute(services.sessions()::checkIdle);
        }
        if (++ticks % 10 == 0) {
            refreshQueued();
        }
    }

    /**
     * Counts the messages still to be delivered (queued, in flight, unknown) and the deferred visits not yet settled,
     * off the FX thread; with a hospital ledger, also asks for a pass (after a settlement, and every ten seconds, a
     * pass finds whatever is new).
     */
    public void refreshQueued() {
        if (services.ledger() != null) {
            services.ledger().kick();
        }
        background.execute(() -> {
            var counts = services.store().outbox().countsByState();
            long n = DeferredVisits.queuedTotals(services.store()).count();
            for (OutboxState s : OutboxState.values()) {
                if (s.pending()) {
                    n += counts.getOrDefault(s, 0L);
                }
            }
            status.onQueued(n);
        });
    }

    private void activity() {
        long now = services.clock().millis();
        if (now - lastActivityMillis > 1000 && services.sessions().loggedIn().isPresent()
                && !services.sessions().locked()) {
            lastActivityMillis = now;
            background.execute(services.sessions()::activity);
        }
    }

    private void onSession(SessionManager.Event e) {
        Optional<Session> s = services.sessions().loggedIn();
        status.onSession(s.orElse(null), services.sessions().locked());
        switch (e) {
            case LOGGED_IN -> showMain(s.orElseThrow());
            case LOCKED -> showLock();
            case UNLOCKED -> showMainAgain();
            case LOGGED_OUT -> showLogin();
        }
    }

    private void showLogin() {
        screens = List.of();
        current = null;
        main.setCenter(null);
        nav.getChildren().clear();
        main.setVisible(false);
        lock.setVisible(false);
        login.setVisible(true);
        login.reset();
    }

    private void showLock() {
        login.setVisible(false);
        main.setVisible(false);
        lock.setVisible(true);
        lock.show();
    }

    private void showMainAgain() {
        lock.setVisible(false);
        login.setVisible(false);
        main.setVisible(true);
        if (current != null) {
            current.refresh();
        }
    }

    private void showMain(Session session) {
        screens = screensFor(session);
        nav.getChildren().clear();
        Label who = new Label(services.texts().role(session.role()));
        who.getStyleClass().add("title-4");
        nav.getChildren().add(who);
        for (int i = 0; i < screens.size(); i++) {
            Screen sc = screens.get(i);
            Button b = new Button((i + 1) + "  " + services.texts().get(sc.titleKey()));
            b.setId("nav-" + sc.id());
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(ev -> show(sc));
            nav.getChildren().add(b);
        }
        Button help = new Button(services.texts().get("keys.help.button"));
        help.setId("nav-help");
        help.setMaxWidth(Double.MAX_VALUE);
        help.setOnAction(ev -> showHelp());
        Button lockButton = new Button(services.texts().get("lock.now"));
        lockButton.setId("nav-lock");
        lockButton.setMaxWidth(Double.MAX_VALUE);
        lockButton.setOnAction(ev -> lockNow());
        nav.getChildren().addAll(help, lockButton);
        login.setVisible(false);
        lock.setVisible(false);
        main.setVisible(true);
        if (screens.isEmpty()) {
            current = null;
            main.setCenter(new Label(services.texts().get("screen.none")));
        } else {
            show(screens.get(0));
        }
    }

    /** The screens the role may use, in the order of the navigation (DOMAIN §1, least privilege). */
    private List<Screen> screensFor(Session session) {
        List<Screen> list = new ArrayList<>();
        var authorizer = services.authorizer();
        if (authorizer.allowed(Permission.VISIT)) {
            list.add(new CounterScreen("screen-cashier", "screen.cashier",
                    connect(new CounterViewModel(code -> services.store().catalog().local(code)).withVisitFields(
                            CounterDesk.defaultDepartment(MedType.OUTPATIENT),
                            CounterDesk.defaultDoctor(MedType.OUTPATIENT), workflows == null
                                    ? Departments.DEFAULTS : workflows.counter().departments()), MedType.OUTPATIENT),
                    kit));
        }
        if (authorizer.allowed(Permission.PHARMACY_SALE)) {
            list.add(new CounterScreen("screen-pharmacy", "screen.pharmacy", connect(new CounterViewModel(code ->
                    services.store().catalog().byBarcode(code).or(() -> services.store().catalog().local(code))),
                    MedType.PHARMACY), kit));
        }
        if (authorizer.allowed(Permission.DEFERRED_VISITS) && workflows != null && workflows.deferredVisits() != null) {
            list.add(new DeferredScreen(workflows.deferredVisits(), prompts, kit));
        }
        if (authorizer.allowed(Permission.DEAD_LETTERS) && services.forwarder() != null) {
            list.add(new QueueScreen(services.store(), services.forwarder(), authorizer, kit,
                    workflows == null ? null : workflows.offlineSale(), services.clock()));
        }
        if (cardOffice != null && (authorizer.allowed(Permission.CARD_OFFICE) || authorizer.allowed(Permission.CARD_CANCEL))) {
            list.add(new CardOfficeScreen(cardOffice, authorizer, kit, prompts, services.clock()));
        }
        if (authorizer.allowed(Permission.AUDIT_READ) || authorizer.allowed(Permission.AUDIT_VERIFY)) {
            list.add(new AuditScreen(services.store(), authorizer, services.clock(), kit));
        }
        if (authorizer.allowed(Permission.OPERATORS)) {
            list.add(new OperatorsScreen(new OperatorAdministration(services.store(), authorizer), services.clock(), kit));
        }
        if (supervisor != null) {
            list.addAll(supervisorScreens(authorizer));
        }
        return List.copyOf(list);
    }

    private List<Screen> supervisorScreens(org.sscard.terminal.session.Authorizer authorizer) {
        List<Screen> list = new ArrayList<>();
        if (authorizer.allowed(Permission.RECONCILIATION)) {
            ReconciliationScreen reconcile = new ReconciliationScreen(supervisor.reconciliation(), supervisor.counter(),
                    services.clock(), kit, supervisor.institution());
            if (authorizer.allowed(Permission.CANCEL_ANY_SETTLEMENT)) {
                reconcile.addCancelPane(new SettlementCancelPane(supervisor.counter(), supervisor.spooler(), prompts,
                        supervisor.config().institutionName(), supervisor.config().deviceNumber(),
                        () -> services.sessions().loggedIn().map(Session::displayName).orElse(""), kit));
            }
            list.add(reconcile);
        }
        if (authorizer.allowed(Permission.REPORTS)) {
            list.add(new ReportsScreen(supervisor.reports(), services.clock(), kit, supervisor.institution()));
        }
        Optional<Permission> prints = java.util.stream.Stream.of(Permission.VISIT, Permission.PHARMACY_SALE,
                Permission.CANCEL_ANY_SETTLEMENT).filter(authorizer::allowed).findFirst();
        if (prints.isPresent()) {
            list.add(new ReprintScreen(supervisor.spooler(), new Reprints(supervisor.spooler(), supervisor.receipts(),
                    services.store()), authorizer, prints.get(), kit));
        }
        if (services.ledger() != null && (authorizer.allowed(Permission.CONFIGURATION)
                || authorizer.allowed(Permission.RECONCILIATION))) {
            list.add(new CatalogScreen(services.ledger().catalog(), authorizer, kit));
        }
        if (authorizer.allowed(Permission.CONFIGURATION)) {
            list.add(new SettingsScreen(supervisor.config(), supervisor.settings(), new SupportBundle(supervisor.config(),
                    services.store(), SupportBundle.configuredLogDir(), services.clock()), authorizer, kit));
        }
        if (authorizer.allowed(Permission.BACKUP) && services.stationServices() != null) {
            list.add(new BackupScreen(services.stationServices(), supervisor.config(), services.clock(), kit));
        }
        return list;
    }

    private CounterViewModel connect(CounterViewModel model, MedType medType) {
        if (workflows != null) {
            model.actionsProperty().set(new OnlineCounterActions(workflows, medType, prompts, services.texts(),
                    () -> services.sessions().loggedIn().map(Session::displayName).orElse(""), this::refreshQueued));
        }
        return model;
    }

    public void show(Screen screen) {
        current = screen;
        main.setCenter(screen.view());
        screen.refresh();
    }

    public void lockNow() {
        background.execute(services.sessions()::lock);
    }

    private void onKey(KeyEvent e) {
        if (!main.isVisible()) {
            return;
        }
        KeyCode code = e.getCode();
        if (code == KeyCode.F9 || LOCK_KEY.match(e)) {
            lockNow();
        } else if (code == KeyCode.F1) {
            showHelp();
        } else if (code == KeyCode.F2 && current != null) {
            current.readCard();
        } else if (code == KeyCode.F3 && current instanceof CounterScreen counter) {
            counter.presentEcode(null);
        } else if (code == KeyCode.F5 && current != null) {
            current.refresh();
            refreshQueued();
        } else if (code == KeyCode.F6 && current != null) {
            current.openVisits();
        } else if (code == KeyCode.F7 && current != null) {
            current.cancelSettlement();
        } else if (code == KeyCode.F8 && current != null) {
            current.settle();
        } else if (code == KeyCode.ESCAPE && current != null) {
            current.cancel();
        } else if (e.isShortcutDown() && code.isDigitKey()) {
            int index = code.getName().charAt(code.getName().length() - 1) - '1';
            if (index >= 0 && index < screens.size()) {
                show(screens.get(index));
            }
        } else {
            return;
        }
        e.consume();
    }

    static final KeyCombination LOCK_KEY = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);

    private void onBarcode(String code) {
        if (current instanceof CounterScreen counter) {
            counter.scanned(code);
        }
    }

    /** The F1 help: the keys every screen has, then the current screen's own keys (from the bundles). */
    String helpText() {
        String common = services.texts().get("keys.help.text");
        return current == null ? common : common + "\n" + services.texts().get(current.helpKey());
    }

    private void showHelp() {
        Alert help = new Alert(Alert.AlertType.INFORMATION, helpText(), ButtonType.CLOSE);
        help.getDialogPane().setId("help-dialog");
        help.setTitle(services.texts().get("keys.help.title"));
        help.setHeaderText(services.texts().get("keys.help.title"));
        help.initOwner(scene.getWindow());
        help.show();
    }

    @Override
    public void close() {
        clockTimer.stop();
        tasks.close();
        background.shutdownNow();
    }
}
