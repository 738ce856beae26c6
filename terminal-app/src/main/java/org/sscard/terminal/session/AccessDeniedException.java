package org.sscard.terminal.session;

/** An action was refused: not logged in, session locked, or the role lacks the permission. The message says why. */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
