package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.session.OperatorAdministration;

/**
 * The administrator's operator accounts: the list (role, active, lock state, must change password, password expiry,
 * second factor, last log-in) and what to do to the chosen one — unlock, reset the password (changed at the next
 * log-in), reset the second factor, disable, enable — and, under dual control, a role change or enabling an
 * administrator: proposed here, approved by a second administrator (logged in, or typing their id, password and code
 * in the panel below on this session), applied by the proposer. Keyboard: the table takes the arrows, Alt with the
 * underlined letter runs an action, F5 reads the list again.
 */
public final class OperatorsScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final VBox content = new VBox(10);
    private final ScrollPane root = new ScrollPane(content);
    private final TableView<Operators.Operator> table;
    private final TableView<OperatorAdministration.Proposal> proposals;
    private final PasswordField newPassword = new PasswordField();
    private final PasswordField confirmPassword = new PasswordField();
    private final ChoiceBox<Role> role = new ChoiceBox<>();
    private final TextField approver = new TextField();
    private final PasswordField approverPassword = new PasswordField();
    private final PasswordField approverCode = new PasswordField();
    private final Label message = new Label();
    private final OperatorAdministration admin;
    private final Clock clock;
    private final UiKit kit;

    public OperatorsScreen(OperatorAdministration admin, Clock clock, UiKit kit) {
        this.admin = admin;
        this.clock = clock;
        this.kit = kit;
        root.setId("screen-operators");
        root.setFitToWidth(true);
        content.setPadding(new Insets(12));
        table = Tables.table("operators-table", kit.texts().get("audit.empty"));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.id"), Operators.Operator::id));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.name"), Operators.Operator::displayName));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.role"), o -> roleName(o.role())));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.active"), o -> yesNo(o.active())));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.locked"), this::lockState));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.mustChange"), o -> yesNo(o.mustChangePassword())));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.expires"), o -> TIME.format(o.passwordExpiresAt())));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.secondFactor"), o -> kit.texts().get(
                o.secondFactorEnrolled() ? "operators.secondFactor.set" : "operators.secondFactor.none")));
        table.getColumns().add(Tables.column(kit.texts().get("operators.col.lastLogin"),
                o -> o.lastLoginAt() == null ? kit.texts().get("operators.never") : TIME.format(o.lastLoginAt())));
        double[] widths = {90, 110, 90, 50, 150, 80, 140, 80, 140};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
        }
        table.setPrefHeight(260);

        HBox actions = new HBox(10, chosen("operators-unlock", "operators.unlock", this::unlock),
                chosen("operators-disable", "operators.disable", this::disable),
                chosen("operators-enable", "operators.enable", this::enable),
                chosen("operators-reset-totp", "operators.resetTotp", this::resetSecondFactor));
        actions.setAlignment(Pos.CENTER_LEFT);
        newPassword.setId("operators-new-password");
        newPassword.setPromptText(kit.texts().get("login.newPassword"));
        confirmPassword.setId("operators-confirm-password");
        confirmPassword.setPromptText(kit.texts().get("login.confirmPassword"));
        Button reset = chosen("operators-reset-password", "operators.resetPassword", this::resetPassword);
        newPassword.setOnAction(e -> confirmPassword.requestFocus());
        confirmPassword.setOnAction(e -> reset.fire());
        HBox resetBar = new HBox(10, new Label(kit.texts().get("operators.resetHint")), newPassword, confirmPassword, reset);
        resetBar.setAlignment(Pos.CENTER_LEFT);
        role.setId("operators-role");
        role.setItems(FXCollections.observableArrayList(Role.values()));
        role.setValue(Role.CASHIER);
        role.setConverter(new StringConverter<>() {
            @Override
            public String toString(Role r) {
                return r == null ? "" : roleName(r);
            }

            @Override
            public Role fromString(String s) {
                return null;
            }
        });
        HBox roleBar = new HBox(10, new Label(kit.texts().get("operators.newRole")), role,
                chosen("operators-propose-role", "operators.proposeRole", this::proposeRole));
        roleBar.setAlignment(Pos.CENTER_LEFT);

        proposals = Tables.table("operators-proposals", kit.texts().get("operators.noProposals"));
        proposals.getColumns().add(Tables.column("#", p -> Long.toString(p.id())));
        proposals.getColumns().add(Tables.column(kit.texts().get("operators.col.change"), this::describe));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.proposedBy"), OperatorAdministration.Proposal::requestedBy));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.state"), p -> kit.texts().get("settings.state."
                + p.state().name()) + (p.decidedBy() == null ? "" : " (" + p.decidedBy() + ")")));
        proposals.setPrefHeight(130);
        HBox decide = new HBox(10, proposal("operators-approve", "settings.approve", this::approve),
                proposal("operators-reject", "settings.reject", this::reject),
                proposal("operators-apply", "settings.apply", this::apply));
        approver.setId("operators-approver");
        approver.setPromptText(kit.texts().get("settings.approverId"));
        approverPassword.setId("operators-approver-password");
        approverPassword.setPromptText(kit.texts().get("settings.approverPassword"));
        approverCode.setId("operators-approver-code");
        approverCode.setPromptText(kit.texts().get("settings.approverCode"));
        approverCode.setPrefColumnCount(8);
        Button approveHere = proposal("operators-approve-here", "settings.approveWith", this::approveHere);
        approver.setOnAction(e -> approverPassword.requestFocus());
        approverPassword.setOnAction(e -> approverCode.requestFocus());
        approverCode.setOnAction(e -> approveHere.fire());
        HBox secondAdmin = new HBox(10, new Label(kit.texts().get("settings.secondAdmin")), approver, approverPassword,
                approverCode, approveHere);
        secondAdmin.setAlignment(Pos.CENTER_LEFT);
        message.setId("operators-message");
        message.setWrapText(true);
        content.getChildren().addAll(message, table, actions, resetBar, roleBar,
                new Label(kit.texts().get("operators.proposals")), proposals, decide, secondAdmin);
    }

    private Button chosen(String nodeId, String key, Runnable action) {
        Button b = button(nodeId, key, action);
        b.disableProperty().bind(kit.tasks().runningProperty().or(table.getSelectionModel().selectedItemProperty().isNull()));
        return b;
    }

    private Button proposal(String nodeId, String key, Runnable action) {
        Button b = button(nodeId, key, action);
        b.disableProperty().bind(kit.tasks().runningProperty().or(proposals.getSelectionModel().selectedItemProperty().isNull()));
        return b;
    }

    private Button button(String nodeId, String key, Runnable action) {
        Button b = new Button(kit.texts().get(key));
        b.setId(nodeId);
        b.setMnemonicParsing(true);
        b.setOnAction(e -> action.run());
        return b;
    }

    private String roleName(Role r) {
        return kit.texts().role(r);
    }

    private String yesNo(boolean b) {
        return kit.texts().get(b ? "common.yes" : "common.no");
    }

    private String lockState(Operators.Operator o) {
        return o.lockedAt(clock.instant()) ? kit.texts().get("operators.lockedUntil", TIME.format(o.lockedUntil()))
                : kit.texts().get("operators.notLocked");
    }

    private String describe(OperatorAdministration.Proposal p) {
        return p.action().equals(Operators.ROLE_CHANGE)
                ? kit.texts().get("operators.change.role", p.operatorId(), roleName(p.role()))
                : kit.texts().get("operators.change.enable", p.operatorId());
    }

    private record Snapshot(List<Operators.Operator> operators, List<OperatorAdministration.Proposal> proposals) {
    }

    @Override
    public void refresh() {
        String keep = selected().map(Operators.Operator::id).orElse(null);
        kit.tasks().run(kit.texts().get("operators.loading"), () -> new Snapshot(admin.list(), admin.proposals()), s -> {
            table.setItems(FXCollections.observableArrayList(s.operators()));
            proposals.setItems(FXCollections.observableArrayList(s.proposals()));
            s.operators().stream().filter(o -> o.id().equals(keep)).findFirst()
                    .ifPresent(o -> table.getSelectionModel().select(o));
            if (message.getText().isEmpty()) {
                message.setText(kit.texts().get("operators.count", s.operators().size()));
            }
        }, this::failed);
    }

    /**
     * A refusal (not an administrator, the last administrator, no approval, a wrong password of the second
     * administrator...) says why in the UI's language; other failures as everywhere.
     */
    private void failed(Throwable f) {
        message.setText(kit.refusal(f));
    }

    private Optional<Operators.Operator> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    /** Runs an action on the chosen operator in the background, then shows {@code doneKey} and reads the list again. */
    private void act(String doneKey, Callable<Object> action, String id) {
        kit.tasks().run(kit.texts().get("operators.working"), action, r -> {
            message.setText(kit.texts().get(doneKey, id, r == null ? "" : r.toString()));
            refresh();
        }, this::failed);
    }

    private void unlock() {
        selected().ifPresent(o -> act("operators.unlocked", () -> {
            admin.unlock(o.id());
            return null;
        }, o.id()));
    }

    private void disable() {
        selected().ifPresent(o -> act("operators.disabled", () -> {
            admin.disable(o.id());
            return null;
        }, o.id()));
    }

    /** Enables at once, or for an administrator proposes it (dual control). */
    private void enable() {
        selected().ifPresent(o -> {
            if (o.role() == Role.ADMINISTRATOR && !o.active()) {
                act("operators.proposed", () -> admin.proposeEnable(o.id()), o.id());
            } else {
                act("operators.enabled", () -> {
                    admin.enable(o.id());
                    return null;
                }, o.id());
            }
        });
    }

    private void resetSecondFactor() {
        selected().ifPresent(o -> act("operators.totpReset", () -> {
            admin.resetSecondFactor(o.id());
            return null;
        }, o.id()));
    }

    private static char[] take(PasswordField field) {
        char[] out = field.getText().toCharArray();
        field.clear();
        return out;
    }

    private void resetPassword() {
        Optional<Operators.Operator> o = selected();
        char[] fresh = take(newPassword);
        char[] again = take(confirmPassword);
        if (o.isEmpty() || !Arrays.equals(fresh, again) || fresh.length == 0) {
            message.setText(kit.texts().get("login.change.mismatch"));
            Arrays.fill(fresh, '\0');
            Arrays.fill(again, '\0');
            newPassword.requestFocus();
            return;
        }
        Arrays.fill(again, '\0');
        act("operators.passwordReset", () -> {
            admin.resetPassword(o.get().id(), fresh);
            return null;
        }, o.get().id());
    }

    private void proposeRole() {
        Role r = role.getValue();
        selected().ifPresent(o -> act("operators.proposed", () -> admin.proposeRole(o.id(), r), o.id()));
    }

    private Optional<OperatorAdministration.Proposal> chosenProposal() {
        return Optional.ofNullable(proposals.getSelectionModel().getSelectedItem());
    }

    private void approve() {
        chosenProposal().ifPresent(p -> act("operators.approved", () -> {
            admin.approve(p.id());
            return p.id();
        }, p.operatorId()));
    }

    private void reject() {
        chosenProposal().ifPresent(p -> act("operators.rejected", () -> {
            admin.reject(p.id());
            return p.id();
        }, p.operatorId()));
    }

    private void apply() {
        chosenProposal().ifPresent(p -> act("operators.applied", () -> {
            admin.apply(p.id());
            return describe(p);
        }, p.operatorId()));
    }

    private void approveHere() {
        Optional<OperatorAdministration.Proposal> p = chosenProposal();
        String who = approver.getText().trim();
        char[] password = take(approverPassword);
        char[] code = take(approverCode);
        if (p.isEmpty()) {
            Arrays.fill(password, '\0');
            Arrays.fill(code, '\0');
            return;
        }
        kit.tasks().run(kit.texts().get("operators.working"), () -> {
            admin.approveHere(p.get().id(), who, password, code);
            return describe(p.get());
        }, done -> {
            approver.clear();
            message.setText(kit.texts().get("operators.applied", p.get().operatorId(), done));
            refresh();
        }, this::failed);
    }

    @Override
    public String id() {
        return "screen-operators";
    }

    @Override
    public String helpKey() {
        return "keys.help.operators";
    }

    @Override
    public String titleKey() {
        return "screen.operators";
    }

    @Override
    public Node view() {
        return root;
    }
}
