package org.sscard.terminal.offline;

/** The offline policy's answer: allowed, or refused with a reason code and a message that says what to do. */
public record OfflineDecision(boolean allowed, OfflineRefusal reason, String message) {
    static OfflineDecision allow() {
        return new OfflineDecision(true, null, "offline payment allowed");
    }

    static OfflineDecision refuse(OfflineRefusal reason, String message) {
        return new OfflineDecision(false, reason, message);
    }
}
