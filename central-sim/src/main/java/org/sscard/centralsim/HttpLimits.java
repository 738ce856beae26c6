package org.sscard.centralsim;

import java.time.Duration;

/**
 * What the HTTP server allows a connection before it is closed: {@code handshake} to finish the TLS handshake
 * after the connection is accepted; {@code head} to send a whole request head once its first byte arrived (the
 * first request of a connection: from the accept); {@code body} to send the whole body once the head is in;
 * {@code idle} without a byte either way; {@code headerBytes} for the request line and headers (more: 431);
 * {@code connections} open at once (more wait in the accept backlog).
 */
public record HttpLimits(Duration handshake, Duration head, Duration body, Duration idle, int headerBytes,
        int connections) {

    public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30), 8 * 1024, 1000);

    public HttpLimits {
        for (Duration d : new Duration[] {handshake, head, body, idle}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
        }
        if (headerBytes < 1024 || connections < 1) {
            throw new IllegalArgumentException("at least 1 KiB of headers and one connection");
        }
    }

    /** The same limits with every timeout set to {@code timeout} (tests). */
    public HttpLimits withTimeouts(Duration timeout) {
        return new HttpLimits(timeout, timeout, timeout, timeout, headerBytes, connections);
    }
}
