package org.sscard.terminal.ui.workflow;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.receipt.MoneyFormat;
import org.sscard.terminal.ui.input.PinEntryDialog;
import org.sscard.terminal.ui.text.Texts;

/**
 * The counter's questions as overlays on the window (id {@code prompt-overlay}): the masked PIN dialog and the
 * settlement confirmation ({@code confirm-ok}, {@code confirm-cancel}) with the pre-settlement split.
 */
public final class FxCounterPrompts implements CounterPrompts {
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
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        StackPane[] overlay = new StackPane[1];
        Platform.runLater(() -> {
            Label title = new Label(texts.get("confirm.title"));
            title.getStyleClass().add("title-2");
            Label text = new Label(texts.get("confirm.text", MoneyFormat.yuan(s.medfeeSumamt().fen()),
                    MoneyFormat.yuan(s.fundPaySumamt().fen()), MoneyFormat.yuan(s.acctPay().fen()),
                    MoneyFormat.yuan(s.psnCashPay().fen())));
            text.setId("confirm-text");
            text.setWrapText(true);
            Button ok = new Button(texts.get("confirm.ok"));
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
            HBox buttons = new HBox(12, cancel, ok);
            buttons.setAlignment(Pos.CENTER);
            VBox box = new VBox(14, title, text, buttons);
            box.setId("confirm-dialog");
            box.getStyleClass().add("pin-dialog");
            box.setPadding(new Insets(24));
            box.setAlignment(Pos.CENTER);
            box.setMaxSize(420, VBox.USE_PREF_SIZE);
            overlay[0] = show(box);
            ok.requestFocus();
        });
        return await(answer, overlay);
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
