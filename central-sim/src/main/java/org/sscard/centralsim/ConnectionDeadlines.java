package org.sscard.centralsim;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake and request-head deadlines of {@link HttpLimits}, which Jetty's idle timeout alone does not give: a
 * client sending one byte a second is never idle. A sweep over the connector's open connections closes those that
 * passed a deadline; a waiting connection holds no thread (Jetty reads without blocking), so this only bounds how
 * long it holds a socket. The body deadline is the gateway's, which reads the body. Whether a head is arriving is
 * read from the connection's parser ({@code HttpConnection} of Jetty's internal package: the version is pinned,
 * and {@code HttpHardeningTest} fails if the parser's states change meaning).
 */
final class ConnectionDeadlines extends AbstractLifeCycle implements SslHandshakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

    private final AbstractConnector connector;
    private final Scheduler scheduler;
    private final long handshakeMillis;
    private final long headMillis;
    private final long sweepMillis;
    private final Set<SSLEngine> handshaken = ConcurrentHashMap.newKeySet();
    /** Per HTTP connection: when the head now arriving began (0: none), and whether a request was served. */
    private final Map<Connection, Head> heads = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    private static final class Head {
        long startedMillis;
        volatile boolean served;
    }

    ConnectionDeadlines(AbstractConnector connector, Scheduler scheduler, HttpLimits limits) {
        this.connector = connector;
        this.scheduler = scheduler;
        this.handshakeMillis = limits.handshake().toMillis();
        this.headMillis = limits.head().toMillis();
        this.sweepMillis = Math.max(20, Math.min(500, Math.min(handshakeMillis, headMillis) / 5));
    }

    @Override
    public void handshakeSucceeded(Event event) {
        handshaken.add(event.getSSLEngine());
    }

    /** A request's head is complete (it reached a handler): from now on the head deadline runs per request. */
    void requestArrived(Connection connection) {
        heads.computeIfAbsent(connection, c -> new Head()).served = true;
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task t = next;
        if (t != null) {
            t.cancel();
        }
    }

    private void schedule() {
        next = scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            long now = System.currentTimeMillis();
            Set<SSLEngine> engines = new HashSet<>();
            Set<Connection> connections = new HashSet<>();
            for (EndPoint ep : connector.getConnectedEndPoints()) {
                String late = late(ep, now, engines, connections);
                if (late != null) {
                    LOG.debug("closing a connection from {}: {}", ep.getRemoteSocketAddress(), late);
                    ep.close();
                }
            }
            handshaken.retainAll(engines);
            heads.keySet().retainAll(connections);
        } catch (RuntimeException e) {
            LOG.warn("connection deadline sweep failed: {}", e.toString());
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    /** Why the connection of network end point {@code ep} is past a deadline, or null. */
    private String late(EndPoint ep, long now, Set<SSLEngine> engines, Set<Connection> connections) {
        long age = now - ep.getCreatedTimeStamp();
        Connection c = ep.getConnection();
        if (c instanceof SslConnection ssl) {
            engines.add(ssl.getSSLEngine());
            if (!handshaken.contains(ssl.getSSLEngine())) {
                return age > handshakeMillis ? "TLS handshake not finished in time" : null;
            }
            c = ssl.getSslEndPoint().getConnection();
        }
        if (!(c instanceof HttpConnection http)) {
            return null;
        }
        connections.add(http);
        Head h = heads.computeIfAbsent(http, k -> new Head());
        if (!h.served) {
            return age > handshakeMillis + headMillis ? "no complete request head in time" : null;
        }
        HttpParser.State state = http.getParser().getState();
        if (state == HttpParser.State.START || !http.getParser().inHeaderState()) {
            h.startedMillis = 0;
            return null;
        }
        if (h.startedMillis == 0) {
            h.startedMillis = now;
            return null;
        }
        return now - h.startedMillis > headMillis ? "request head not complete in time" : null;
    }
}
