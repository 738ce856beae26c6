package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server against clients that do not finish what they start or send what HTTP does not allow: unfinished
 * requests hold no thread and are closed at their deadline, framing out of range is a bare 400, and no answer or log
 * line carries a Java class name or a stack trace.
 */
class HttpHardeningTest {
    /** A Java class name (java.lang.NumberFormatException, org.eclipse.jetty.…) or a stack frame. */
    private static final Pattern JAVA = Pattern.compile("\\b(java|javax|jdk|sun|org|com)\\.[a-z]+\\.|Exception|\\bat [a-z]+\\.");
    private static final String HEALTH = "/api/v1/health";

    private final Clock clock = Clock.systemDefaultZone();
    private final List<RawConnection> open = new ArrayList<>();
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void captureLog() {
        log = new ListAppender<>();
        log.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void closeAndCheckLog() throws IOException {
        for (RawConnection c : open) {
            c.close();
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        for (ILoggingEvent e : log.list) {
            // Jetty may warn at stop about the unfinished connections' pending work; errors and traces are defects.
            assertTrue(e.getThrowableProxy() == null && !e.getLevel().isGreaterOrEqual(Level.ERROR),
                    "no error and no stack trace in the log: " + e.getFormattedMessage());
        }
    }

    private RawConnection keep(RawConnection c) {
        open.add(c);
        return c;
    }

    private static HttpClient pinned(CentralSim.Running c) {
        return TerminalClient.httpClient(CertificateAuthority.clientContext(c.caCertPem()));
    }

    private static int health(HttpClient http, CentralSim.Running c) throws Exception {
        return http.send(HttpRequest.newBuilder(c.baseUri().resolve(HEALTH)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void unfinishedRequestsAndHandshakesHoldNoThread(@TempDir Path dir) throws Exception {
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir))) {
            for (int i = 0; i < 8; i++) {
                keep(RawConnection.tls(c)).write(RawConnection.postHead("/api/v1/1101", "100") + "{\"infno\":");
                keep(RawConnection.tls(c)).write(RawConnection.postHead("/api/v1/enrol", "100"));
                keep(RawConnection.tcp(c.port())).write("\u0016\u0003\u0001");
                keep(RawConnection.tls(c)).write("POST /api/v1/1101 HTTP/1.1\r\nHost: loc");
            }
            HttpClient http = pinned(c);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, health(http, c), "health check " + (i + 1) + " of 3 answered");
            }
            for (RawConnection r : open) {
                assertTrue(r.stillOpen(50), "the unfinished requests are still waiting (not yet at their deadline)");
            }
        }
    }

    @Test
    void unfinishedRequestsAreClosedAtTheirDeadline(@TempDir Path dir) throws Exception {
        HttpLimits limits = HttpLimits.DEFAULT.withTimeouts(Duration.ofMillis(800));
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir).withHttpLimits(limits))) {
            RawConnection truncatedBody = keep(RawConnection.tls(c))
                    .write(RawConnection.postHead("/api/v1/1101", "100") + "{\"infno\":");
            RawConnection silent = keep(RawConnection.tcp(c.port()));
            RawConnection halfHandshake = keep(RawConnection.tcp(c.port())).write("\u0016\u0003\u0001\u0000");
            RawConnection halfHead = keep(RawConnection.tls(c)).write("POST /api/v1/1101 HTTP/1.1\r\n");
            RawConnection idleAfterHandshake = keep(RawConnection.tls(c));
            for (RawConnection r : List.of(truncatedBody, halfHead, idleAfterHandshake)) {
                assertEquals("", r.readToClose(10_000), "closed without an HTTP answer");
            }
            for (RawConnection r : List.of(silent, halfHandshake)) {
                r.readToClose(10_000); // closed, perhaps after a TLS alert
            }
        }
    }

    @Test
    void theHandshakeDeadlineEndsWithTheHandshake(@TempDir Path dir) throws Exception {
        HttpLimits limits = new HttpLimits(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 8 * 1024, 100);
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir).withHttpLimits(limits))) {
            RawConnection handshaken = keep(RawConnection.tls(c));
            RawConnection notHandshaken = keep(RawConnection.tcp(c.port()));
            Thread.sleep(1500);
            notHandshaken.readToClose(5000);
            String answer = handshaken.write("GET " + HEALTH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .readToClose(5000);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), "a finished handshake is not held to its deadline: " + answer);
        }
    }

    @Test
    void aHeadSentOneByteAtATimeIsClosedAtTheHeadDeadline(@TempDir Path dir) throws Exception {
        HttpLimits limits = new HttpLimits(Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 8 * 1024, 100);
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir).withHttpLimits(limits))) {
            RawConnection drip = keep(RawConnection.tls(c));
            drip.write("GET " + HEALTH + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String first = drip.socket.getInputStream().readNBytes(12).length == 12 ? "answered" : "";
            assertEquals("answered", first);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean closed = false;
            String slow = "GET " + HEALTH + " HTTP/1.1\r\nX-Slow: " + "a".repeat(400);
            for (int i = 0; i < slow.length() && System.nanoTime() < until && !closed; i++) {
                try {
                    drip.write(slow.substring(i, i + 1));
                    Thread.sleep(50);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed || !drip.stillOpen(2000), "a head never finished is closed although bytes keep coming");
        }
    }

    @Test
    void contentLengthOutOfRangeIsABare400(@TempDir Path dir) throws Exception {
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir))) {
            String answer = keep(RawConnection.tls(c)).write(RawConnection.postHead("/api/v1/1101",
                    "9223372036854775808") + "{}").readToClose(5000);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertBareAndClean(answer);
        }
    }

    @Test
    void chunkSizeOutOfRangeIsABare400(@TempDir Path dir) throws Exception {
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir))) {
            String answer = keep(RawConnection.tls(c)).write("POST /api/v1/1101 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7fffffffffff\r\n{\"infno\":\"1101\"}").readToClose(5000);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertBareAndClean(answer);
            assertEquals(200, health(pinned(c), c), "the service carries on");
        }
    }

    @Test
    void aHundredKilobyteHeaderIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        HttpLimits slowDeadlines = HttpLimits.DEFAULT.withTimeouts(Duration.ofSeconds(60));
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir).withHttpLimits(slowDeadlines))) {
            RawConnection r = keep(RawConnection.tls(c));
            Thread writer = new Thread(() -> {
                try {
                    r.write("GET " + HEALTH + " HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(100 * 1024)
                            + "\r\n\r\n");
                } catch (IOException e) {
                    // the server refused and closed while the header was still being written
                }
            });
            writer.start();
            String answer = r.readToClose(5000);
            writer.join(5000);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 431 "), answer);
            assertBareAndClean(answer);
        }
    }

    @Test
    void noAnswerCarriesAJavaNameOrATrace(@TempDir Path dir) throws Exception {
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(dir))) {
            List<String> answers = new ArrayList<>();
            for (String request : List.of(
                    RawConnection.postHead("/api/v1/1101", "9") + "{\"infno\":",
                    RawConnection.postHead("/api/v1/1101", "-1") + "{}",
                    RawConnection.postHead("/api/v1/1101", "1e3") + "{}",
                    RawConnection.postHead("/api/v1/enrol", "2") + "[]",
                    RawConnection.postHead("/api/v1/nope", "2") + "{}",
                    RawConnection.postHead("/api/v1/%zz", "2") + "{}",
                    "GET /api/v1/1101 HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "BREW /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "GET /api/v1/health HTTP/9.9\r\nHost: localhost\r\n\r\n",
                    "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                    "POST /api/v1/1101 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "\u0000\u0001garbage\r\n\r\n")) {
                answers.add(keep(RawConnection.tls(c)).write(request + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close"
                        + "\r\n\r\n").readToClose(10_000));
            }
            for (String a : answers) {
                assertFalse(a.isEmpty(), "every request here gets an answer");
                assertFalse(JAVA.matcher(a).find(), "no class name or trace: " + a);
            }
        }
    }

    /** A status line and headers only (an empty body), and nothing that names Java. */
    private static void assertBareAndClean(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (!answer.isEmpty()) {
            assertTrue(end > 0, answer);
            assertEquals("", answer.substring(end + 4), "no body");
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-length: 0"), answer);
        }
        assertFalse(JAVA.matcher(answer).find(), answer);
    }
}
