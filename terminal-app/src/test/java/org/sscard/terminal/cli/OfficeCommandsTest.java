package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card, sync and offline commands are registered and check their arguments before touching the station. */
class OfficeCommandsTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TerminalCli.run(args, new Secrets(Map.of(), null), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void syncNamesWhatItCanDownload() {
        Run r = run("sync", "prices", "--operator", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("sync catalog, sync blacklist"), r.err());
    }

    @Test
    void cardCommandsAreThereAndNeedTheirOptions() {
        Run group = run("card");
        assertEquals(1, group.code());
        assertTrue(group.err().contains("needs a sub-command"), group.err());
        for (String sub : new String[] {"issue", "loss", "lift", "suspend", "resume", "status", "cancel", "reissue", "replace", "pin-reset",
                "pin-unblock"}) {
            Run r = run("card", sub);
            assertEquals(2, r.code(), sub + ": " + r.err());
            assertTrue(r.err().contains("Missing required option"), sub + ": " + r.err());
        }
        Run debit = run("offline", "debit", "--operator", "p");
        assertEquals(2, debit.code());
        assertTrue(debit.err().contains("--amount"), debit.err());
    }

    @Test
    void anAmountWithMoreThanTwoDecimalsIsRefused() {
        Run r = run("offline", "debit", "--operator", "p", "--amount", "1.005");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("at most 2 decimals"), r.err());
    }
}
