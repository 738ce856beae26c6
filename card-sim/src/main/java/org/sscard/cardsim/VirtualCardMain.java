package org.sscard.cardsim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.cardsim.vpcd.VpcdBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code virtual-card}: puts demo cards into a vpcd virtual reader of a running pcscd and keeps them there
 * until Ctrl-C / SIGTERM (with {@code --quit-at-end-of-input}: until its standard input ends, so that a program
 * driving it cannot leave it behind, even when killed). Commands on standard input: {@code insert N},
 * {@code remove}, {@code list}, {@code quit}; {@code inserted card N (…)} is printed once the reader has taken the
 * card (see {@link VpcdBridge#insert}). Each card is issued once per run and keeps its state across remove/insert;
 * nothing is kept after the process ends.
 */
@Command(name = "virtual-card", mixinStandardHelpOptions = true,
        description = "Inserts a demo card into a virtual reader (pcscd + vsmartcard-vpcd) and keeps it there "
                + "until Ctrl-C. Standard input takes: insert N | remove | list | quit.")
public final class VirtualCardMain implements Callable<Integer> {
    @Option(names = "--card", paramLabel = "N", description = "demo card to insert at start (1-based; default: none)")
    private Integer card;

    @Option(names = "--manifest", paramLabel = "FILE", description = "take seed and count from this demo-cards.json")
    private Path manifest;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the demo cards (default: ${DEFAULT-VALUE})")
    private String seed = DemoCardGenerator.DEFAULT_SEED;

    @Option(names = "--count", paramLabel = "N", description = "number of demo cards (default: ${DEFAULT-VALUE})")
    private int count = DemoCardGenerator.DEFAULT_COUNT;

    @Option(names = "--port", description = "vpcd port: 35963 = \"Virtual PCD 00 00\", 35964 = \"… 00 01\" (default: ${DEFAULT-VALUE})")
    private int port = VpcdBridge.FIRST_SLOT_PORT;

    @Option(names = "--host", description = "host where pcscd's vpcd listens (default: ${DEFAULT-VALUE})")
    private String host = "127.0.0.1";

    @Option(names = "--quit-at-end-of-input", description = "take the card out and end when standard input ends "
            + "(default: the cards stay until Ctrl-C)")
    private boolean quitAtEndOfInput;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private final Map<Integer, SimulatedCard> issued = new HashMap<>();
    private final CardFactory factory = new CardFactory();
    private DemoCardSet cards;
    private VpcdBridge bridge;
    private int inserted;

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "sscard-tools-logback.xml");
        System.exit(new CommandLine(new VirtualCardMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            cards = manifest != null ? Manifest.load(manifest) : DemoCardGenerator.generate(seed, count);
            if (card != null) {
                insert(card);
            }
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            System.err.println("virtual-card: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            removeQuietly();
            stopped.countDown();
        }, "virtual-card-shutdown"));
        out.println("ready: " + cards.cards().size() + " demo cards; commands: insert N | remove | list | quit");
        readCommands();
        if (quitAtEndOfInput) {
            removeQuietly();
            return 0;
        }
        stopped.await();
        return 0;
    }

    /**
     * Reads commands until "quit" or the end of input; at the end of input the cards stay until a signal unless
     * {@code --quit-at-end-of-input}.
     */
    private void readCommands() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
                try {
                    switch (words[0]) {
                        case "" -> { }
                        case "insert" -> insert(words.length == 2 ? Integer.parseInt(words[1]) : -1);
                        case "remove" -> remove();
                        case "list" -> list();
                        case "quit", "exit" -> {
                            removeQuietly();
                            System.exit(0);
                        }
                        default -> out.println("unknown command '" + words[0] + "'; commands: insert N | remove | list | quit");
                    }
                } catch (NumberFormatException e) {
                    out.println("insert takes a card number, e.g. insert 1");
                } catch (IllegalArgumentException | IOException e) {
                    out.println("error: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.err.println("virtual-card: standard input failed (" + e.getMessage() + ")"
                    + (quitAtEndOfInput ? "" : "; the card stays until Ctrl-C"));
        }
    }

    private synchronized void insert(int number) throws IOException {
        DemoCard demo = cards.card(number);
        if (bridge != null) {
            remove();
        }
        SimulatedCard simulated = issued.computeIfAbsent(number, n -> factory.issue(demo));
        bridge = VpcdBridge.insert(host, port, simulated, Duration.ofSeconds(5));
        inserted = number;
        out.printf("inserted card %d (%s, %s, %s) into the reader at %s:%d%n", number, demo.cardNumber().value(),
                demo.algorithm().displayName(), demo.status(), host, port);
    }

    private synchronized void remove() throws IOException {
        if (bridge == null) {
            out.println("no card is inserted");
            return;
        }
        bridge.close();
        bridge = null;
        out.println("removed card " + inserted);
    }

    private synchronized void removeQuietly() {
        try {
            if (bridge != null) {
                bridge.close();
                bridge = null;
            }
        } catch (IOException ignored) {
            // the process is ending; the reader sees the card go either way
        }
    }

    private void list() {
        for (DemoCard demo : cards.cards()) {
            out.printf("%s card %d  %s  %-4s  %s%n", demo.number() == inserted && bridge != null ? "*" : " ",
                    demo.number(), demo.cardNumber().value(), demo.algorithm().displayName(), demo.status());
        }
    }
}
