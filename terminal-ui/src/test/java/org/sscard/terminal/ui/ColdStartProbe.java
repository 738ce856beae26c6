package org.sscard.terminal.ui;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Cold start to the log-in screen: starts a JVM with a fresh station (temporary folder, test password hashing)
 * and prints the milliseconds from the JVM's start to the first frame pulse after the log-in screen is shown,
 * then exits. Run by hand (see docs/terminal.md §UI, performance).
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    /** Launched through {@link #main} (a main class extending Application needs JavaFX on the module path). */
    public static final class App extends Application {
    @Override
    public void start(Stage stage) throws Exception {
        long fxUp = System.currentTimeMillis();
        Path dir = Files.createTempDirectory("coldstart");
        UiFixture station = new UiFixture(dir);
        long storeUp = System.currentTimeMillis();
        TerminalUi ui = new TerminalUi(station.services(Locale.SIMPLIFIED_CHINESE));
        stage.setScene(ui.scene());
        stage.show();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
                long shown = System.currentTimeMillis();
                System.out.println("cold start to log-in screen: " + (shown - jvmStart) + " ms (toolkit up "
                        + (fxUp - jvmStart) + " ms, station store " + (storeUp - fxUp) + " ms, window "
                        + (shown - storeUp) + " ms)");
                ui.close();
                station.close();
                Platform.exit();
            }
        }.start();
    }

    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
