package org.sscard.terminal.ui;

import javafx.application.Application;

/**
 * The station's desktop application: {@code java -jar sscard-station.jar station.properties
 * [--printer=pdf:DIR|device:PATH|network:HOST:PORT]}. A plain class (not an {@link Application}) so that JavaFX
 * starts from a class path jar; the window itself is {@link StationWindow}.
 */
public final class StationApp {
    private StationApp() {
    }

    public static void main(String[] args) {
        Application.launch(StationWindow.class, args);
    }
}
