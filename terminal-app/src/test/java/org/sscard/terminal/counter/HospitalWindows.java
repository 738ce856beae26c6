package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Role;
import org.sscard.terminal.ledger.HospitalCatalog;
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

    /** The hospital catalogue as window {@code f} sees it through {@code ledger}. */
    static HospitalCatalog catalog(CounterFixture f, Ledger ledger) {
        return new HospitalCatalog(f.store, ledger, CounterFixture.INSTITUTION, f.config.deviceNumber());
    }

    /** Logs in an administrator of the window's own, "catalogue". */
    static void administrator(CounterFixture f) {
        f.store.operators().create("admin1", "catalogue", "目录管理员", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        f.store.operators().changePassword("catalogue", "Temp-Pass-9".toCharArray(),
                CounterFixture.PASSWORD.toCharArray());
        f.login("catalogue");
    }

    /** scripts/ledger-backup dump|restore against the test database, as an operator runs it. */
    void ledgerBackup(String action, Path file) throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "ledger-backup").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(script.toString(), action, url, file.toString()).redirectErrorStream(true);
        pb.environment().put("SSCARD_LEDGER_USER", LedgerDatabase.USER);
        pb.environment().put("SSCARD_LEDGER_PASSWORD", LedgerDatabase.PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ledger-backup " + action + " did not end");
        assertEquals(0, p.exitValue(), "ledger-backup " + action + ": " + out);
    }
}
