package org.sscard.card.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.NoCardException;
import org.sscard.card.ReaderException;

/**
 * PC/SC readers through {@code javax.smartcardio}: list readers, wait for a card to be inserted or removed
 * (the PC/SC service blocks; no polling loop here), connect. When the PC/SC service reports it stopped, the
 * manager makes a fresh {@code TerminalFactory} and retries once.
 *
 * <p>The system's readers are reached through jnasmartcardio by default: each of its factories opens a new
 * PC/SC context, so the station carries on after pcscd restarts. The JDK's own provider keeps one context
 * per process that dies with pcscd; it is used only when {@code -Dsscard.pcsc.provider=jdk} asks for it
 * (a station on it must be restarted after a pcscd restart).
 */
public final class ReaderManager {
    /** The system property that names the pcsc-lite library for the JDK provider. */
    public static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";
    /** The system property choosing the PC/SC provider: {@code jna} (default) or {@code jdk}. */
    public static final String PROVIDER_PROPERTY = "sscard.pcsc.provider";
    private static final Logger LOG = LoggerFactory.getLogger(ReaderManager.class);
    private final Supplier<CardTerminals> source;
    private CardTerminals terminals;

    /** Readers of the system's PC/SC service (pcscd, WinSCard). */
    public ReaderManager() {
        this(ReaderManager::pcscTerminals);
    }

    /**
     * Readers from another {@code javax.smartcardio} provider, e.g. an in-process card simulator's terminals;
     * {@code source} is asked again when the service reports it went away.
     */
    public ReaderManager(Supplier<CardTerminals> source) {
        this.source = source;
        this.terminals = source.get();
    }

    /**
     * Names the pcsc-lite library (e.g. {@code /usr/lib/x86_64-linux-gnu/libpcsclite.so.1}) for both providers:
     * the JDK's reads {@link #LIBRARY_PROPERTY}, jnasmartcardio's finds the library through JNA's search path.
     * Must be called before the first {@code ReaderManager} is made: both read their setting once.
     */
    public static void configureLibrary(String path) {
        if (path != null && !path.isBlank()) {
            System.setProperty(LIBRARY_PROPERTY, path);
            java.nio.file.Path folder = java.nio.file.Path.of(path).toAbsolutePath().getParent();
            if (folder != null) {
                System.setProperty("jna.library.path", folder.toString());
            }
        }
    }

    /** Names of the connected readers. */
    public synchronized List<String> readers() {
        return withRecovery(() -> terminals().list().stream().map(CardTerminal::getName).collect(Collectors.toList()));
    }

    /**
     * Names of the readers with a card in them (asked reader by reader: some providers' {@code list(CARD_PRESENT)}
     * leaves out a card inserted since the last {@code waitForChange}).
     */
    public synchronized List<String> readersWithCard() {
        return withRecovery(() -> {
            List<String> present = new ArrayList<>();
            for (CardTerminal terminal : terminals().list()) {
                if (terminal.isCardPresent()) {
                    present.add(terminal.getName());
                }
            }
            return present;
        });
    }

    /** Blocks until a reader is added or removed or a card inserted or removed, or the timeout passes. */
    public boolean waitForChange(Duration timeout) {
        return withRecovery(() -> terminals().waitForChange(millis(timeout)));
    }

    /** Blocks until a card is in {@code reader}; false on timeout. */
    public boolean waitForCardPresent(String reader, Duration timeout) {
        return withRecovery(() -> terminal(reader).waitForCardPresent(millis(timeout)));
    }

    /** Blocks until {@code reader} is empty; false on timeout. */
    public boolean waitForCardAbsent(String reader, Duration timeout) {
        return withRecovery(() -> terminal(reader).waitForCardAbsent(millis(timeout)));
    }

    /** Connects to the card in {@code reader} with T=0 or T=1, whichever the card offers. */
    public PcscTransport connect(String reader) {
        return withRecovery(() -> {
            CardTerminal terminal = terminal(reader);
            if (!terminal.isCardPresent()) {
                throw new NoCardException("There is no card in reader '" + reader + "'. Insert the card with the chip first.");
            }
            return new PcscTransport(terminal.connect("*"), terminal.getName());
        });
    }

    private interface PcscCall<T> {
        T call() throws CardException;
    }

    private <T> T withRecovery(PcscCall<T> call) {
        try {
            return call.call();
        } catch (CardException | IllegalStateException first) {
            if (!PcscErrors.isServiceGone(first)) {
                throw PcscErrors.translate(first, null);
            }
            LOG.info("PC/SC service gone ({}); re-establishing the context", first.getMessage());
            terminals = source.get();
            try {
                return call.call();
            } catch (CardException | IllegalStateException second) {
                throw PcscErrors.translate(second, null);
            }
        }
    }

    private CardTerminals terminals() {
        return terminals;
    }

    private CardTerminal terminal(String reader) throws CardException {
        for (CardTerminal terminal : terminals().list()) {
            if (terminal.getName().equals(reader)) {
                return terminal;
            }
        }
        throw new ReaderException("Reader '" + reader + "' is not connected. Plug it in, or choose another reader.");
    }

    private static long millis(Duration timeout) {
        long ms = timeout.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("a wait needs a positive timeout (0 would mean forever)");
        }
        return ms;
    }

    private static CardTerminals pcscTerminals() {
        try {
            if ("jdk".equalsIgnoreCase(System.getProperty(PROVIDER_PROPERTY, "jna"))) {
                return TerminalFactory.getInstance("PC/SC", null).terminals();
            }
            return TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio()).terminals();
        } catch (java.security.NoSuchAlgorithmException | LinkageError e) {
            throw new ReaderException("PC/SC is not available in this Java runtime or the pcsc-lite library was not found ("
                    + e.getMessage() + "). Install pcscd/libpcsclite or set " + LIBRARY_PROPERTY + ".", e);
        }
    }
}
