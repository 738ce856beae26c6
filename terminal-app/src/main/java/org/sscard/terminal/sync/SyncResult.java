package org.sscard.terminal.sync;

/**
 * The result of one sync run.
 *
 * @param kind        catalog or blacklist
 * @param requests    messages sent
 * @param rows        rows received and applied
 * @param fromVersion the station's version before (blacklist version; catalog: its version counter)
 * @param toVersion   after
 * @param through     catalog: the {@code updt_time} reached; blacklist: null
 */
public record SyncResult(String kind, int requests, int rows, long fromVersion, long toVersion, String through) {
}
