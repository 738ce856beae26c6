package org.sscard.terminal.ui.screens;

import javafx.scene.control.Button;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

/** What every screen uses: texts, error messages, the background task runner, and a place to show a message. */
public record UiKit(Texts texts, ErrorMessages errors, TaskRunner tasks) {
    /** One line for a status message: title and what to do. */
    public String line(Throwable failure) {
        UserMessage m = errors.describe(failure);
        return m.title() + " " + m.action();
    }

    /**
     * A refusal with a typed reason as "Not done: its words" in the UI's language (no English detail: the station's
     * log has that); any other failure as {@link #line}.
     */
    public String refusal(Throwable failure) {
        return ErrorMessages.problem(failure).map(p -> texts.get("settings.refused", errors.words(p)))
                .orElseGet(() -> line(failure));
    }

    /** A button with node id {@code nodeId}, the text of {@code key} (its _ letter an Alt mnemonic), running {@code action}. */
    public Button button(String nodeId, String key, Runnable action) {
        Button b = new Button(texts.get(key));
        b.setId(nodeId);
        b.setMnemonicParsing(true);
        b.setOnAction(e -> action.run());
        return b;
    }
}
