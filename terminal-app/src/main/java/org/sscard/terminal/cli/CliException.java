package org.sscard.terminal.cli;

/** A command cannot be carried out; the message is shown as it is (exit code 1). */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
