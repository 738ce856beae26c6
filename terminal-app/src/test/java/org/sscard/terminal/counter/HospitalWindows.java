package org.sscard.terminal.counter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;

/**
 * Windows of one hospital sharing a hospital ledger on the test PostgreSQL (skipped, or failed when CI=true, without
 * one): the first window enrols the institution, every other is a sibling with its own device number.
 */
abstract class HospitalWindows {
    @TempDir
    Path dir;
    String url;
    Ledger ledger;
    final List<CounterFixture> windows = new ArrayList<>();

    @BeforeEach
    void openLedger() {
        url = LedgerDatabase.require();
        ledger = LedgerDatabase.ledger(url);
    }

    @AfterEach
    void closeWindows() {
        for (int i = windows.size() - 1; i >= 0; i--) {
            windows.get(i).close();
        }
    }

    /** Window {@code n} (device DEV-000n), set up in a folder of its own. */
    CounterFixture window(int n) throws Exception {
        Path home = Files.createDirectories(dir.resolve("window-" + n));
        CounterFixture f = windows.isEmpty() ? new CounterFixture(home) : new CounterFixture(home, windows.get(0),
                String.format("DEV-%04d", n));
        windows.add(f);
        return f;
    }
}
