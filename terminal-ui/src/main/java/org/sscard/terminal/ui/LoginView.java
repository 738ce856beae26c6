package org.sscard.terminal.ui;

import java.util.Arrays;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.sscard.store.Operators;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

/**
 * Log-in: operator id, password, Enter. The password is copied out of the field into a char array for the store
 * and the field is cleared at once. A password set by an administrator or expired opens the change form (new
 * password twice); after the change the operator logs in with the new one.
 */
final class LoginView extends VBox {
    private final TextField operator = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField newPassword = new PasswordField();
    private final PasswordField confirm = new PasswordField();
    private final VBox changeBox;
    private final Label message = new Label();
    private final Button submit;
    private final SessionManager sessions;
    private final Operators operators;
    private final TaskRunner tasks;
    private final Texts texts;
    private final ErrorMessages errors;

    LoginView(SessionManager sessions, Operators operators, TaskRunner tasks, Texts texts, ErrorMessages errors,
              String institution) {
        this.sessions = sessions;
        this.operators = operators;
        this.tasks = tasks;
        this.texts = texts;
        this.errors = errors;
        setId("login-view");
        getStyleClass().add("login-view");
        setAlignment(Pos.CENTER);
        setSpacing(12);
        setPadding(new Insets(40));
        setMaxWidth(420);
        Label title = new Label(texts.get("app.title"));
        title.getStyleClass().add("title-1");
        Label place = new Label(institution);
        operator.setId("login-operator");
        operator.setPromptText(texts.get("login.operator"));
        password.setId("login-password");
        password.setPromptText(texts.get("login.password"));
        newPassword.setId("login-new-password");
        newPassword.setPromptText(texts.get("login.newPassword"));
        confirm.setId("login-confirm-password");
        confirm.setPromptText(texts.get("login.confirmPassword"));
        changeBox = new VBox(8, new Label(texts.get("login.change.hint")), newPassword, confirm);
        changeBox.setVisible(false);
        changeBox.setManaged(false);
        message.setId("login-message");
        message.setWrapText(true);
        message.getStyleClass().add("message");
        submit = new Button(texts.get("login.submit"));
        submit.setId("login-submit");
        submit.setMaxWidth(Double.MAX_VALUE);
        submit.setOnAction(e -> submit());
        submit.disableProperty().bind(tasks.runningProperty());
        operator.setOnAction(e -> password.requestFocus());
        password.setOnAction(e -> submit());
        newPassword.setOnAction(e -> confirm.requestFocus());
        confirm.setOnAction(e -> submit());
        getChildren().addAll(title, place, new Label(texts.get("login.hint")), operator, password, changeBox, submit, message);
    }

    void reset() {
        password.clear();
        newPassword.clear();
        confirm.clear();
        message.setText("");
        showChange(false);
        operator.requestFocus();
    }

    private void showChange(boolean show) {
        changeBox.setVisible(show);
        changeBox.setManaged(show);
    }

    private static char[] take(PasswordField field) {
        CharSequence cs = field.getCharacters();
        char[] out = new char[cs.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cs.charAt(i);
        }
        field.clear();
        return out;
    }

    private record Attempt(SessionManager.LoginResult result, Operators.AuthResult auth) {
    }

    private void submit() {
        String id = operator.getText().trim();
        if (id.isEmpty()) {
            message.setText(texts.get("login.needOperator"));
            operator.requestFocus();
            return;
        }
        if (changeBox.isVisible()) {
            changePassword(id);
            return;
        }
        char[] pw = take(password);
        tasks.run(texts.get("login.checking"), () -> {
            try {
                SessionManager.LoginResult r = sessions.login(id, pw);
                return new Attempt(r, r.loggedIn() || r.status() == null ? null : authResult(id, r.status()));
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, attempt -> {
            SessionManager.LoginResult result = attempt.result();
            if (result.loggedIn()) {
                reset();
                return;
            }
            if (result.status() == null) {
                message.setText(result.message());
                return;
            }
            UserMessage m = errors.describe(attempt.auth());
            message.setText(m.title() + " " + m.action());
            if (result.status() == Operators.AuthStatus.MUST_CHANGE_PASSWORD
                    || result.status() == Operators.AuthStatus.PASSWORD_EXPIRED) {
                showChange(true);
                password.requestFocus();
            } else {
                password.requestFocus();
            }
        }, failure -> message.setText(errors.describe(failure).title()));
    }

    /** The tries left and lock time for the localized message, read back from the account (none for unknown ids). */
    private Operators.AuthResult authResult(String id, Operators.AuthStatus status) {
        return operators.find(id).map(o -> new Operators.AuthResult(status, o.role(),
                        Math.max(0, Operators.MAX_FAILED_ATTEMPTS - o.failedAttempts()), o.lockedUntil()))
                .orElse(new Operators.AuthResult(status, null, 0, null));
    }

    private void changePassword(String id) {
        char[] old = take(password);
        char[] fresh = take(newPassword);
        char[] again = take(confirm);
        if (!Arrays.equals(fresh, again)) {
            Arrays.fill(old, '\0');
            Arrays.fill(fresh, '\0');
            Arrays.fill(again, '\0');
            message.setText(texts.get("login.change.mismatch"));
            return;
        }
        Arrays.fill(again, '\0');
        tasks.run(texts.get("login.checking"), () -> {
            try {
                sessions.changePassword(id, old, fresh);
                return Boolean.TRUE;
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(fresh, '\0');
            }
        }, ok -> {
            showChange(false);
            message.setText(texts.get("login.changed"));
            password.requestFocus();
        }, failure -> message.setText(errors.describe(failure).title() + " " + failure.getMessage()));
    }
}
