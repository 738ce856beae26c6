package org.sscard.terminal.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.terminal.StationInstance;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.ui.demo.DemoMode;
import org.sscard.terminal.ui.text.Texts;

/**
 * The station's desktop application: {@code java -jar sscard-station.jar station.properties
 * [--printer=pdf:DIR|device:PATH|network:HOST:PORT] [--card-insert=read|ignore]}. A plain class (not an {@link Application}) so that JavaFX
 * starts from a class path jar; the window itself is {@link StationWindow}. With the key-store passphrase in the
 * environment the station starts opening ({@link EarlyStation}) while JavaFX starts. A demo whose visit did not
 * settle ends with {@link DemoMode#VISIT_NOT_SETTLED}. One station program runs per store: a second start brings the
 * running one's window forward and ends ({@link #claim}).
 */
public final class StationApp {
    private StationApp() {
    }

    /** How long a second start waits for the running station to answer (it may still be starting). */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    public static void main(String[] args) {
        Optional<StationInstance.Running> running = claim(args);
        if (running.isPresent()) {
            Texts texts = Texts.fromSystem();
            System.out.println(texts.get(running.get().shown() ? "app.alreadyRunning" : "app.alreadyRunning.noAnswer",
                    running.get().holder()));
            System.exit(running.get().shown() ? 0 : 1);
        }
        if (StationWindow.claimedBeforeStart()) {
            EarlyStation.begin(args, System::getenv, ReaderManager::new);
        }
        Application.launch(StationWindow.class, args);
        int status = DemoMode.exitStatus();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Makes this program the station of the store its one station file names ({@link StationInstance}), before
     * anything opens; returns the running station when there is one (asked to bring its window forward). A station
     * file that cannot be read is left to the window, which says what is wrong (and claims the store itself).
     */
    static Optional<StationInstance.Running> claim(String[] args) {
        List<String> files = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1 || !Files.isReadable(Path.of(files.get(0)))) {
            return Optional.empty();
        }
        StationInstance.Claim claim;
        try {
            claim = StationInstance.claim(StationConfigLoader.load(Path.of(files.get(0))).storeFile(), ANSWER_WAIT);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (claim instanceof StationInstance.Running r) {
            return Optional.of(r);
        }
        StationWindow.handOver(((StationInstance.Claimed) claim).instance());
        return Optional.empty();
    }
}
