package org.sscard.terminal.ui.screens;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;

/**
 * A screen's status line: progress and results in the normal colour, a failure ({@link StatusText#fail}) in red
 * (pseudo-class {@code :failure}) until the next message replaces it, so a cashier tells "settled" from "refused" at
 * a glance.
 */
final class MessageLine {
    private static final PseudoClass FAILURE = PseudoClass.getPseudoClass("failure");

    private final Label label = new Label();

    MessageLine(String id, StatusText status) {
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("message");
        label.textProperty().bind(status.textProperty());
        status.failureProperty().addListener((o, was, now) -> label.pseudoClassStateChanged(FAILURE, now));
    }

    Label label() {
        return label;
    }

    boolean showsFailure() {
        return label.getPseudoClassStates().contains(FAILURE);
    }
}
