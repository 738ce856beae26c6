package org.sscard.terminal.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the test PostgreSQL that can be cut and restored on the same port: the ledger as the
 * stations see it when its network goes down and comes back. While cut it keeps the port and drops every connection
 * it accepts: a closed port could be taken by another socket, or joined by a client's own ephemeral port (a TCP
 * self-connect), and a connection meant to fail would then succeed.
 */
public final class LedgerGate implements AutoCloseable {
    private final InetSocketAddress target;
    private final String url;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private volatile boolean cut;

    public LedgerGate(String url) throws IOException {
        URI uri = URI.create(url.substring("jdbc:".length()));
        this.target = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.url = url.replaceFirst("//[^/]+/", "//127.0.0.1:" + server.getLocalPort() + "/");
        accept();
    }

    /** The same database's URL through the relay. */
    public String url() {
        return url;
    }

    /** Cuts every connection and drops new ones. */
    public synchronized void cut() throws IOException {
        cut = true;
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Relays connections again. */
    public synchronized void restore() {
        cut = false;
    }

    private void accept() {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    synchronized (this) {
                        if (cut) {
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(target.getAddress(), target.getPort());
                        open.add(client);
                        open.add(upstream);
                        pipe(client, upstream);
                        pipe(upstream, client);
                    }
                } catch (IOException e) {
                    return; // closed by close()
                }
            }
        }, "ledger-gate");
        t.setDaemon(true);
        t.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side or cut() closed it
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "ledger-gate-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
