package org.sscard.terminal.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own errors (a log folder that cannot be written, say) on standard error, and nothing else: logback's
 * console listeners print every status line, and without a listener it prints to standard output, which the command
 * line keeps for results.
 */
public final class ErrorsToStandardError implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getLevel() >= Status.ERROR) {
            System.err.println("logging: " + status.getMessage()
                    + (status.getThrowable() == null ? "" : " (" + status.getThrowable().getMessage() + ")"));
        }
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }
}
