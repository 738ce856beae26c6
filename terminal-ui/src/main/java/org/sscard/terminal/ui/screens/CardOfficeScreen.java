package org.sscard.terminal.ui.screens;

import java.time.LocalDate;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.protocol.CardService;
import org.sscard.terminal.desk.OfficeDesk;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.office.HolderRecord;
import org.sscard.terminal.receipt.PrintFailedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.ui.office.CardOfficeDesk;
import org.sscard.terminal.ui.office.HandoverSlipLayout;
import org.sscard.terminal.ui.workflow.CounterPrompts;

/**
 * The card office (卡务): a card looked up by number (C107), loss report and lift, suspend and resume, reissue and
 * replace, PIN reset and unblock (the holder types the new PIN on the PIN dialog), cancel (supervisor only), and the
 * issue of a new card from the holder form onto a blank card, ending with the handover slip shown and printed. Function
 * keys: Enter in the card number looks up, F2 reads the card in the reader, F3 loss, F4 lift, Shift+F3 suspend,
 * Shift+F4 resume, F6 reissue, F7 replace, F8 issue, F10 PIN reset, F11 PIN unblock, F12 cancel; loss, suspend and
 * cancel ask for confirmation (Enter confirms, Esc does not). The holder form is
 * validated as a whole before anything is sent: every problem is shown next to its field.
 */
public final class CardOfficeScreen implements Screen {
    /** The holder form's fields, in {@link HolderRecord}'s order, by their JSON (snake_case) names. */
    public static final List<String> HOLDER_FIELDS = List.of("certno", "id_type", "id_valid_until", "name", "sex",
            "ethnicity", "nationality", "birth_date", "birthplace", "person_type", "insurance_type", "insured_region",
            "work_status", "employer_code", "employer_name", "mobile", "address", "postal_code", "guardian_name",
            "guardian_certno");

    private final CardOfficeDesk desk;
    private final OfficeDesk cards;
    private final Authorizer authorizer;
    private final UiKit kit;
    private final CounterPrompts prompts;
    private final Clock clock;
    private final StackPane root = new StackPane();
    private final TextField cardNo = new TextField();
    private final TextField certno = new TextField();
    private final TextField reason = new TextField();
    private final TextField blankSn = new TextField();
    private final CheckBox cardInHand = new CheckBox();
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Map<String, Label> problems = new LinkedHashMap<>();
    private final StatusText status = new StatusText();
    private final StringProperty message = status.textProperty();
    private final StringProperty state = new SimpleStringProperty("");
    private final StringProperty slipText = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<HandoverSlip> slip = new ReadOnlyObjectWrapper<>();
    private final boolean clerk;
    private final boolean supervisor;
    private Node confirmation;
    private Node focusBeforeConfirmation;
    /**
     * On the scene while the screen is shown, so the keys work wherever the focus is (even on the navigation). F2, F6,
     * F7, F8 and Esc are not here: the shell's key filter routes them to the {@link Screen} methods.
     */
    private final javafx.event.EventHandler<KeyEvent> keys = this::onKey;

    public CardOfficeScreen(CardOfficeDesk desk, Authorizer authorizer, UiKit kit, CounterPrompts prompts, Clock clock) {
        this.desk = desk;
        this.cards = desk.officeDesk();
        this.authorizer = authorizer;
        this.kit = kit;
        this.prompts = prompts;
        this.clock = clock;
        this.clerk = authorizer.allowed(Permission.CARD_OFFICE);
        this.supervisor = authorizer.allowed(Permission.CARD_CANCEL);
        BorderPane content = new BorderPane();
        content.setPadding(new Insets(12));
        content.setTop(lookupPanel());
        content.setCenter(holderForm());
        content.setRight(slipPanel());
        content.setBottom(actionPanel());
        root.setId("screen-card-office");
        root.getChildren().add(content);
        root.sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removeEventHandler(KeyEvent.KEY_PRESSED, keys);
            }
            if (now != null) {
                now.addEventHandler(KeyEvent.KEY_PRESSED, keys);
            }
        });
    }

    private Node lookupPanel() {
        cardNo.setId("office-card-no");
        cardNo.setPromptText(kit.texts().get("office.cardNo.prompt"));
        cardNo.setOnAction(e -> lookUp());
        certno.setId("office-certno");
        certno.setPromptText(kit.texts().get("office.certno.prompt"));
        certno.setPrefColumnCount(18);
        reason.setId("office-reason");
        reason.setPromptText(kit.texts().get("office.reason.prompt"));
        Button lookUp = button("office-lookup", "office.lookup", this::lookUp);
        lookUp.setDisable(!clerk);
        cardInHand.setId("office-card-in-hand");
        cardInHand.setText(kit.texts().get("office.cardInHand"));
        cardInHand.setVisible(supervisor);
        cardInHand.setManaged(supervisor);
        HBox row = new HBox(8, label("office.cardNo"), cardNo, label("office.certno"), certno, label("office.reason"),
                reason, lookUp, cardInHand);
        row.setAlignment(Pos.CENTER_LEFT);
        Label stateLabel = new Label();
        stateLabel.setId("office-state");
        stateLabel.getStyleClass().add("title-4");
        stateLabel.textProperty().bind(state);
        VBox box = new VBox(8, row, stateLabel);
        box.setPadding(new Insets(0, 0, 10, 0));
        return box;
    }

    private Node holderForm() {
        GridPane g = new GridPane();
        g.setId("office-holder-form");
        g.getStyleClass().add("panel");
        g.setHgap(8);
        g.setVgap(4);
        g.setPadding(new Insets(10));
        Label title = new Label(kit.texts().get("office.form.title"));
        title.getStyleClass().add("title-3");
        g.add(title, 0, 0, 4, 1);
        int half = (HOLDER_FIELDS.size() + 1) / 2;
        for (int i = 0; i < HOLDER_FIELDS.size(); i++) {
            String f = HOLDER_FIELDS.get(i);
            TextField field = new TextField();
            field.setId("holder-" + f.replace('_', '-'));
            field.setPromptText(kit.texts().get("office.hint." + f));
            Label problem = new Label();
            problem.setId("holder-" + f.replace('_', '-') + "-error");
            problem.getStyleClass().add("field-error");
            problem.setStyle("-fx-text-fill: -color-danger-fg;");
            problem.setWrapText(true);
            problem.setMaxWidth(240);
            problem.managedProperty().bind(problem.textProperty().isNotEmpty());
            problem.visibleProperty().bind(problem.managedProperty());
            field.setPrefWidth(240);
            fields.put(f, field);
            problems.put(f, problem);
            int col = i < half ? 0 : 2;
            int row = 1 + (i < half ? i : i - half);
            Label name = label("office.field." + f);
            name.setLabelFor(field);
            g.add(name, col, row);
            g.add(new VBox(2, field, problem), col + 1, row);
        }
        fields.get("id_type").setText("01");
        fields.get("nationality").setText("CHN");
        blankSn.setId("office-blank-sn");
        blankSn.setPromptText(kit.texts().get("office.blankSn.prompt"));
        blankSn.setPrefColumnCount(30);
        HBox blank = new HBox(8, label("office.blankSn"), blankSn);
        blank.setAlignment(Pos.CENTER_LEFT);
        g.add(blank, 0, half + 1, 4, 1);
        g.setDisable(!clerk);
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Node slipPanel() {
        Label title = new Label(kit.texts().get("office.slip.title"));
        title.getStyleClass().add("title-3");
        Label text = new Label();
        text.setId("office-slip-text");
        text.setWrapText(true);
        text.textProperty().bind(slipText);
        Button print = button("office-slip-print", "office.slip.print", this::printSlip);
        print.disableProperty().bind(slip.isNull().or(kit.tasks().runningProperty()));
        VBox box = new VBox(10, title, text, print);
        box.setId("office-slip");
        box.getStyleClass().add("panel");
        box.setPadding(new Insets(10));
        box.setPrefWidth(280);
        BorderPane.setMargin(box, new Insets(0, 0, 0, 12));
        return box;
    }

    private Node actionPanel() {
        FlowPane buttons = new FlowPane(8, 8,
                action("office-loss", "office.loss", this::reportLoss, clerk),
                action("office-lift", "office.lift", this::liftLoss, clerk),
                action("office-suspend", "office.suspend", this::suspendCard, clerk),
                action("office-resume", "office.resume", this::resumeCard, clerk),
                action("office-reissue", "office.reissue", this::reissue, clerk),
                action("office-replace", "office.replace", this::replace, clerk),
                action("office-issue", "office.issue", this::issue, clerk),
                action("office-pin-reset", "office.pinReset", () -> changePin(false), clerk),
                action("office-pin-unblock", "office.pinUnblock", () -> changePin(true), clerk),
                action("office-cancel", "office.cancel", this::cancelCard, supervisor));
        Label text = new MessageLine("office-message", status).label();
        VBox box = new VBox(8, buttons, text);
        box.setPadding(new Insets(10, 0, 0, 0));
        return box;
    }

    private Button action(String id, String key, Runnable run, boolean allowed) {
        Button b = button(id, key, run);
        if (allowed) {
            b.disableProperty().bind(kit.tasks().runningProperty());
        } else {
            b.setDisable(true);
        }
        return b;
    }

    private Button button(String id, String key, Runnable run) {
        Button b = new Button(kit.texts().get(key));
        b.setId(id);
        b.setOnAction(e -> run.run());
        return b;
    }

    private Label label(String key) {
        Label l = new Label(kit.texts().get(key));
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private void onKey(KeyEvent e) {
        if (confirmation != null || e.isConsumed() || !shown()) {
            return;
        }
        Runnable r = e.isShiftDown() ? shiftedKey(e.getCode()) : switch (e.getCode()) {
            case F3 -> clerk ? this::reportLoss : null;
            case F4 -> clerk ? this::liftLoss : null;
            case F10 -> clerk ? () -> changePin(false) : null;
            case F11 -> clerk ? () -> changePin(true) : null;
            case F12 -> supervisor ? this::cancelCard : null;
            default -> null;
        };
        if (r != null) {
            e.consume();
            r.run();
        }
    }

    private Runnable shiftedKey(KeyCode code) {
        return switch (code) {
            case F3 -> clerk ? this::suspendCard : null;
            case F4 -> clerk ? this::resumeCard : null;
            default -> null;
        };
    }

    /** Shown and not covered by the log-in or lock view (they hide the main window). */
    private boolean shown() {
        for (Node n = root; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return root.getScene() != null;
    }

    /** The model of the last handover slip (tests and the print button). */
    public ReadOnlyObjectProperty<HandoverSlip> slipProperty() {
        return slip.getReadOnlyProperty();
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty stateProperty() {
        return state;
    }

    /** The holder form's field by its JSON name (tests fill it like an operator). */
    public TextField field(String name) {
        return fields.get(name);
    }

    // ---- actions ----

    private boolean busy() {
        return kit.tasks().runningProperty().get() || confirmation != null;
    }

    private <T> void run(String busyKey, Callable<T> work, Consumer<T> done) {
        message.set(kit.texts().get(busyKey));
        kit.tasks().run(kit.texts().get(busyKey), work, done, f -> status.fail(kit.line(f)));
    }

    private Optional<String> required(TextField field, String missingKey) {
        String v = field.getText() == null ? "" : field.getText().trim();
        if (v.isEmpty()) {
            message.set(kit.texts().get(missingKey));
            field.requestFocus();
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private void lookUp() {
        if (busy() || !clerk) {
            return;
        }
        required(cardNo, "office.needCardNo").ifPresent(no -> run("office.lookingUp",
                () -> desk.office().status(no), this::showStatus));
    }

    private void showStatus(CardService.CardStatus s) {
        state.set(kit.texts().get("office.state", s.cardNo(), kit.texts().get("office.cardState." + s.cardStas().name()),
                s.stasTime() == null ? "-" : s.stasTime()));
        message.set(kit.texts().get("office.done.status"));
    }

    @Override
    public void readCard() {
        if (busy() || !clerk) {
            return;
        }
        run("office.readingCard", () -> {
            return cards.statusOfCardInReader();
        }, s -> {
            cardNo.setText(s.cardNo());
            showStatus(s);
        });
    }

    /**
     * A card inserted looks the card up (F2) unless the clerk is preparing a new card (a blank card's serial number
     * or holder details typed: the card inserted then is the blank card for F8).
     */
    @Override
    public void cardInserted() {
        if (!blankSn.getText().isBlank() || fields.entrySet().stream().anyMatch(e -> !e.getKey().equals("id_type")
                && !e.getKey().equals("nationality") && !e.getValue().getText().isBlank())) {
            return;
        }
        readCard();
    }

    private void reportLoss() {
        if (busy()) {
            return;
        }
        Optional<String> no = required(cardNo, "office.needCardNo");
        Optional<String> cert = no.flatMap(n -> required(certno, "office.needCertno"));
        if (cert.isEmpty()) {
            return;
        }
        String why = reason.getText().isBlank() ? null : reason.getText().trim();
        confirm(kit.texts().get("office.confirm.loss", no.get()), () -> run("office.reportingLoss",
                () -> desk.office().reportLoss(no.get(), cert.get(), why), s -> {
                    showStatus(s);
                    message.set(kit.texts().get("office.done.loss", s.cardNo()));
                }));
    }

    private void liftLoss() {
        if (busy()) {
            return;
        }
        Optional<String> no = required(cardNo, "office.needCardNo");
        Optional<String> cert = no.flatMap(n -> required(certno, "office.needCertno"));
        cert.ifPresent(c -> run("office.liftingLoss", () -> desk.office().liftLoss(no.get(), c), s -> {
            showStatus(s);
            message.set(kit.texts().get("office.done.lift", s.cardNo()));
        }));
    }

    private void suspendCard() {
        if (busy()) {
            return;
        }
        Optional<String> no = required(cardNo, "office.needCardNo");
        Optional<String> cert = no.flatMap(n -> required(certno, "office.needCertno"));
        Optional<String> why = cert.flatMap(c -> required(reason, "office.needSuspendReason"));
        if (why.isEmpty()) {
            return;
        }
        confirm(kit.texts().get("office.confirm.suspend", no.get()), () -> run("office.suspending",
                () -> desk.office().suspend(no.get(), cert.get(), why.get()), s -> {
                    showStatus(s);
                    message.set(kit.texts().get("office.done.suspend", s.cardNo()));
                }));
    }

    private void resumeCard() {
        if (busy()) {
            return;
        }
        Optional<String> no = required(cardNo, "office.needCardNo");
        Optional<String> cert = no.flatMap(n -> required(certno, "office.needCertno"));
        cert.ifPresent(c -> run("office.resuming", () -> desk.office().resume(no.get(), c), s -> {
            showStatus(s);
            message.set(kit.texts().get("office.done.resume", s.cardNo()));
        }));
    }

    private void cancelCard() {
        if (busy() || !supervisor) {
            return;
        }
        Optional<String> no = required(cardNo, "office.needCardNo");
        Optional<String> cert = no.flatMap(n -> required(certno, "office.needCertno"));
        Optional<String> why = cert.flatMap(c -> required(reason, "office.needReason"));
        if (why.isEmpty()) {
            return;
        }
        boolean inHand = cardInHand.isSelected();
        confirm(kit.texts().get("office.confirm.cancel", no.get()), () -> run("office.cancelling",
                () -> cards.cancel(no.get(), cert.get(), why.get(), inHand), s -> {
            showStatus(s);
            message.set(kit.texts().get("office.done.cancel", s.cardNo()));
        }));
    }

    private void changePin(boolean unblock) {
        if (busy()) {
            return;
        }
        Optional<String> cert = required(certno, "office.needCertno");
        cert.ifPresent(c -> run(unblock ? "office.unblockingPin" : "office.resettingPin", () -> {
            Optional<char[]> pin = prompts.askPin();
            if (pin.isEmpty()) {
                return null;
            }
            try {
                return unblock ? cards.unblockPin(c, pin.get()) : cards.resetPin(c, pin.get());
            } finally {
                Arrays.fill(pin.get(), '\0');
            }
        }, auth -> message.set(auth == null ? kit.texts().get("office.pinCancelled")
                : kit.texts().get(unblock ? "office.done.pinUnblock" : "office.done.pinReset", auth))));
    }

    /** F8: issue (the clerk's; the supervisor's holder form is disabled). */
    @Override
    public void settle() {
        if (clerk) {
            issue();
        }
    }

    /** F6 (the shell's key filter takes F6 before the screen's handler could): reissue. */
    @Override
    public void openVisits() {
        if (clerk) {
            reissue();
        }
    }

    /** F7 (taken by the shell's key filter like F6): replace. */
    @Override
    public void cancelSettlement() {
        if (clerk) {
            replace();
        }
    }

    private void issue() {
        if (busy()) {
            return;
        }
        Optional<HolderRecord> holder = validHolder();
        Optional<CardIdentificationCode> sn = holder.flatMap(h -> blankCard());
        sn.ifPresent(id -> personalise("office.issuing", pin -> cards.issue(holder.get(), id, pin)));
    }

    private void reissue() {
        if (busy()) {
            return;
        }
        Optional<String> old = required(cardNo, "office.needCardNo");
        Optional<HolderRecord> holder = old.flatMap(o -> validHolder());
        Optional<CardIdentificationCode> sn = holder.flatMap(h -> blankCard());
        sn.ifPresent(id -> personalise("office.reissuing", pin -> cards.reissue(old.get(), holder.get(), id, pin)));
    }

    private void replace() {
        if (busy()) {
            return;
        }
        if (!cards.canReplace()) {
            message.set(kit.texts().get("office.replaceNeedsTwoReaders"));
            return;
        }
        Optional<HolderRecord> holder = validHolder();
        Optional<CardIdentificationCode> sn = holder.flatMap(h -> blankCard());
        sn.ifPresent(id -> personalise("office.replacing", pin -> cards.replace(holder.get(), id, pin)));
    }

    /** Something that personalises a blank card with the holder's initial PIN (and wipes it). */
    private interface Personalisation {
        HandoverSlip run(char[] initialPin) throws Exception;
    }

    /** The holder types the initial PIN on the PIN dialog; then the card is personalised and the slip printed. */
    private void personalise(String busyKey, Personalisation work) {
        run(busyKey, () -> {
            Optional<char[]> pin = prompts.askPin();
            if (pin.isEmpty()) {
                return null;
            }
            try {
                HandoverSlip s = work.run(pin.get());
                return new Printed(s, print(s));
            } finally {
                Arrays.fill(pin.get(), '\0');
            }
        }, (Printed p) -> {
            if (p == null) {
                message.set(kit.texts().get("office.pinCancelled"));
                return;
            }
            showSlip(p.slip());
            message.set(p.failure() == null ? kit.texts().get("office.done.slip", p.slip().cardNo())
                    : kit.texts().get("office.done.slipNotPrinted", p.slip().cardNo(), p.failure()));
        });
    }

    private record Printed(HandoverSlip slip, String failure) {
    }

    /** Prints on the worker; the failure text, or null when printed. */
    private String print(HandoverSlip s) {
        try {
            desk.slips().print(s);
            return null;
        } catch (PrintFailedException | RuntimeException e) {
            return kit.line(e);
        }
    }

    private void printSlip() {
        HandoverSlip s = slip.get();
        if (s == null || busy()) {
            return;
        }
        run("office.printing", () -> Optional.ofNullable(print(s)), failure -> message.set(failure
                .map(f -> kit.texts().get("office.done.slipNotPrinted", s.cardNo(), f))
                .orElseGet(() -> kit.texts().get("office.done.slip", s.cardNo()))));
    }

    private void showSlip(HandoverSlip s) {
        slip.set(s);
        StringBuilder b = new StringBuilder();
        for (var row : HandoverSlipLayout.rows("", s)) {
            if (row instanceof org.sscard.terminal.receipt.ReceiptLayout.Pair p) {
                b.append(p.label()).append("：").append(p.value()).append('\n');
            }
        }
        slipText.set(b.toString().trim());
        cardNo.setText(s.cardNo());
        state.set(kit.texts().get("office.state", s.cardNo(), kit.texts().get("office.cardState." + s.cardState()),
                s.time()));
    }

    /** The holder form as a record; every problem shown next to its field (and none when empty). */
    private Optional<HolderRecord> validHolder() {
        HolderRecord h = new HolderRecord(v("certno"), v("id_type"), v("id_valid_until"), v("name"), v("sex"),
                v("ethnicity"), v("nationality"), v("birth_date"), v("birthplace"), v("person_type"),
                v("insurance_type"), v("insured_region"), v("work_status"), v("employer_code"), v("employer_name"),
                v("mobile"), v("address"), v("postal_code"), v("guardian_name"), v("guardian_certno"));
        problems.values().forEach(l -> l.setText(""));
        List<HolderRecord.Invalid> found = h.problems(LocalDate.now(clock));
        String first = null;
        for (HolderRecord.Invalid p : found) {
            String field = p.field();
            Label l = problems.get(field);
            if (l != null) {
                l.setText(kit.texts().get("office.rule." + field));
                first = first == null ? field : first;
            }
        }
        if (!found.isEmpty()) {
            message.set(kit.texts().get("office.formProblems", found.size()));
            if (first != null) {
                fields.get(first).requestFocus();
            }
            return Optional.empty();
        }
        return Optional.of(h);
    }

    private String v(String field) {
        String t = fields.get(field).getText();
        return t == null || t.isBlank() ? null : t.trim();
    }

    private Optional<CardIdentificationCode> blankCard() {
        Optional<String> hex = required(blankSn, "office.needBlankSn");
        try {
            return hex.map(CardIdentificationCode::ofHex);
        } catch (RuntimeException e) {
            message.set(kit.texts().get("office.badBlankSn"));
            blankSn.requestFocus();
            return Optional.empty();
        }
    }

    // ---- confirmation (Enter confirms, Esc does not) ----

    private void confirm(String text, Runnable yes) {
        Label title = new Label(kit.texts().get("office.confirm.title"));
        title.getStyleClass().add("title-2");
        Label body = new Label(text);
        body.setId("office-confirm-text");
        body.setWrapText(true);
        Button ok = new Button(kit.texts().get("office.confirm.ok"));
        ok.setId("office-confirm-ok");
        ok.getStyleClass().add("danger");
        ok.setDefaultButton(true);
        Button no = new Button(kit.texts().get("office.confirm.no"));
        no.setId("office-confirm-cancel");
        ok.setOnAction(e -> {
            closeConfirmation();
            yes.run();
        });
        no.setOnAction(e -> {
            closeConfirmation();
            message.set(kit.texts().get("office.notDone"));
        });
        HBox buttons = new HBox(12, no, ok);
        buttons.setAlignment(Pos.CENTER);
        VBox box = new VBox(14, title, body, buttons);
        box.setId("office-confirm");
        box.getStyleClass().add("pin-dialog");
        box.setPadding(new Insets(24));
        box.setAlignment(Pos.CENTER);
        box.setMaxSize(460, VBox.USE_PREF_SIZE);
        StackPane overlay = new StackPane(box);
        overlay.setStyle("-fx-background-color: rgba(0,0,0,0.35);");
        overlay.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                ok.fire();
            }
        });
        focusBeforeConfirmation = root.getScene() == null ? null : root.getScene().getFocusOwner();
        confirmation = overlay;
        root.getChildren().add(overlay);
        ok.requestFocus();
    }

    /** Removes the question and gives the focus back (the screen's function keys need it inside the screen). */
    private void closeConfirmation() {
        root.getChildren().remove(confirmation);
        confirmation = null;
        Node back = focusBeforeConfirmation != null && focusBeforeConfirmation.getScene() != null
                ? focusBeforeConfirmation : cardNo;
        focusBeforeConfirmation = null;
        back.requestFocus();
    }

    // ---- Screen ----

    @Override
    public String id() {
        return "screen-card-office";
    }

    @Override
    public String helpKey() {
        return "keys.help.cardOffice";
    }

    @Override
    public String titleKey() {
        return "screen.cardOffice";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        cardNo.requestFocus();
    }

    /** Esc: withdraws the confirmation, else cancels the running job (and the PIN dialog), else clears the screen. */
    @Override
    public void cancel() {
        if (confirmation != null) {
            closeConfirmation();
            message.set(kit.texts().get("office.notDone"));
        } else if (kit.tasks().runningProperty().get()) {
            kit.tasks().cancel();
        } else {
            cardNo.clear();
            certno.clear();
            reason.clear();
            blankSn.clear();
            fields.forEach((f, t) -> t.clear());
            problems.values().forEach(l -> l.setText(""));
            fields.get("id_type").setText("01");
            fields.get("nationality").setText("CHN");
            state.set("");
            message.set("");
            slip.set(null);
            slipText.set("");
            cardNo.requestFocus();
        }
    }
}
