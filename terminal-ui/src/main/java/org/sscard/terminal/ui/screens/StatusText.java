package org.sscard.terminal.ui.screens;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A screen's status message and whether it reports a failure (a refusal, an error) rather than progress or a result;
 * any new message clears the failure mark, {@link #fail} sets it.
 */
public final class StatusText {
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper failure = new ReadOnlyBooleanWrapper();

    public StatusText() {
        text.addListener((o, was, now) -> failure.set(false));
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyBooleanProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** No message. */
    public void clear() {
        text.set("");
        failure.set(false);
    }

    /** Shows {@code line} as a failure. */
    public void fail(String line) {
        text.set(line);
        failure.set(true);
    }
}
