package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The card, sync and offline commands are registered and check their arguments before touching the station. */
class OfficeCommandsTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void syncNamesWhatItCanDownload() {
        CliRun r = run("sync", "prices", "--operator", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("sync catalog, sync blacklist"), r.err());
    }

    @Test
    void cardCommandsAreThereAndNeedTheirOptions() {
        CliRun group = run("card");
        assertEquals(1, group.code());
        assertTrue(group.err().contains("needs a sub-command"), group.err());
        for (String sub : new String[] {"issue", "loss", "lift", "suspend", "resume", "status", "cancel", "reissue", "replace", "pin-reset",
                "pin-unblock"}) {
            CliRun r = run("card", sub);
            assertEquals(2, r.code(), sub + ": " + r.err());
            assertTrue(r.err().contains("Missing required option"), sub + ": " + r.err());
        }
        CliRun debit = run("offline", "debit", "--operator", "p");
        assertEquals(2, debit.code());
        assertTrue(debit.err().contains("--amount"), debit.err());
    }

    @Test
    void anAmountWithMoreThanTwoDecimalsIsRefused() {
        CliRun r = run("offline", "debit", "--operator", "p", "--amount", "1.005");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("at most 2 decimals"), r.err());
    }
}
