package org.sscard.terminal.ui.screens;

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
}
