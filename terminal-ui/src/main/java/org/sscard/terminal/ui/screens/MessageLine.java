package org.sscard.terminal.ui.screens;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
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

    /** The message followed by {@code notice} (a notice of the platform, already worded), when there is one. */
    MessageLine(String id, StatusText status, ObservableStringValue notice) {
        this(id, status);
        label.textProperty().unbind();
        label.textProperty().bind(Bindings.createStringBinding(() -> notice.get().isEmpty() ? status.textProperty().get()
                : status.textProperty().get().isEmpty() ? notice.get() : status.textProperty().get() + "  " + notice.get(),
                status.textProperty(), notice));
    }

    Label label() {
        return label;
    }

    boolean showsFailure() {
        return label.getPseudoClassStates().contains(FAILURE);
    }
}
