package org.sscard.terminal.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.terminal.LogText;

/**
 * Runs card and network work off the FX thread, one job at a time, and shows it: {@link #runningProperty()} and
 * {@link #messageProperty()} drive the status bar's progress indicator; {@link #cancel()} interrupts the job (a
 * card or network call that honours interruption stops; the job's result is then ignored). Results and failures
 * are delivered on the FX thread; a failure is logged with its English message (the technical detail a screen leaves
 * out), card and ID numbers masked.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-work");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private Task<?> current;
    private int pending;

    /** Starts {@code work} in the background; must be called on the FX thread. */
    public <T> Task<T> run(String label, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnRunning(e -> {
            current = task;
            message.set(label);
        });
        task.setOnSucceeded(e -> {
            finished();
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished();
            Throwable failure = task.getException();
            // the screens show a typed reason in the UI's language; its English words and detail are for support
            LOG.warn("'{}' failed: {}", label, LogText.redact(String.valueOf(failure)));
            LOG.debug("'{}' failed", label, failure);
            onFailure.accept(failure);
        });
        task.setOnCancelled(e -> finished());
        pending++;
        running.set(true);
        executor.execute(task);
        return task;
    }

    private void finished() {
        pending--;
        current = null;
        if (pending == 0) {
            running.set(false);
            message.set("");
        }
    }

    /** Cancels the job that is running now (if any). */
    public void cancel() {
        Task<?> t = current;
        if (t != null) {
            t.cancel(true);
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
