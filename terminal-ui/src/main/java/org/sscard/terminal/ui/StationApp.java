package org.sscard.terminal.ui;

import javafx.application.Application;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.terminal.ui.demo.DemoMode;

/**
 * The station's desktop application: {@code java -jar sscard-station.jar station.properties
 * [--printer=pdf:DIR|device:PATH|network:HOST:PORT] [--card-insert=read|ignore]}. A plain class (not an {@link Application}) so that JavaFX
 * starts from a class path jar; the window itself is {@link StationWindow}. With the key-store passphrase in the
 * environment the station starts opening ({@link EarlyStation}) while JavaFX starts. A demo whose visit did not
 * settle ends with {@link DemoMode#VISIT_NOT_SETTLED}.
 */
public final class StationApp {
    private StationApp() {
    }

    public static void main(String[] args) {
        EarlyStation.begin(args, System::getenv, ReaderManager::new);
        Application.launch(StationWindow.class, args);
        int status = DemoMode.exitStatus();
        if (status != 0) {
            System.exit(status);
        }
    }
}
