package org.sscard.terminal.ui.fx;

import javafx.beans.binding.Bindings;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.scene.control.Label;
import org.sscard.values.MoneyFormat;

/** A large, legible amount: fen formatted as {@code ¥1,234.56} (integer arithmetic, no double). */
public final class MoneyLabel extends Label {
    private final LongProperty fen = new SimpleLongProperty(this, "fen", 0);

    public MoneyLabel() {
        getStyleClass().add("money");
        textProperty().bind(Bindings.createStringBinding(() -> MoneyFormat.yuan(fen.get()), fen));
    }

    public LongProperty fenProperty() {
        return fen;
    }

    public void setFen(long value) {
        fen.set(value);
    }
}
