package org.sscard.centralsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A connection to the central that writes whatever bytes a test wants, including broken or unfinished HTTP. */
final class RawConnection implements AutoCloseable {
    final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** TCP only: the TLS handshake is never begun. */
    static RawConnection tcp(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new RawConnection(s);
    }

    /** TCP and a finished TLS handshake with the central's CA pinned. */
    static RawConnection tls(CentralSim.Running central) throws IOException {
        SSLContext ctx = CertificateAuthority.clientContext(central.caCertPem());
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", central.port());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return new RawConnection(s);
    }

    RawConnection write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The head of a POST whose body is {@code length} bytes long, as declared. */
    static String postHead(String path, String contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /**
     * Everything the server sends until it closes the connection; fails if it neither answers nor closes within
     * {@code timeoutMillis}. A reset after some bytes counts as the close.
     */
    String readToClose(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within " + timeoutMillis + " ms; got: "
                    + out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // reset or TLS alert after the server closed: what was read so far is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** True while the server has not closed the connection (nothing to read within {@code millis}). */
    boolean stillOpen(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
