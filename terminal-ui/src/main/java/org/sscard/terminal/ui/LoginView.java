package org.sscard.terminal.ui;

import java.util.Arrays;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.sscard.store.Operators;
import org.sscard.terminal.receipt.QrCodes;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

/**
 * Log-in: operator id, password, Enter. The password is copied out of the field into a char array for the store
 * and the field is cleared at once. A password set by an administrator or expired opens the change form (new
 * password twice); after the change the operator logs in with the new one. Where the operator gives a second factor
 * the code field follows the password (6 digits from the authenticator app, or a recovery code); an operator whose
 * role needs one and has none sets it up here: the QR code, the secret and the recovery codes are shown this once
 * (cleared when the log-in completes or is abandoned with Esc or 返回), then the app's code confirms it.
 */
final class LoginView extends VBox {
    private final TextField operator = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField newPassword = new PasswordField();
    private final PasswordField confirm = new PasswordField();
    private final VBox changeBox;
    private final TextField code = new TextField();
    private final VBox codeBox;
    private final Label codeHint = new Label();
    private final ImageView qr = new ImageView();
    private final Label secret = new Label();
    private final Label recovery = new Label();
    private final VBox enrolBox;
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
        code.setId("login-code");
        code.setPromptText(texts.get("login.code"));
        code.setOnAction(e -> submit());
        codeHint.setId("login-code-hint");
        codeHint.setWrapText(true);
        qr.setId("login-qr");
        secret.setId("login-secret");
        secret.setWrapText(true);
        recovery.setId("login-recovery");
        recovery.setStyle("-fx-font-family: monospace;");
        Label recoveryTitle = new Label(texts.get("login.enrol.recovery"));
        recoveryTitle.setWrapText(true);
        enrolBox = new VBox(6, qr, secret, recoveryTitle, recovery);
        enrolBox.setAlignment(Pos.CENTER);
        Button back = new Button(texts.get("login.back"));
        back.setId("login-back");
        back.setOnAction(e -> abandon());
        codeBox = new VBox(8, codeHint, enrolBox, code, back);
        showCode(false, false);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && codeBox.isVisible()) {
                abandon();
                e.consume();
            }
        });
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
        getChildren().addAll(title, place, new Label(texts.get("login.hint")), operator, password, changeBox, codeBox, submit,
                message);
    }

    void reset() {
        password.clear();
        newPassword.clear();
        confirm.clear();
        message.setText("");
        showChange(false);
        showCode(false, false);
        operator.requestFocus();
    }

    /** Shows the code step (and the enrolment above it) or hides it, clearing what was shown once. */
    private void showCode(boolean show, boolean enrol) {
        codeBox.setVisible(show);
        codeBox.setManaged(show);
        enrolBox.setVisible(enrol);
        enrolBox.setManaged(enrol);
        operator.setDisable(show);
        password.setDisable(show);
        code.clear();
        if (!enrol) {
            qr.setImage(null);
            secret.setText("");
            recovery.setText("");
        }
    }

    /** Back from the code step to the password (nothing of the second factor stays on screen). */
    private void abandon() {
        sessions.cancelSecondFactor();
        reset();
    }

    private void showEnrolment(Operators.Enrolment e) {
        codeHint.setText(texts.get("login.enrol.action"));
        qr.setImage(qrImage(e.uri()));
        secret.setText(texts.get("login.enrol.secret", e.typedSecret()));
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < e.recoveryCodes().size(); i++) {
            codes.append(e.recoveryCodes().get(i)).append(i % 2 == 0 ? "    " : "\n");
        }
        recovery.setText(codes.toString().strip());
        showCode(true, true);
        code.requestFocus();
    }

    /** The QR code at four pixels a module, black on white. */
    private static Image qrImage(String content) {
        boolean[][] m = QrCodes.modules(content, 4);
        int scale = 4;
        WritableImage img = new WritableImage(m[0].length * scale, m.length * scale);
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < m.length * scale; y++) {
            for (int x = 0; x < m[0].length * scale; x++) {
                w.setColor(x, y, m[y / scale][x / scale] ? Color.BLACK : Color.WHITE);
            }
        }
        return img;
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

    private record Attempt(SessionManager.LoginResult result, Operators.AuthResult auth, Operators.Enrolment enrolment) {
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
        if (codeBox.isVisible()) {
            secondFactor(id);
            return;
        }
        char[] pw = take(password);
        tasks.run(texts.get("login.checking"), () -> {
            try {
                SessionManager.LoginResult r = sessions.login(id, pw);
                Operators.Enrolment e = r.status() == Operators.AuthStatus.SECOND_FACTOR_ENROLMENT ? sessions.beginEnrolment() : null;
                return new Attempt(r, r.loggedIn() || r.status() == null ? null : authResult(id, r.status()), e);
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
                message.setText(errors.words(result.refusal()));
                return;
            }
            if (attempt.enrolment() != null) {
                message.setText(texts.get("login.enrol.title"));
                showEnrolment(attempt.enrolment());
                return;
            }
            if (result.status() == Operators.AuthStatus.SECOND_FACTOR_REQUIRED) {
                message.setText(texts.get("login.code.title"));
                codeHint.setText(texts.get("login.code.action"));
                showCode(true, false);
                code.requestFocus();
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

    /** The code typed after the password (or to confirm a new second factor). */
    private void secondFactor(String id) {
        char[] typed = code.getText().toCharArray();
        code.clear();
        boolean enrolling = enrolBox.isVisible();
        tasks.run(texts.get("login.checking"), () -> {
            try {
                SessionManager.LoginResult r = enrolling ? sessions.confirmEnrolment(typed) : sessions.secondFactor(typed);
                return new Attempt(r, r.loggedIn() || r.status() == null ? null : authResult(id, r.status()), null);
            } finally {
                Arrays.fill(typed, '\0');
            }
        }, attempt -> {
            SessionManager.LoginResult result = attempt.result();
            if (result.loggedIn()) {
                reset();
                return;
            }
            if (result.status() == Operators.AuthStatus.WRONG_CODE) {
                UserMessage m = errors.describe(attempt.auth());
                message.setText(m.title() + " " + m.action());
                code.requestFocus();
                return;
            }
            String why = result.status() == null ? errors.words(result.refusal()) : errors.describe(attempt.auth()).title() + " "
                    + errors.describe(attempt.auth()).action();
            reset();
            message.setText(why);
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
        }, failure -> {
            UserMessage m = errors.describe(failure);
            message.setText(m.title() + " " + m.action());
        });
    }
}
