package org.sscard.terminal.ui.input;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sscard.terminal.ui.text.Texts;

/**
 * The card holder's PIN entry when the reader has no PIN pad: large dots for the digits typed, the keyboard's digit
 * keys (top row and keypad) or the on-screen keys, Backspace, Enter to confirm, Esc to cancel. The digits live only
 * in a {@link PinBuffer} (a char array, never a String, never logged); {@link #result()} hands out a copy that the
 * caller wipes after VERIFY PIN, and the dialog's own buffer is wiped on confirm and on cancel.
 */
public final class PinEntryDialog extends VBox {
    private final PinBuffer buffer = new PinBuffer();
    private final Label dots = new Label();
    private final Label hint = new Label();
    private final Texts texts;
    private char[] result;
    private boolean done;
    private Runnable onDone = () -> { };

    public PinEntryDialog(Texts texts) {
        this.texts = texts;
        setId("pin-dialog");
        getStyleClass().add("pin-dialog");
        setSpacing(14);
        setPadding(new Insets(24));
        setAlignment(Pos.CENTER);
        setFocusTraversable(true);
        Label title = new Label(texts.get("pin.title"));
        title.getStyleClass().add("title-2");
        Label prompt = new Label(texts.get("pin.prompt", PinBuffer.MIN_DIGITS, PinBuffer.MAX_DIGITS));
        dots.setId("pin-dots");
        dots.getStyleClass().add("pin-dots");
        hint.setId("pin-hint");
        GridPane keys = new GridPane();
        keys.setHgap(8);
        keys.setVgap(8);
        keys.setAlignment(Pos.CENTER);
        for (int d = 1; d <= 9; d++) {
            keys.add(digitKey((char) ('0' + d)), (d - 1) % 3, (d - 1) / 3);
        }
        Button clear = key(texts.get("pin.clear"), "pin-clear");
        clear.setOnAction(e -> {
            buffer.clear();
            refresh();
        });
        keys.add(clear, 0, 3);
        keys.add(digitKey('0'), 1, 3);
        Button back = key("⌫", "pin-back");
        back.setOnAction(e -> {
            buffer.backspace();
            refresh();
        });
        keys.add(back, 2, 3);
        Button ok = new Button(texts.get("pin.ok"));
        ok.setId("pin-ok");
        ok.setDefaultButton(false);
        ok.setOnAction(e -> confirm());
        Button cancel = new Button(texts.get("pin.cancel"));
        cancel.setId("pin-cancel");
        cancel.setOnAction(e -> cancel());
        HBox actions = new HBox(12, cancel, ok);
        actions.setAlignment(Pos.CENTER);
        getChildren().addAll(title, prompt, dots, hint, keys, actions);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        refresh();
    }

    private Button digitKey(char digit) {
        Button b = key(String.valueOf(digit), "pin-key-" + digit);
        b.setOnAction(e -> {
            buffer.add(digit);
            refresh();
        });
        return b;
    }

    private static Button key(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        b.setFocusTraversable(false);
        b.setPrefSize(64, 52);
        b.getStyleClass().add("pin-key");
        return b;
    }

    private void onKey(KeyEvent e) {
        KeyCode code = e.getCode();
        if (code.isDigitKey()) {
            buffer.add(digitOf(code));
            refresh();
        } else if (code == KeyCode.BACK_SPACE) {
            buffer.backspace();
            refresh();
        } else if (code == KeyCode.ENTER) {
            confirm();
        } else if (code == KeyCode.ESCAPE) {
            cancel();
        } else {
            return;
        }
        e.consume();
    }

    private static char digitOf(KeyCode code) {
        String name = code.name();
        return name.charAt(name.length() - 1);
    }

    private void refresh() {
        dots.setText(buffer.length() == 0 ? " " : buffer.mask());
        hint.setText(texts.get("pin.digits", buffer.length()));
    }

    private void confirm() {
        if (!buffer.complete()) {
            hint.setText(texts.get("pin.tooShort", PinBuffer.MIN_DIGITS));
            return;
        }
        result = buffer.take();
        finish();
    }

    private void cancel() {
        buffer.clear();
        result = null;
        finish();
    }

    private void finish() {
        done = true;
        refresh();
        onDone.run();
    }

    public void setOnDone(Runnable r) {
        this.onDone = r;
    }

    public boolean isDone() {
        return done;
    }

    /** The PIN typed (empty if cancelled); the caller wipes the array with {@code Arrays.fill(pin, '\0')}. */
    public Optional<char[]> result() {
        char[] r = result;
        result = null;
        return Optional.ofNullable(r);
    }

    /** True if no digit remains in the dialog's own memory. */
    public boolean bufferWiped() {
        return buffer.wiped();
    }
}
