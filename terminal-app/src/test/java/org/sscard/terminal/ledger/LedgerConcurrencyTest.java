package org.sscard.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many stations write to the ledger at once, and PostgreSQL refuses a REPEATABLE READ transaction whose row another
 * transaction changed after its snapshot (SQLSTATE 40001): the ledger runs the work again instead of failing the
 * station's pass (three windows syncing at once met it in the multi-window demo).
 */
class LedgerConcurrencyTest {
    private static final String INSTITUTION = "H44010600001";

    @Test
    void aWriteRefusedForAConcurrentUpdateIsRunAgain() throws Exception {
        String url = LedgerDatabase.require();
        Ledger ledger = LedgerDatabase.ledger(url);
        ledger.write(INSTITUTION, "DEV-A", List.of(), 1);

        try (Connection other = DriverManager.getConnection(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD)) {
            other.setAutoCommit(false);
            other.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("UPDATE station SET last_seen_at = now() WHERE device_number = 'DEV-A'");
            }
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(
                    () -> ledger.write(INSTITUTION, "DEV-A", List.of(), 5));
            waitUntilAStationWaitsForALock(other);
            other.commit();
            assertEquals(0, write.get(30, TimeUnit.SECONDS), "the write went through on its second run");
        }
        assertEquals(5, ledger.held(INSTITUTION, "DEV-A").outboxCursor());
    }

    /** The station's write has taken its snapshot and waits for the row the other transaction holds. */
    private static void waitUntilAStationWaitsForALock(Connection other) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection watch = DriverManager.getConnection(other.getMetaData().getURL(), LedgerDatabase.USER,
                LedgerDatabase.PASSWORD); Statement st = watch.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name = 'sscard station' AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        assertTrue(false, "the station's write never waited for the locked row");
    }
}
