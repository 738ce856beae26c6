package org.sscard.terminal.ui.fx;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.application.Platform;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.session.Session;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.text.Texts;

/**
 * What the status bar shows, as FX properties: reader and card, link state, queued messages, the hospital ledger's
 * last pass (when the station has one), the age of the blacklist, the catalog and the last good backup (from the
 * station's background services), operator, time.
 * The {@code on…} methods may be called from any thread (reader watcher, link monitor, store queries); they hand
 * the change to the FX thread.
 */
public final class StatusBarModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Texts texts;
    private final Clock clock;
    private final ObjectProperty<ReaderStatus> reader = new SimpleObjectProperty<>(
            ReaderStatus.of(ReaderStatus.State.NO_READER, null));
    private final StringProperty readerText = new SimpleStringProperty();
    private final ObjectProperty<LinkState> link = new SimpleObjectProperty<>(LinkState.UNKNOWN);
    private final StringProperty linkText = new SimpleStringProperty();
    private final LongProperty queued = new SimpleLongProperty(0);
    private final StringProperty queuedText = new SimpleStringProperty();
    private final StringProperty operatorText = new SimpleStringProperty();
    private final StringProperty timeText = new SimpleStringProperty();
    private final ObjectProperty<LedgerBackground.Status> ledger = new SimpleObjectProperty<>();
    private final StringProperty ledgerText = new SimpleStringProperty("");
    private final ObjectProperty<StationServices.Status> services = new SimpleObjectProperty<>();
    private final StringProperty servicesText = new SimpleStringProperty("");

    public StatusBarModel(Texts texts, Clock clock) {
        this.texts = texts;
        this.clock = clock;
        reader.addListener((o, a, b) -> readerText.set(describe(b)));
        link.addListener((o, a, b) -> linkText.set(texts.get("status.link." + b.name())));
        queued.addListener((o, a, b) -> queuedText.set(texts.get("status.queued", b.longValue())));
        ledger.addListener((o, a, b) -> ledgerText.set(describe(b)));
        services.addListener((o, a, b) -> servicesText.set(describe(b)));
        readerText.set(describe(reader.get()));
        linkText.set(texts.get("status.link." + LinkState.UNKNOWN.name()));
        queuedText.set(texts.get("status.queued", 0));
        operatorText.set(texts.get("status.noOperator"));
        tick();
    }

    private String describe(ReaderStatus s) {
        String name = s.reader() == null ? "" : s.reader();
        return switch (s.state()) {
            case NO_READER -> texts.get("status.reader.none");
            case NO_CARD -> texts.get("status.reader.noCard", name);
            case CARD_PRESENT -> texts.get("status.reader.card", name);
            case ERROR -> texts.get("status.reader.error");
        };
    }

    public void onReaderStatus(ReaderStatus status) {
        fx(() -> reader.set(status));
    }

    public void onLinkState(LinkState state) {
        fx(() -> link.set(state));
    }

    /** The hospital ledger's last background pass (a station without a ledger never calls this). */
    public void onLedger(LedgerBackground.Status status) {
        fx(() -> ledger.set(status));
    }

    private String describe(LedgerBackground.Status s) {
        String at = TIME.format(s.at().atZone(ZoneId.systemDefault()));
        return switch (s.state()) {
            case STARTING -> texts.get("status.ledger.STARTING");
            case SYNCED -> texts.get("status.ledger.SYNCED", at);
            case FAILED -> texts.get("status.ledger.FAILED", at);
        };
    }

    /** Why the hospital ledger's last pass failed, in the UI's language (null when it did not fail). */
    public String ledgerProblem() {
        LedgerBackground.Status s = ledger.get();
        return s == null || s.problem() == null ? null : s.problem().in(texts.locale());
    }

    /** The station services' status after a tick (called on their thread). */
    public void onServices(StationServices.Status status) {
        fx(() -> services.set(status));
    }

    private String describe(StationServices.Status s) {
        return texts.get("status.services", age(s, s.blacklistAt()), age(s, s.catalogAt()), age(s, s.backupAt()));
    }

    /** "never", "just now", "12 min ago", "5 h ago", "3 days ago". */
    private String age(StationServices.Status s, java.time.Instant at) {
        java.time.Duration d = s.age(at);
        if (d == null) {
            return texts.get("status.age.never");
        }
        if (d.toMinutes() < 1) {
            return texts.get("status.age.now");
        }
        if (d.toHours() < 1) {
            return texts.get("status.age.minutes", d.toMinutes());
        }
        return d.toDays() < 2 ? texts.get("status.age.hours", d.toHours()) : texts.get("status.age.days", d.toDays());
    }

    /** The worst level of the blacklist, the catalog and the backup (null before the first status). */
    public StationServices.Level servicesLevel() {
        StationServices.Status s = services.get();
        if (s == null) {
            return null;
        }
        StationServices.Level worst = s.blacklist();
        for (StationServices.Level l : new StationServices.Level[] {s.catalog(), s.backup()}) {
            worst = l.compareTo(worst) > 0 ? l : worst;
        }
        return worst;
    }

    /** The latest problem of the station's services in the UI's language (null when none). */
    public String servicesProblem() {
        StationServices.Status s = services.get();
        return s == null || s.problem() == null ? null : s.problem().in(texts.locale());
    }

    public void onQueued(long count) {
        fx(() -> queued.set(count));
    }

    public void onSession(Session session, boolean locked) {
        fx(() -> operatorText.set(session == null ? texts.get("status.noOperator")
                : texts.get("status.operator", session.displayName(), session.operatorId(),
                        texts.role(session.role())) + (locked ? " " + texts.get("status.locked") : "")));
    }

    /** Refreshes the clock text (called every second on the FX thread). */
    public void tick() {
        timeText.set(TIME.format(clock.instant().atZone(ZoneId.systemDefault())));
    }

    private static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    public ObjectProperty<ReaderStatus> readerProperty() {
        return reader;
    }

    public StringProperty readerTextProperty() {
        return readerText;
    }

    public ObjectProperty<LinkState> linkProperty() {
        return link;
    }

    public StringProperty linkTextProperty() {
        return linkText;
    }

    public LongProperty queuedProperty() {
        return queued;
    }

    public StringProperty queuedTextProperty() {
        return queuedText;
    }

    public StringProperty operatorTextProperty() {
        return operatorText;
    }

    public StringProperty timeTextProperty() {
        return timeText;
    }

    /** The hospital ledger's last pass; null while the station has no ledger. */
    public ObjectProperty<LedgerBackground.Status> ledgerProperty() {
        return ledger;
    }

    public StringProperty ledgerTextProperty() {
        return ledgerText;
    }

    /** The station services' last status; null while they have not reported. */
    public ObjectProperty<StationServices.Status> servicesProperty() {
        return services;
    }

    public StringProperty servicesTextProperty() {
        return servicesText;
    }
}
