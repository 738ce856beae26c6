package org.sscard.terminal.ui;

import java.util.Arrays;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;

/** The locked station: covers everything, names the operator, and opens again only with the same operator's password. */
final class LockView extends VBox {
    private final Label who = new Label();
    private final PasswordField password = new PasswordField();
    private final Label message = new Label();
    private final SessionManager sessions;
    private final Texts texts;

    LockView(SessionManager sessions, TaskRunner tasks, Texts texts, ErrorMessages errors) {
        this.sessions = sessions;
        this.texts = texts;
        setId("lock-view");
        getStyleClass().add("lock-view");
        setAlignment(Pos.CENTER);
        setSpacing(12);
        setPadding(new Insets(40));
        setMaxWidth(420);
        Label title = new Label(texts.get("lock.title"));
        title.getStyleClass().add("title-1");
        who.setId("lock-operator");
        password.setId("lock-password");
        password.setPromptText(texts.get("login.password"));
        message.setId("lock-message");
        message.setWrapText(true);
        Button unlock = new Button(texts.get("lock.unlock"));
        unlock.setId("lock-unlock");
        unlock.disableProperty().bind(tasks.runningProperty());
        Button logout = new Button(texts.get("lock.logout"));
        logout.setId("lock-logout");
        logout.setOnAction(e -> tasks.run(texts.get("lock.logout"), () -> {
            sessions.logout();
            return Boolean.TRUE;
        }, ok -> { }, f -> message.setText(errors.describe(f).title())));
        unlock.setOnAction(e -> {
            CharSequence cs = password.getCharacters();
            char[] pw = new char[cs.length()];
            for (int i = 0; i < pw.length; i++) {
                pw[i] = cs.charAt(i);
            }
            password.clear();
            tasks.run(texts.get("login.checking"), () -> {
                try {
                    return sessions.unlock(pw);
                } finally {
                    Arrays.fill(pw, '\0');
                }
            }, result -> {
                if (!result.loggedIn() && result.status() != null) {
                    message.setText(texts.get("lock.wrong"));
                }
            }, f -> message.setText(errors.describe(f).title()));
        });
        password.setOnAction(e -> unlock.fire());
        HBox actions = new HBox(12, logout, unlock);
        actions.setAlignment(Pos.CENTER);
        getChildren().addAll(title, who, password, actions, message);
    }

    void show() {
        who.setText(sessions.loggedIn().map(s -> texts.get("lock.message", s.displayName(), s.operatorId())).orElse(""));
        message.setText("");
        password.clear();
        password.requestFocus();
    }
}
