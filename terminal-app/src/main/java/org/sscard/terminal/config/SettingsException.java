package org.sscard.terminal.config;

/** A runtime setting change cannot be made; the message says why and what to do. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
