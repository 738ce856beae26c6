package org.sscard.terminal.ui.input;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Catches a keyboard-wedge barcode scanner anywhere in a scene: typed characters feed a {@link WedgeDetector};
 * when a burst ends with Enter, the Enter is consumed, the burst is taken back out of the text field it was typed
 * into, and the code goes to {@code onBarcode} (the screen adds the item). Slow typing passes through untouched.
 */
public final class BarcodeWedge {
    private final WedgeDetector detector;
    private final LongSupplier nanos;
    private Consumer<String> onBarcode = code -> { };

    public BarcodeWedge(WedgeDetector detector, LongSupplier nanos) {
        this.detector = detector;
        this.nanos = nanos;
    }

    public void setOnBarcode(Consumer<String> handler) {
        this.onBarcode = handler;
    }

    public void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            String c = e.getCharacter();
            if (c.length() == 1 && c.charAt(0) != '\r' && c.charAt(0) != '\n') {
                detector.onChar(c.charAt(0), nanos.getAsLong());
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ENTER) {
                return;
            }
            String code = detector.onEnter(nanos.getAsLong());
            if (code == null) {
                return;
            }
            e.consume();
            if (scene.getFocusOwner() instanceof TextInputControl field && field.getText().endsWith(code)) {
                field.setText(field.getText().substring(0, field.getText().length() - code.length()));
            }
            onBarcode.accept(code);
        });
    }
}
