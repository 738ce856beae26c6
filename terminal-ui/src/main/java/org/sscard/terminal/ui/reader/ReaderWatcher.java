package org.sscard.terminal.ui.reader;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.SmartCardException;
import org.sscard.card.pcsc.ReaderManager;

/**
 * Watches the card reader on its own daemon thread: blocks in {@link ReaderManager#waitForChange} (no polling
 * of the card), and after each change (or each {@code wait} period) tells the listeners the reader's state when it
 * differs from the last one. Listeners run on the watcher thread: a UI hands the status over to its own thread.
 */
public final class ReaderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderWatcher.class);

    private final ReaderManager readers;
    private final String preferredReader;
    private final Duration wait;
    private final List<Consumer<ReaderStatus>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile ReaderStatus last;
    private Thread thread;

    /** @param preferredReader the configured reader name, or null/empty for the first reader (with a card) */
    public ReaderWatcher(ReaderManager readers, String preferredReader, Duration wait) {
        this.readers = readers;
        this.preferredReader = preferredReader == null || preferredReader.isBlank() ? null : preferredReader;
        this.wait = wait;
    }

    public void addListener(Consumer<ReaderStatus> listener) {
        listeners.add(listener);
        ReaderStatus now = last;
        if (now != null) {
            listener.accept(now);
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "reader-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** The state now, asked from the reader service (blocking, off the UI thread). */
    public ReaderStatus poll() {
        try {
            List<String> all = readers.readers();
            if (all.isEmpty()) {
                return ReaderStatus.of(ReaderStatus.State.NO_READER, null);
            }
            List<String> withCard = readers.readersWithCard();
            if (preferredReader != null) {
                if (!all.contains(preferredReader)) {
                    return ReaderStatus.of(ReaderStatus.State.NO_READER, preferredReader);
                }
                return ReaderStatus.of(withCard.contains(preferredReader) ? ReaderStatus.State.CARD_PRESENT
                        : ReaderStatus.State.NO_CARD, preferredReader);
            }
            return withCard.isEmpty() ? ReaderStatus.of(ReaderStatus.State.NO_CARD, all.get(0))
                    : ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, withCard.get(0));
        } catch (SmartCardException e) {
            return new ReaderStatus(ReaderStatus.State.ERROR, preferredReader, e.getMessage());
        }
    }

    private void loop() {
        while (running) {
            publish(poll());
            try {
                readers.waitForChange(wait);
            } catch (SmartCardException e) {
                publish(new ReaderStatus(ReaderStatus.State.ERROR, preferredReader, e.getMessage()));
                sleepQuietly();
            } catch (RuntimeException e) {
                LOG.warn("reader watcher: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void publish(ReaderStatus status) {
        if (status.equals(last)) {
            return;
        }
        last = status;
        for (Consumer<ReaderStatus> l : listeners) {
            l.accept(status);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
