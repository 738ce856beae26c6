package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bridge against a stand-in for vpcd on loopback: framing, control codes, insertion, removal. */
class VpcdBridgeTest {

    /** Records what the reader asked of it. */
    private static final class RecordingCard implements VirtualCard {
        final List<String> events = new ArrayList<>();
        private final EchoCard echo = new EchoCard();

        @Override
        public byte[] atr() {
            events.add("atr");
            return echo.atr();
        }

        @Override
        public void powerOn() {
            events.add("on");
        }

        @Override
        public void powerOff() {
            events.add("off");
        }

        @Override
        public void reset() {
            events.add("reset");
        }

        @Override
        public byte[] transmit(byte[] command) {
            events.add("apdu");
            if (command[1] == (byte) 0xEE) {
                throw new IllegalStateException("card fault");
            }
            return echo.transmit(command);
        }
    }

    @Test
    void speaksTheVpcdProtocol() throws Exception {
        RecordingCard card = new RecordingCard();
        try (ServerSocket reader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<VpcdBridge> inserting = insertAsync(reader.getLocalPort(), card, Duration.ofSeconds(5));
            Socket link = reader.accept();
            DataOutputStream out = new DataOutputStream(link.getOutputStream());
            DataInputStream in = new DataInputStream(link.getInputStream());
            Thread.sleep(200);
            assertFalse(inserting.isDone(), "connected, but the reader has not taken the card yet");
            send(out, new byte[] {1});
            VpcdBridge bridge = inserting.get(5, TimeUnit.SECONDS);
            send(out, new byte[] {4});
            assertArrayEquals(new EchoCard().atr(), receive(in));
            send(out, hex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF"));
            assertArrayEquals(hex("7378312E73682EC9E7BBE1B1A3D5CF9000"), receive(in));
            send(out, hex("00840000"));
            assertArrayEquals(hex("9000"), receive(in));
            send(out, hex("00EE0000"));
            assertArrayEquals(hex("6F00"), receive(in), "a failing card answers 6F00, the link stays up");
            send(out, new byte[] {2});
            send(out, new byte[] {0});
            send(out, new byte[] {4});
            receive(in);
            assertEquals(List.of("on", "atr", "apdu", "apdu", "apdu", "reset", "off", "atr"), card.events);
            assertEquals(3, bridge.apduCount());
            assertTrue(bridge.inserted());
            bridge.close();
            assertThrows(EOFException.class, () -> in.readUnsignedShort(), "removing the card closes the link");
            link.close();
        }
    }

    /**
     * vpcd takes one card at a time: while another connection holds the reader, a new one waits in the listen
     * queue and hears nothing. That is an error, not an inserted card, and the connection is given up.
     */
    @Test
    void aReaderThatDoesNotTakeTheCardIsAnErrorAndTheConnectionIsClosed() throws Exception {
        try (ServerSocket reader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> VpcdBridge.insert("127.0.0.1", reader.getLocalPort(), new EchoCard(), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not take the card within 300 ms")
                    && e.getMessage().contains("virtual-card still running"), e.getMessage());
            try (Socket queued = reader.accept()) {
                assertEquals(-1, queued.getInputStream().read(), "the waiting connection was closed");
            }
        }
    }

    @Test
    void aReaderThatClosesTheConnectionFirstDidNotTakeTheCard() throws Exception {
        try (ServerSocket reader = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<VpcdBridge> inserting = insertAsync(reader.getLocalPort(), new EchoCard(),
                    Duration.ofSeconds(5));
            reader.accept().close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> inserting.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("closed the connection before it took the card"),
                    e.getCause().getMessage());
        }
    }

    private static CompletableFuture<VpcdBridge> insertAsync(int port, VirtualCard card, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return VpcdBridge.insert("127.0.0.1", port, card, timeout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void tellsClearlyWhenNoReaderListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        IOException e = assertThrows(IOException.class,
                () -> VpcdBridge.insert("127.0.0.1", port, new EchoCard(), Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("scripts/pcsc-up"), e.getMessage());
    }

    @Test
    void echoCardAnswersEveryCommandCase() {
        EchoCard echo = new EchoCard();
        assertArrayEquals(hex("9000"), echo.transmit(hex("00840000")));
        assertArrayEquals(hex("9000"), echo.transmit(hex("0084000008")));
        assertArrayEquals(hex("01029000"), echo.transmit(hex("00DC0000020102")));
        assertArrayEquals(hex("01029000"), echo.transmit(hex("00DC000002010200")));
    }

    static void send(DataOutputStream out, byte[] payload) throws IOException {
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
    }

    static byte[] receive(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readUnsignedShort()];
        in.readFully(payload);
        return payload;
    }

    static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
