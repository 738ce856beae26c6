package org.sscard.terminal.ui.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated reader behind the demo card panel: one {@code virtual-card} process (card-sim's VpcdBridge with the
 * demo cards, kept out of the product's class path) driven through its standard input ({@code insert N},
 * {@code remove}, {@code quit}); each line it prints is handed to the listener, and it answers an insertion with
 * {@code inserted card N (…)} once the reader has taken the card. It is started with
 * {@code --quit-at-end-of-input}, so it ends with the station even when the station is killed. Closing ends the
 * process.
 */
public final class DemoReader implements AutoCloseable {
    private static final String QUIT_AT_END_OF_INPUT = "--quit-at-end-of-input";
    private static final Logger LOG = LoggerFactory.getLogger(DemoReader.class);
    private static final Pattern INSERTED = Pattern.compile("^inserted card (\\d+) .*");
    private final Process process;
    private final Writer commands;
    private volatile String lastLine = "";
    private volatile int held;
    private volatile String refusal;

    /** Starts the reader with the listener for its output lines. */
    @FunctionalInterface
    public interface Starter {
        DemoReader start(Consumer<String> lines);
    }

    private DemoReader(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code command --manifest MANIFEST --quit-at-end-of-input} (command: the virtual-card program, e.g.
     * scripts/virtual-card).
     */
    public static DemoReader start(String command, Path manifest, Consumer<String> lines) {
        List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
        argv.add("--manifest");
        argv.add(manifest.toString());
        argv.add(QUIT_AT_END_OF_INPUT);
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the simulated reader (" + argv.get(0) + ") cannot start: " + e.getMessage()
                    + "; check --demo-reader", e);
        }
        DemoReader reader = new DemoReader(p);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    LOG.info("simulated reader: {}", line);
                    reader.heard(line);
                    lines.accept(line);
                }
            } catch (IOException e) {
                LOG.debug("simulated reader output closed: {}", e.getMessage());
            }
        }, "demo-reader-output");
        pump.setDaemon(true);
        pump.start();
        // Ctrl+C ends the station without stop(): the card process must not outlive it (a kill -9 closes its input)
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "demo-reader-stop"));
        return reader;
    }

    private void heard(String line) {
        lastLine = line;
        Matcher inserted = INSERTED.matcher(line);
        if (inserted.matches()) {
            held = Integer.parseInt(inserted.group(1));
        } else if (line.startsWith("removed card")) {
            held = 0;
        } else if (line.startsWith("error: ")) {
            refusal = line;
        }
    }

    /** The error the simulated reader gave for the last command sent, if any (e.g. the reader did not take a card). */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The last line the simulated reader printed ("" before the first). */
    public String lastLine() {
        return lastLine;
    }

    /** True when the simulated reader said that the reader took card {@code number}, and not that it was removed. */
    public boolean holds(int number) {
        return held == number;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public void insert(int card) {
        send("insert " + card);
    }

    public void remove() {
        send("remove");
    }

    private synchronized void send(String command) {
        refusal = null;
        if (!process.isAlive()) {
            throw new IllegalStateException("the simulated reader has ended (exit " + process.exitValue()
                    + "); start the demo again");
        }
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the simulated reader does not take commands: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send("quit");
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IllegalStateException e) {
                process.destroy();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
