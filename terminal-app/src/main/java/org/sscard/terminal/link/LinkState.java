package org.sscard.terminal.link;

/** Whether the central service is reachable, as the station currently believes. */
public enum LinkState {
    /** not probed yet */
    UNKNOWN,
    ONLINE,
    /** a connect failure, timeout or HTTP 5xx was seen; stays until a health probe succeeds */
    OFFLINE
}
