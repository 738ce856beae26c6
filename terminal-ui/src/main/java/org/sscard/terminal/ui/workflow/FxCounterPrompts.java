package org.sscard.terminal.ui.workflow;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.ui.input.PinEntryDialog;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.values.MoneyFormat;

/**
 * The counter's questions as overlays on the window (id {@code prompt-overlay}): the masked PIN dialog and the
 * settlement confirmation and other yes/no questions ({@code confirm-dialog}, {@code confirm-ok}, {@code confirm-cancel}),
 * the station's visits to resume ({@code visits-dialog}, {@code visits-list}, {@code visits-resume}) and a line of
 * text such as a settlement id ({@code text-dialog}, {@code text-field}, {@code text-ok}).
 */
public final class FxCounterPrompts implements CounterPrompts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final StackPane host;
    private final Texts texts;

    public FxCounterPrompts(StackPane host, Texts texts) {
        this.host = host;
        this.texts = texts;
    }

    @Override
    public Optional<char[]> askPin() throws InterruptedException {
        CompletableFuture<Optional<char[]>> answer = new CompletableFuture<>();
        StackPane[] overlay = new StackPane[1];
        Platform.runLater(() -> {
            PinEntryDialog dialog = new PinEntryDialog(texts);
            dialog.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
            dialog.setOnDone(() -> {
                host.getChildren().remove(overlay[0]);
                Optional<char[]> pin = dialog.result();
                if (!answer.complete(pin)) {
                    pin.ifPresent(p -> Arrays.fill(p, '\0'));
                }
            });
            overlay[0] = show(dialog);
            dialog.requestFocus();
        });
        return await(answer, overlay);
    }

    @Override
    public boolean confirmSettlement(SettlementResult preSettlement) throws InterruptedException {
        SettlementResult.SetlInfo s = preSettlement.setlinfo();
        return confirm(texts.get("confirm.title"), texts.get("confirm.text", MoneyFormat.yuan(s.medfeeSumamt().fen()),
                MoneyFormat.yuan(s.fundPaySumamt().fen()), MoneyFormat.yuan(s.acctPay().fen()),
                MoneyFormat.yuan(s.psnCashPay().fen())), texts.get("confirm.ok"));
    }

    @Override
    public boolean confirm(String titleText, String question, String okText) throws InterruptedException {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        StackPane[] overlay = new StackPane[1];
        Platform.runLater(() -> {
            Label title = new Label(titleText);
            title.getStyleClass().add("title-2");
            Label text = new Label(question);
            text.setId("confirm-text");
            text.setWrapText(true);
            Button ok = new Button(okText);
            ok.setId("confirm-ok");
            ok.getStyleClass().add("accent");
            ok.setDefaultButton(true);
            Button cancel = new Button(texts.get("confirm.cancel"));
            cancel.setId("confirm-cancel");
            Consumer<Boolean> done = yes -> {
                host.getChildren().remove(overlay[0]);
                answer.complete(yes);
            };
            ok.setOnAction(e -> done.accept(true));
            cancel.setOnAction(e -> done.accept(false));
            overlay[0] = show(dialog("confirm-dialog", 420, title, text, buttons(cancel, ok)));
            ok.requestFocus();
        });
        return await(answer, overlay);
    }

    @Override
    public Optional<String> chooseVisit(List<OpenVisits.OpenVisit> visits) throws InterruptedException {
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        StackPane[] overlay = new StackPane[1];
        Platform.runLater(() -> {
            Label title = new Label(texts.get("visits.title"));
            title.getStyleClass().add("title-2");
            ListView<OpenVisits.OpenVisit> list = new ListView<>(FXCollections.observableArrayList(visits));
            list.setId("visits-list");
            list.setPrefSize(620, 260);
            list.setPlaceholder(new Label(texts.get("visits.none")));
            list.setCellFactory(v -> new ListCell<>() {
                @Override
                protected void updateItem(OpenVisits.OpenVisit item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : texts.get("visits.row", item.mdtrtId(),
                            texts.get("visits.status." + item.status().name()), item.medType().code(),
                            MoneyFormat.yuan(item.total()), TIME.format(item.createdAt()), item.operatorId(),
                            texts.get(item.begunWithEcode() ? "visits.begunWith.ecode" : "visits.begunWith.card")));
                }
            });
            Button resume = new Button(texts.get("visits.resume"));
            resume.setId("visits-resume");
            resume.getStyleClass().add("accent");
            resume.setDefaultButton(true);
            resume.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
            Button close = new Button(texts.get("visits.close"));
            close.setId("visits-close");
            Consumer<Optional<String>> done = chosen -> {
                host.getChildren().remove(overlay[0]);
                answer.complete(chosen);
            };
            resume.setOnAction(e -> done.accept(Optional.ofNullable(list.getSelectionModel().getSelectedItem())
                    .map(OpenVisits.OpenVisit::mdtrtId)));
            close.setOnAction(e -> done.accept(Optional.empty()));
            Label hint = new Label(texts.get("visits.hint"));
            hint.setWrapText(true);
            overlay[0] = show(dialog("visits-dialog", 680, title, list, hint, buttons(close, resume)));
            if (!visits.isEmpty()) {
                list.getSelectionModel().select(0);
            }
            list.requestFocus();
        });
        return await(answer, overlay);
    }

    @Override
    public Optional<String> askText(String titleText, String prompt) throws InterruptedException {
        return ask(titleText, prompt, new TextField());
    }

    @Override
    public Optional<String> askHidden(String titleText, String prompt) throws InterruptedException {
        return ask(titleText, prompt, new javafx.scene.control.PasswordField());
    }

    private Optional<String> ask(String titleText, String prompt, TextField field) throws InterruptedException {
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        StackPane[] overlay = new StackPane[1];
        Platform.runLater(() -> {
            Label title = new Label(titleText);
            title.getStyleClass().add("title-2");
            Label text = new Label(prompt);
            text.setWrapText(true);
            field.setId("text-field");
            Button ok = new Button(texts.get("text.ok"));
            ok.setId("text-ok");
            ok.getStyleClass().add("accent");
            ok.setDefaultButton(true);
            Button cancel = new Button(texts.get("confirm.cancel"));
            cancel.setId("text-cancel");
            cancel.setCancelButton(true);
            Consumer<Optional<String>> done = value -> {
                host.getChildren().remove(overlay[0]);
                answer.complete(value);
            };
            ok.setOnAction(e -> done.accept(Optional.of(field.getText().trim()).filter(t -> !t.isEmpty())));
            cancel.setOnAction(e -> done.accept(Optional.empty()));
            overlay[0] = show(dialog("text-dialog", 460, title, text, field, buttons(cancel, ok)));
            field.requestFocus();
        });
        return await(answer, overlay);
    }

    private static HBox buttons(Button... buttons) {
        HBox box = new HBox(12, buttons);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static VBox dialog(String id, double maxWidth, Node... content) {
        VBox box = new VBox(14, content);
        box.setId(id);
        box.getStyleClass().add("pin-dialog");
        box.setPadding(new Insets(24));
        box.setAlignment(Pos.CENTER);
        box.setMaxSize(maxWidth, VBox.USE_PREF_SIZE);
        return box;
    }

    private StackPane show(Node dialog) {
        StackPane overlay = new StackPane(dialog);
        overlay.setId("prompt-overlay");
        overlay.setStyle("-fx-background-color: rgba(0,0,0,0.35);");
        host.getChildren().add(overlay);
        return overlay;
    }

    /** Waits for the answer; an interrupted worker withdraws the question. */
    private <T> T await(CompletableFuture<T> answer, StackPane[] overlay) throws InterruptedException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(false);
            Platform.runLater(() -> {
                if (overlay[0] != null) {
                    host.getChildren().remove(overlay[0]);
                }
            });
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
