package org.sscard.terminal.ledger;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * Ledger tests run against a real PostgreSQL: the one scripts/pg-up starts, named by SSCARD_TEST_PG_URL,
 * SSCARD_TEST_PG_USER and SSCARD_TEST_PG_PASSWORD (scripts/test exports them). Without it they skip with the reason
 * printed; under CI (CI=true) they are mandatory.
 */
public final class LedgerDatabase {
    public static final String USER = env("SSCARD_TEST_PG_USER", "sscard_test");
    public static final String PASSWORD = env("SSCARD_TEST_PG_PASSWORD", "sscard_test");

    private LedgerDatabase() {
    }

    /** The test database's URL, emptied (its schema dropped); skips or fails as above when there is none. */
    public static String require() {
        String url = System.getenv("SSCARD_TEST_PG_URL");
        String reason = url == null || url.isBlank() ? "SSCARD_TEST_PG_URL is not set" : null;
        if (reason == null) {
            try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS public CASCADE");
                st.execute("CREATE SCHEMA public");
                return url;
            } catch (SQLException e) {
                reason = "PostgreSQL at " + url + " is not reachable: " + e.getMessage();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("PostgreSQL tests are mandatory under CI, but " + reason);
        }
        System.out.println("SKIPPED (PostgreSQL): " + reason + "; run scripts/pg-up and export what `scripts/pg-up --env`"
                + " prints to include these tests");
        Assumptions.abort(reason);
        return null;
    }

    public static Ledger ledger(String url) {
        Ledger ledger = new Ledger(url, USER, PASSWORD.toCharArray());
        ledger.migrate();
        return ledger;
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
