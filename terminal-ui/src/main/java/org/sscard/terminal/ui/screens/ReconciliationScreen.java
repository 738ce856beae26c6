package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.ShiftSummary;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.values.MoneyFormat;

/**
 * The supervisor's daily reconciliation (对账): a period (default today), 3201 per insurance type and clearing type
 * with the station's own totals — or, with a hospital ledger, the whole institution's — in the background, 3202 details when a type does not balance; shows balanced / not balanced, the totals
 * per type with the central service's description, and the differences. Also closes the supervisor's own shift
 * and shows its summary; for a supervisor, the cancel of any settlement by its setl_id ({@link SettlementCancelPane}).
 * Authorisation (RECONCILIATION, CANCEL_ANY_SETTLEMENT) and audit are the workflows'.
 */
public final class ReconciliationScreen implements Screen {
    private final VBox root = new VBox(10);
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final Label verdict = new Label();
    private final Label message = new Label();
    private final Label shift = new Label();
    private final TableView<Reconciliation.TypeResult> types;
    private final TableView<Reconciliation.Difference> differences;
    private final javafx.scene.control.ChoiceBox<Boolean> scope = new javafx.scene.control.ChoiceBox<>();
    private final Reconciliation reconciliation;
    private final InstitutionBooks institution;
    private final Counter counter;
    private final UiKit kit;
    private Reconciliation.Result last;

    public ReconciliationScreen(Reconciliation reconciliation, Counter counter, Clock clock, UiKit kit) {
        this(reconciliation, counter, clock, kit, null);
    }

    /**
     * With {@code institution} (the hospital ledger; null when the station has none) a choice of scope: this station's
     * own books or the whole institution's (every station's records from the ledger).
     */
    public ReconciliationScreen(Reconciliation reconciliation, Counter counter, Clock clock, UiKit kit,
                                InstitutionBooks institution) {
        this.reconciliation = reconciliation;
        this.counter = counter;
        this.kit = kit;
        this.institution = institution;
        root.setId("screen-reconciliation");
        root.setPadding(new Insets(12));
        LocalDate today = LocalDate.now(clock);
        from.setId("reconcile-from");
        from.setValue(today);
        to.setId("reconcile-to");
        to.setValue(today);
        Button run = new Button(kit.texts().get("reconcile.run"));
        run.setId("reconcile-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(kit.tasks().runningProperty());
        run.setOnAction(e -> reconcile());
        Button close = new Button(kit.texts().get("reconcile.closeShift"));
        close.setId("reconcile-close-shift");
        close.disableProperty().bind(kit.tasks().runningProperty());
        close.setOnAction(e -> closeShift());
        scope.setId("reconcile-scope");
        scope.setItems(FXCollections.observableArrayList(false, true));
        scope.setValue(false);
        scope.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Boolean whole) {
                return kit.texts().get(Boolean.TRUE.equals(whole) ? "reconcile.scope.institution" : "reconcile.scope.station");
            }

            @Override
            public Boolean fromString(String text) {
                return null;
            }
        });
        scope.setVisible(institution != null);
        scope.setManaged(institution != null);
        HBox bar = new HBox(10, scope, new Label(kit.texts().get("reconcile.from")), from,
                new Label(kit.texts().get("reconcile.to")), to, run, close);
        bar.setAlignment(Pos.CENTER_LEFT);
        verdict.setId("reconcile-verdict");
        verdict.getStyleClass().add("title-3");
        message.setId("reconcile-message");
        message.setWrapText(true);
        shift.setId("reconcile-shift");
        shift.setWrapText(true);
        types = Tables.table("reconcile-types", kit.texts().get("reconcile.none"));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.insutype"),
                t -> kit.texts().insurance(t.totals().insutype().code())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.clrType"),
                t -> kit.texts().get("clrType." + t.clrType().code())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.count"), t -> Long.toString(t.totals().count())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.medfee"), t -> money(t.totals().medfee().fen())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.fund"), t -> money(t.totals().fund().fen())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.acct"), t -> money(t.totals().acct().fen())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.cash"), t -> money(t.totals().cash().fen())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.otherFunds"), t -> otherFunds(t.totals())));
        types.getColumns().add(Tables.column(kit.texts().get("reconcile.col.result"), t -> kit.texts().get(
                t.balanced() ? "reconcile.balanced" : "reconcile.notBalanced")
                + (t.description() == null || t.description().isBlank() ? "" : " — " + t.description())));
        differences = Tables.table("reconcile-differences", kit.texts().get("reconcile.noDifferences"));
        differences.getColumns().add(Tables.column(kit.texts().get("reconcile.col.setlId"), Reconciliation.Difference::setlId));
        differences.getColumns().add(Tables.column(kit.texts().get("reconcile.col.msgid"), Reconciliation.Difference::msgid));
        differences.getColumns().add(Tables.column(kit.texts().get("reconcile.col.diff"),
                d -> kit.texts().get("reconcile.diff." + d.result())));
        differences.getColumns().add(Tables.column(kit.texts().get("reconcile.col.memo"), d -> d.memo() == null ? "" : d.memo()));
        types.setPrefHeight(140);
        VBox.setVgrow(differences, Priority.ALWAYS);
        root.getChildren().addAll(bar, verdict, message, types, new Label(kit.texts().get("reconcile.differences")),
                differences, shift);
    }

    private static String money(long fen) {
        return MoneyFormat.plain(fen);
    }

    /** The funds within the fund total besides the pool that are not zero, named as the receipt names them. */
    private static String otherFunds(Reconciliation.Totals totals) {
        List<String> out = new java.util.ArrayList<>();
        totals.otherFunds().forEach((member, amount) -> out.add(Receipt.OTHER_FUND_LABELS.get(member) + " "
                + MoneyFormat.plain(amount)));
        return String.join(", ", out);
    }

    /** Runs 3201 (and 3202 on a mismatch) for the chosen period in the background. */
    public void reconcile() {
        LocalDate f = from.getValue();
        LocalDate t = to.getValue();
        if (f == null || t == null || t.isBefore(f)) {
            message.setText(kit.texts().get("reconcile.badPeriod"));
            return;
        }
        message.setText("");
        boolean whole = institution != null && Boolean.TRUE.equals(scope.getValue());
        kit.tasks().run(kit.texts().get(whole ? "reconcile.runningInstitution" : "reconcile.running"),
                () -> whole ? new Shown(institution.reconcile(f, t), institution.stations())
                        : new Shown(reconciliation.reconcile(f, t), null), this::show,
                failure -> {
                    verdict.setText("");
                    message.setText(kit.line(failure));
                });
    }

    /** A result and, for the institution's, the stations the ledger has seen (null for this station's own). */
    private record Shown(Reconciliation.Result result, List<String> stations) {
    }

    private void show(Shown shown) {
        Reconciliation.Result r = shown.result();
        last = r;
        verdict.getStyleClass().removeAll("state-ok", "state-bad");
        verdict.getStyleClass().add(r.balanced() ? "state-ok" : "state-bad");
        verdict.setText(kit.texts().get(r.balanced() ? "reconcile.verdict.balanced" : "reconcile.verdict.notBalanced",
                r.from().toString(), r.to().toString()));
        types.setItems(FXCollections.observableArrayList(r.types()));
        differences.setItems(FXCollections.observableArrayList(r.differences()));
        List<String> notes = new java.util.ArrayList<>();
        if (shown.stations() != null) {
            notes.add(kit.texts().get("reconcile.institutionStations", String.join(" ", shown.stations())));
        }
        if (!r.balanced()) {
            notes.add(kit.texts().get("reconcile.checkDifferences", r.differences().size()));
        }
        notes.addAll(debitNotes(r.debitsOutside()));
        message.setText(String.join(" ", notes));
    }

    /** What the books leave out: offline debits still pending or refused. */
    private List<String> debitNotes(SettledRecords.DebitsOutside outside) {
        List<String> notes = new java.util.ArrayList<>();
        if (outside.pending() > 0) {
            notes.add(kit.texts().get("reconcile.debitsPending", outside.pending(), money(outside.pendingAmount().fen())));
        }
        if (outside.refused() > 0) {
            notes.add(kit.texts().get("reconcile.debitsRefused", outside.refused()));
        }
        return notes;
    }

    /** Closes the logged-in operator's shift and shows its summary. */
    public void closeShift() {
        kit.tasks().run(kit.texts().get("reconcile.closingShift"), counter::closeShift, (ShiftSummary s) ->
                shift.setText(String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        kit.texts().get("reconcile.shiftSummary", s.operatorId(), s.from().toString(),
                        s.closedAt().toString(), s.settlements(), s.cancels(), money(s.medfee().fen()),
                        money(s.pool().fen()), money(s.fund().fen()), money(s.acct().fen()), money(s.cash().fen()),
                        s.deferred(), s.offlineDebits())), debitNotes(s.debitsOutside()).stream()).toList())),
                failure -> shift.setText(kit.line(failure)));
    }

    /** Adds the supervisor's cancel of any settlement at the bottom of the screen. */
    public void addCancelPane(SettlementCancelPane pane) {
        root.getChildren().add(pane);
    }

    /** Chooses the institution's books (true) or the station's own (false); only with a hospital ledger. */
    public void chooseInstitution(boolean whole) {
        scope.setValue(whole);
    }

    /** The last result shown (none before the first run). */
    public Optional<Reconciliation.Result> result() {
        return Optional.ofNullable(last);
    }

    @Override
    public String id() {
        return "screen-reconciliation";
    }

    @Override
    public String titleKey() {
        return "screen.reconciliation";
    }

    @Override
    public Node view() {
        return root;
    }
}
