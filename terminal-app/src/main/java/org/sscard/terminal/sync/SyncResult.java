package org.sscard.terminal.sync;

import java.util.List;

/**
 * The result of one sync run.
 *
 * @param kind        catalog or blacklist
 * @param requests    messages sent
 * @param rows        rows received and applied
 * @param fromVersion the station's version before (blacklist version; catalog: its version counter)
 * @param toVersion   after
 * @param through     catalog: the day the next 1312 run asks from; blacklist: null
 * @param parts       catalog: each download (1312, 1318, 1319); blacklist: empty
 */
public record SyncResult(String kind, int requests, int rows, long fromVersion, long toVersion, String through,
        List<Part> parts) {
    public SyncResult {
        parts = List.copyOf(parts);
    }

    /** One download of a catalog run: its messages, its rows and the day its next run asks from. */
    public record Part(String infno, int requests, int rows, String through) {
    }
}
