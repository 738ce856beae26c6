package org.sscard.centralsim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: Jetty calls back when bytes arrive.
 * The result is the body, or {@code null} when it is larger than the limit; it fails when the body is not complete
 * within the deadline, the connection ends, or the HTTP framing is broken. A body somewhat over the limit (up to
 * {@value #DRAIN_FACTOR} times) is read to its end and dropped, so that a client still sending it gets the refusal
 * instead of a connection reset; a larger one is not read further.
 */
final class BodyReader implements Runnable {
    static final int DRAIN_FACTOR = 4;

    private final Request request;
    private final int maxBytes;
    private long seen;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();

    private BodyReader(Request request, int maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    static CompletableFuture<byte[]> read(Request request, int maxBytes, Duration deadline, Scheduler scheduler) {
        if (request.getLength() > (long) DRAIN_FACTOR * maxBytes) {
            return CompletableFuture.completedFuture(null);
        }
        BodyReader reader = new BodyReader(request, maxBytes);
        Scheduler.Task timer = scheduler.schedule(() -> request.fail(
                new TimeoutException("request body not complete within " + deadline.toMillis() + " ms")),
                deadline.toMillis(), TimeUnit.MILLISECONDS);
        reader.done.whenComplete((body, failure) -> timer.cancel());
        reader.run();
        return reader.done;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            seen += bytes.remaining();
            if (seen <= maxBytes) {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                out.writeBytes(copy);
            }
            chunk.release();
            if (seen > (long) DRAIN_FACTOR * maxBytes) {
                done.complete(null);
                return;
            }
            if (chunk.isLast()) {
                done.complete(seen <= maxBytes ? out.toByteArray() : null);
                return;
            }
        }
    }
}
