package org.sscard.terminal.ui.text;

/**
 * What the operator is told about a failure: what is wrong ({@code title}), what to do ({@code action}) and,
 * when there is one, the technical detail from the component that failed (never a PIN, key or full ID number:
 * card-lib and terminal-app keep those out of their messages).
 */
public record UserMessage(String title, String action, String detail) {
}
