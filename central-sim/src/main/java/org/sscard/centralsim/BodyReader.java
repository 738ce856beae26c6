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
 * The result is the body, or {@code null} when it is larger than the limit (the rest is not read); it fails when
 * the body is not complete within the deadline, the connection ends, or the HTTP framing is broken.
 */
final class BodyReader implements Runnable {
    private final Request request;
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();

    private BodyReader(Request request, int maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    static CompletableFuture<byte[]> read(Request request, int maxBytes, Duration deadline, Scheduler scheduler) {
        if (request.getLength() > maxBytes) {
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
            if (out.size() + bytes.remaining() > maxBytes) {
                chunk.release();
                done.complete(null);
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.writeBytes(copy);
            chunk.release();
            if (chunk.isLast()) {
                done.complete(out.toByteArray());
                return;
            }
        }
    }
}
