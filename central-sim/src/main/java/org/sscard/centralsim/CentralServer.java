package org.sscard.centralsim;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The central's HTTP server (Jetty): the interface on one connector (HTTPS, or HTTP with --insecure-http), the
 * admin endpoint on a second one bound to loopback. Connections are served without blocking (the selector reads;
 * a pool thread runs only when a request is complete or bytes arrived), so a slow or silent client holds a
 * socket, never a thread, and only until a limit of {@link HttpLimits} closes it.
 */
final class CentralServer {
    private final Server server;
    private final ServerConnector api;
    private final ServerConnector admin;
    private final ConnectionDeadlines deadlines;

    /**
     * {@code threads}: the pool threads that run requests (plus one selector per connector); {@code tls} null for
     * plain HTTP; {@code adminPort} −1 for no admin connector.
     */
    CentralServer(int port, SSLContext tls, int adminPort, int threads, HttpLimits limits) {
        int selectors = adminPort >= 0 ? 2 : 1;
        // Jetty's own advice: bound the threads, not the job queue (a rejected job would lose an I/O callback); the
        // queue is bounded in effect by the connection limit, each connection having at most a few jobs queued.
        QueuedThreadPool pool = new QueuedThreadPool(threads + selectors, Math.min(threads + selectors, 4));
        pool.setName("central");
        pool.setReservedThreads(0);
        pool.setDaemon(true);
        server = new Server(pool);
        server.setErrorHandler(new Http.BareErrors());
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.headerBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
        if (tls == null) {
            api = new ServerConnector(server, 0, 1, httpFactory);
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            api = new ServerConnector(server, 0, 1, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    httpFactory);
        }
        api.setName("api");
        api.setPort(port);
        api.setIdleTimeout(limits.idle().toMillis());
        api.setAcceptQueueSize(256);
        server.addConnector(api);
        deadlines = new ConnectionDeadlines(api, server.getScheduler(), limits);
        api.addBean(deadlines);
        server.addBean(new NetworkConnectionLimit(limits.connections(), api));
        if (adminPort >= 0) {
            admin = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
            admin.setName("admin");
            admin.setHost("127.0.0.1");
            admin.setPort(adminPort);
            admin.setIdleTimeout(limits.idle().toMillis());
            server.addConnector(admin);
        } else {
            admin = null;
        }
    }

    Scheduler scheduler() {
        return server.getScheduler();
    }

    /** Starts serving: the interface's requests go to {@code gateway}, the admin connector's to {@code adminHandler}. */
    void start(Handler gateway, Handler adminHandler) throws Exception {
        gateway.setServer(server);
        if (adminHandler != null) {
            adminHandler.setServer(server);
        }
        server.setHandler(new Dispatch(gateway, adminHandler));
        server.start();
    }

    int port() {
        return api.getLocalPort();
    }

    int adminPort() {
        return admin == null ? -1 : admin.getLocalPort();
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
        }
    }

    private final class Dispatch extends Handler.Abstract {
        private final Handler gateway;
        private final Handler adminHandler;

        Dispatch(Handler gateway, Handler adminHandler) {
            this.gateway = gateway;
            this.adminHandler = adminHandler;
            addBean(gateway);
            if (adminHandler != null) {
                addBean(adminHandler);
            }
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Connector on = request.getConnectionMetaData().getConnector();
            if (on == admin) {
                return adminHandler.handle(request, response, callback);
            }
            deadlines.requestArrived(request.getConnectionMetaData().getConnection());
            return gateway.handle(request, response, callback);
        }
    }
}
