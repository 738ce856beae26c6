package org.sscard.terminal.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfigLoader;

/**
 * Opens the station (key store, then store) on a background thread while JavaFX starts, when everything needed is
 * known before the toolkit: one station file and the key-store passphrase in the environment. The two take about as
 * long as each other, so the log-in screen appears sooner. Without the passphrase in the environment nothing starts
 * early: the window asks for it and opens the station itself.
 */
final class EarlyStation {
    private static Path file;
    private static CompletableFuture<Station> opening;

    private EarlyStation() {
    }

    /** Starts opening the station named by {@code args}, if the window would open it without asking anything. */
    static synchronized void begin(String[] args, UnaryOperator<String> environment, Supplier<ReaderManager> readers) {
        List<String> files = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        String passphrase = environment.apply(StationWindow.PASSPHRASE_ENV);
        if (files.size() != 1 || passphrase == null || passphrase.isEmpty() || !Files.isReadable(Path.of(files.get(0)))) {
            return;
        }
        file = Path.of(files.get(0)).toAbsolutePath().normalize();
        char[] secret = passphrase.toCharArray();
        opening = CompletableFuture.supplyAsync(() -> {
            try {
                return Station.start(StationConfigLoader.load(file), secret, readers);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }, task -> {
            Thread t = new Thread(task, "station-opening");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * The station opened early for {@code stationFile}, waiting for it if it is still opening; empty if none was
     * started for that file. A failure to open is thrown as it would have been by {@link Station#start}.
     */
    static Optional<Station> take(Path stationFile) {
        CompletableFuture<Station> started;
        synchronized (EarlyStation.class) {
            if (opening == null || !file.equals(stationFile.toAbsolutePath().normalize())) {
                return Optional.empty();
            }
            started = opening;
            opening = null;
            file = null;
        }
        try {
            return Optional.of(started.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Closes a station opened early that the window never took (it failed before, e.g. on its arguments). */
    static void discard() {
        CompletableFuture<Station> started;
        synchronized (EarlyStation.class) {
            started = opening;
            opening = null;
            file = null;
        }
        if (started != null) {
            started.thenAccept(Station::close);
        }
    }
}
