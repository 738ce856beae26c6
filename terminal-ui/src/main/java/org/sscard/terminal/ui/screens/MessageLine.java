package org.sscard.terminal.ui.screens;

import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;

/**
 * A screen's status line: progress and results in the normal colour, a failure (written with {@link #fail}) in red
 * until the next message replaces it, so a cashier tells "settled" from "refused" at a glance.
 */
final class MessageLine {
    private static final PseudoClass FAILURE = PseudoClass.getPseudoClass("failure");

    private final StringProperty text;
    private final Label label = new Label();

    MessageLine(String id, StringProperty text) {
        this.text = text;
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("message");
        label.textProperty().bind(text);
        text.addListener((o, was, now) -> label.pseudoClassStateChanged(FAILURE, false));
    }

    Label label() {
        return label;
    }

    void fail(String line) {
        text.set(line);
        label.pseudoClassStateChanged(FAILURE, true);
    }

    boolean showsFailure() {
        return label.getPseudoClassStates().contains(FAILURE);
    }
}
