package org.sscard.terminal.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.ledger.LedgerBackground;
import org.testfx.api.FxToolkit;

/** A station's window with a hospital ledger's background passes, closed after each test in the reverse order. */
abstract class LedgerStationUi {
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    LedgerBackground background;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (ui != null) {
            ui.close();
        }
        if (background != null) {
            background.close();
        }
        if (station != null) {
            station.close();
        }
    }
}
