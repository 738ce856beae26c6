package org.sscard.terminal.ui.screens;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One line of the item table: code, name, quantity, unit price and amount in fen, and whether it has a national code. */
public final class ItemRow {
    private final StringProperty code = new SimpleStringProperty();
    private final StringProperty name = new SimpleStringProperty();
    private final LongProperty quantity = new SimpleLongProperty();
    private final LongProperty unitPriceFen = new SimpleLongProperty();
    private final LongProperty amountFen = new SimpleLongProperty();
    private final BooleanProperty matched = new SimpleBooleanProperty();

    public ItemRow(String code, String name, long quantity, long unitPriceFen, boolean matched) {
        this.code.set(code);
        this.name.set(name);
        this.unitPriceFen.set(unitPriceFen);
        this.matched.set(matched);
        this.quantity.addListener((o, a, b) -> amountFen.set(Math.multiplyExact(b.longValue(), this.unitPriceFen.get())));
        this.quantity.set(quantity);
        amountFen.set(Math.multiplyExact(quantity, unitPriceFen));
    }

    public StringProperty codeProperty() {
        return code;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public LongProperty quantityProperty() {
        return quantity;
    }

    public LongProperty unitPriceFenProperty() {
        return unitPriceFen;
    }

    public LongProperty amountFenProperty() {
        return amountFen;
    }

    public BooleanProperty matchedProperty() {
        return matched;
    }
}
