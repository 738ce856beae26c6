package org.sscard.terminal.ui.screens;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.sscard.store.Operators;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.RuntimeSettings.Setting;
import org.sscard.terminal.config.SettingsException;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.support.SupportBundle;

/**
 * The administrator's station settings: the station file's configuration read-only (paths and addresses; the file
 * holds no secret and the key-store passphrase is never shown), and the runtime settings (idle lock, offline limits)
 * with their changes under dual control ({@link RuntimeSettings}): propose, a second administrator approves — logged
 * in, or by entering their id and password in the approval panel on the proposer's session — or rejects, the proposer
 * applies; the station applies stored values when it next starts.
 */
public final class SettingsScreen implements Screen {
    private final VBox content = new VBox(10);
    private final ScrollPane root = new ScrollPane(content);
    private final TableView<Map.Entry<String, String>> configuration;
    private final TableView<RuntimeSettings.Current> current;
    private final TableView<RuntimeSettings.Proposal> proposals;
    private final ChoiceBox<Setting> setting = new ChoiceBox<>();
    private final TextField value = new TextField();
    private final TextField approver = new TextField();
    private final PasswordField approverPassword = new PasswordField();
    private final PasswordField approverCode = new PasswordField();
    private final Label message = new Label();
    private final RuntimeSettings settings;
    private final SupportBundle supportBundle;
    private final Authorizer authorizer;
    private final UiKit kit;

    /** {@code supportBundle}: written to the operator's home folder by the screen's support-bundle button. */
    public SettingsScreen(StationConfig config, RuntimeSettings settings, SupportBundle supportBundle,
                          Authorizer authorizer, UiKit kit) {
        this.settings = settings;
        this.supportBundle = supportBundle;
        this.authorizer = authorizer;
        this.kit = kit;
        root.setId("screen-settings");
        root.setFitToWidth(true);
        content.setPadding(new Insets(12));
        configuration = Tables.table("settings-config", "");
        configuration.getColumns().add(Tables.column(kit.texts().get("settings.col.key"), Map.Entry::getKey));
        configuration.getColumns().add(Tables.column(kit.texts().get("settings.col.value"), Map.Entry::getValue));
        configuration.setItems(FXCollections.observableArrayList(configurationRows(config)));
        configuration.setPrefHeight(300);
        TitledPane file = new TitledPane(kit.texts().get("settings.file"), configuration);
        file.setExpanded(false);

        current = Tables.table("settings-current", "");
        current.getColumns().add(Tables.column(kit.texts().get("settings.col.setting"), c -> name(c.setting())));
        current.getColumns().add(Tables.column(kit.texts().get("settings.col.file"), c -> shown(c.setting(), c.fileValue())));
        current.getColumns().add(Tables.column(kit.texts().get("settings.col.stored"),
                c -> c.storedValue() == null ? "" : shown(c.setting(), c.storedValue())));
        current.getColumns().add(Tables.column(kit.texts().get("settings.col.range"), c -> shown(c.setting(),
                c.setting().minimum()) + " – " + shown(c.setting(), c.setting().maximum())));
        current.setPrefHeight(230);

        setting.setId("settings-setting");
        setting.setItems(FXCollections.observableArrayList(Setting.values()));
        setting.setValue(Setting.IDLE_LOCK);
        setting.setConverter(new StringConverter<>() {
            @Override
            public String toString(Setting s) {
                return s == null ? "" : name(s);
            }

            @Override
            public Setting fromString(String s) {
                return null;
            }
        });
        value.setId("settings-value");
        value.setPromptText(kit.texts().get("settings.valuePrompt"));
        value.setPrefColumnCount(12);
        Button propose = button("settings-propose", "settings.propose", this::propose);
        HBox proposeBar = new HBox(10, setting, value, propose);
        proposeBar.setAlignment(Pos.CENTER_LEFT);

        proposals = Tables.table("settings-proposals", kit.texts().get("settings.noProposals"));
        proposals.getColumns().add(Tables.column("#", p -> Long.toString(p.id())));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.setting"), p -> name(p.setting())));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.newValue"), p -> shown(p.setting(), p.value())));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.proposedBy"), RuntimeSettings.Proposal::requestedBy));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.proposedAt"), p -> p.requestedAt().toString()));
        proposals.getColumns().add(Tables.column(kit.texts().get("settings.col.state"), p -> p.expired()
                ? kit.texts().get("settings.state.EXPIRED") : kit.texts().get("settings.state." + p.state().name())
                + (p.decidedBy() == null ? "" : " (" + p.decidedBy() + ")")));
        proposals.setPrefHeight(160);
        Button approve = selected("settings-approve", "settings.approve", this::approve);
        Button reject = selected("settings-reject", "settings.reject", this::reject);
        Button apply = selected("settings-apply", "settings.apply", this::apply);
        approver.setId("settings-approver");
        approver.setPromptText(kit.texts().get("settings.approverId"));
        approverPassword.setId("settings-approver-password");
        approverPassword.setPromptText(kit.texts().get("settings.approverPassword"));
        approverCode.setId("settings-approver-code");
        approverCode.setPromptText(kit.texts().get("settings.approverCode"));
        approverCode.setPrefColumnCount(8);
        Button approveWith = selected("settings-approve-with", "settings.approveWith", this::approveWithCredentials);
        HBox decide = new HBox(10, approve, reject, apply);
        HBox secondAdmin = new HBox(10, new Label(kit.texts().get("settings.secondAdmin")), approver, approverPassword,
                approverCode, approveWith);
        secondAdmin.setAlignment(Pos.CENTER_LEFT);
        message.setId("settings-message");
        message.setWrapText(true);
        Label note = new Label(kit.texts().get("settings.note"));
        note.setWrapText(true);
        Button bundle = button("settings-support-bundle", "settings.supportBundle", this::writeSupportBundle);
        content.getChildren().addAll(file, bundle, new Label(kit.texts().get("settings.runtime")), current, note,
                proposeBar, message, new Label(kit.texts().get("settings.proposals")), proposals, decide, secondAdmin);
    }

    /** The support bundle (no personal data, no keys) into the operator's home folder; the message names the file. */
    private void writeSupportBundle() {
        Path file = supportBundle.defaultFile(Path.of(System.getProperty("user.home")));
        kit.tasks().run(kit.texts().get("settings.supportBundle.writing"), () -> supportBundle.write(authorizer, file),
                entries -> message.setText(kit.texts().get("settings.supportBundle.written", file, entries.size())),
                this::failed);
    }

    private Button button(String nodeId, String key, Runnable action) {
        Button b = new Button(kit.texts().get(key));
        b.setId(nodeId);
        b.disableProperty().bind(kit.tasks().runningProperty());
        b.setOnAction(e -> action.run());
        return b;
    }

    private Button selected(String nodeId, String key, Runnable action) {
        Button b = new Button(kit.texts().get(key));
        b.setId(nodeId);
        b.disableProperty().bind(kit.tasks().runningProperty().or(proposals.getSelectionModel().selectedItemProperty().isNull()));
        b.setOnAction(e -> action.run());
        return b;
    }

    private String name(Setting s) {
        return kit.texts().get("settings.name." + s.name());
    }

    private static String shown(Setting s, String stored) {
        return RuntimeSettings.shown(s, stored);
    }

    /** The station file's settings (no secret is in the file; the passphrase never is). */
    static List<Map.Entry<String, String>> configurationRows(StationConfig c) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows.add(Map.entry("institution.code", c.institutionCode()));
        rows.add(Map.entry("institution.name", c.institutionName()));
        rows.add(Map.entry("institution.level", Integer.toString(c.institutionLevel())));
        rows.add(Map.entry("region.mdtrtarea_admvs", c.treatmentRegion()));
        rows.add(Map.entry("region.insuplc_admdvs", c.insuranceRegion()));
        rows.add(Map.entry("device.number", c.deviceNumber()));
        rows.add(Map.entry("central.url", c.centralUrl().toString()));
        rows.add(Map.entry("central.ca-file", c.centralCaFile() == null ? "" : c.centralCaFile().toString()));
        rows.add(Map.entry("central.allow-insecure-http", Boolean.toString(c.allowInsecureHttp())));
        rows.add(Map.entry("central.recer-sys-code", c.receiverSystem()));
        rows.add(Map.entry("central.connect-timeout", c.connectTimeout().toString()));
        rows.add(Map.entry("central.read-timeout", c.readTimeout().toString()));
        rows.add(Map.entry("central.call-timeout", c.callTimeout().toString()));
        rows.add(Map.entry("reader.card", c.cardReaderName().orElse("")));
        rows.add(Map.entry("keystore.path", c.keyStore().toString()));
        rows.add(Map.entry("keystore.data-key-version", Integer.toString(c.dataKeyVersion())));
        rows.add(Map.entry("keystore.device-key-version", Integer.toString(c.deviceKeyVersion())));
        rows.add(Map.entry("store.path", c.storeFile().toString()));
        return rows;
    }

    private record Snapshot(List<RuntimeSettings.Current> current, List<RuntimeSettings.Proposal> proposals) {
    }

    @Override
    public void refresh() {
        kit.tasks().run(kit.texts().get("settings.loading"), () -> new Snapshot(settings.current(), settings.open()),
                loaded -> {
                    current.setItems(FXCollections.observableArrayList(loaded.current()));
                    proposals.setItems(FXCollections.observableArrayList(loaded.proposals()));
                }, f -> message.setText(kit.line(f)));
    }

    private void propose() {
        Setting s = setting.getValue();
        String typed = value.getText();
        kit.tasks().run(kit.texts().get("settings.proposing"), () -> settings.propose(s, typed), id -> {
            value.clear();
            message.setText(kit.texts().get("settings.proposed", id, name(s)));
            refresh();
        }, this::failed);
    }

    private Optional<RuntimeSettings.Proposal> chosen() {
        return Optional.ofNullable(proposals.getSelectionModel().getSelectedItem());
    }

    private void approve() {
        chosen().ifPresent(p -> kit.tasks().run(kit.texts().get("settings.deciding"), () -> settings.approve(p.id()),
                this::decided, this::failed));
    }

    private void approveWithCredentials() {
        Optional<RuntimeSettings.Proposal> p = chosen();
        String who = approver.getText().trim();
        char[] password = approverPassword.getText().toCharArray();
        char[] code = approverCode.getText().toCharArray();
        approverPassword.clear();
        approverCode.clear();
        if (p.isEmpty()) {
            Arrays.fill(password, '\0');
            Arrays.fill(code, '\0');
            return;
        }
        kit.tasks().run(kit.texts().get("settings.deciding"), () -> settings.approve(p.get().id(), who, password, code),
                r -> {
                    approver.clear();
                    decided(r);
                }, f -> {
                    Arrays.fill(password, '\0');
                    failed(f);
                });
    }

    private void decided(RuntimeSettings.Proposal p) {
        message.setText(kit.texts().get(p.state() == Operators.ApprovalState.USED ? "settings.applied" : "settings.approved",
                p.id(), name(p.setting()), shown(p.setting(), p.value()), p.decidedBy()));
        refresh();
    }

    private void reject() {
        chosen().ifPresent(p -> kit.tasks().run(kit.texts().get("settings.deciding"), () -> {
            settings.reject(p.id());
            return p;
        }, r -> {
            message.setText(kit.texts().get("settings.rejected", r.id(), name(r.setting())));
            refresh();
        }, this::failed));
    }

    private void apply() {
        chosen().ifPresent(p -> kit.tasks().run(kit.texts().get("settings.deciding"), () -> {
            settings.apply(p.id());
            return p;
        }, r -> {
            message.setText(kit.texts().get("settings.applied", r.id(), name(r.setting()), shown(r.setting(), r.value()),
                    r.decidedBy()));
            refresh();
        }, this::failed));
    }

    /** A refused action: says why; the list is read again (a refused approval of an expired proposal rejects it). */
    private void failed(Throwable f) {
        message.setText(f instanceof SettingsException e ? kit.texts().get("settings.refused", kit.errors().words(e.problem())) : kit.line(f));
        refresh();
    }

    @Override
    public String id() {
        return "screen-settings";
    }

    @Override
    public String titleKey() {
        return "screen.settings";
    }

    @Override
    public Node view() {
        return root;
    }
}
