package org.sscard.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.sscard.terminal.reason.Reason;

/** What a refused connection or transaction of the ledger is called, by its SQLSTATE. */
class LedgerFailureTest {
    @Test
    void theSqlStateNamesTheFailure() {
        assertEquals(Reason.LEDGER_UNREACHABLE, Ledger.failure(new SQLException("Connection refused", "08001")));
        assertEquals(Reason.LEDGER_UNREACHABLE, Ledger.failure(new SQLException("I/O error")));
        assertEquals(Reason.LEDGER_CONCURRENT_UPDATE, Ledger.failure(new SQLException("could not serialize", "40001")));
        assertEquals(Reason.LEDGER_CONCURRENT_UPDATE, Ledger.failure(new SQLException("deadlock detected", "40P01")));
        assertEquals(Reason.LEDGER_REFUSED, Ledger.failure(new SQLException("password authentication failed", "28P01")));
    }

    @Test
    void theDatabasesOwnWordsStayInTheEnglishMessageAndOutOfTheChinese() {
        SQLException cause = new SQLException("Connection to 10.0.0.9:5432 refused", "08001");
        LedgerException e = new LedgerException(cause, Ledger.failure(cause), cause.getMessage());
        assertTrue(e.getMessage().contains("10.0.0.9:5432 refused"), e.getMessage());
        String zh = e.problem().in(Locale.SIMPLIFIED_CHINESE);
        assertFalse(zh.contains("10.0.0.9"), zh);
        assertTrue(zh.contains("无法连接医院账本"), zh);
        assertEquals(cause, e.getCause());
    }
}
