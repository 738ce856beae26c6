package org.sscard.cardsim.vpcd;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs a {@link VirtualCard} into pcscd through vsmartcard's vpcd driver: the card is "inserted" while
 * this bridge is connected to the reader's port (35963 for "Virtual PCD 00 00", 35964 for "… 00 01") and
 * "removed" when it disconnects.
 *
 * <p>vpcd serves one card at a time: it accepts the next connection only when pcscd polls the reader (every
 * 400 ms) and finds no card, and then asks for the ATR. Until then a new connection waits in the listen queue —
 * so a connection alone does not mean that the reader has the card, and {@link #insert} waits for vpcd's first
 * message. A card that another process keeps in the reader (a virtual card left running) thus gives a clear error
 * instead of a card that never arrives.
 *
 * <p>vpcd's protocol: every message is a 2-byte big-endian length and a payload. A 1-byte payload is a
 * control code — 00 power off, 01 power on, 02 reset, 04 ATR request (answered with the ATR); the others
 * get no answer. Any longer payload is a command APDU, answered with the response APDU.
 *
 * <p>Latency: vpcd writes the length and the payload separately, and Nagle's algorithm holds the payload
 * back until the length is acknowledged; with delayed acknowledgements that costs ~40 ms per APDU. So
 * the socket runs with TCP_NODELAY, and on Linux TCP_QUICKACK is armed before every read (the kernel
 * clears it whenever it falls back to delayed acknowledgements, e.g. after we answer).
 */
public final class VpcdBridge implements AutoCloseable {
    public static final int FIRST_SLOT_PORT = 35963;
    private static final Logger LOG = LoggerFactory.getLogger(VpcdBridge.class);
    private static final int POWER_OFF = 0;
    private static final int POWER_ON = 1;
    private static final int RESET = 2;
    private static final int GET_ATR = 4;

    private final Socket socket;
    private final VirtualCard card;
    private final String name;
    private final boolean quickAck;
    private final AtomicLong apdus = new AtomicLong();
    private final Thread worker;
    private final CountDownLatch firstMessageOrEnd = new CountDownLatch(1);
    private volatile boolean taken;
    private volatile boolean closing;

    private VpcdBridge(Socket socket, VirtualCard card, String name) {
        this.socket = socket;
        this.card = card;
        this.name = name;
        this.quickAck = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        this.worker = new Thread(this::serve, "vpcd-" + name);
        this.worker.setDaemon(true);
    }

    /**
     * Inserts {@code card} into the vpcd reader listening on {@code host:port} and returns once the reader has
     * taken it (vpcd's first message), waiting up to {@code timeout} for the reader to listen (pcscd may still be
     * starting) and again up to {@code timeout} for it to take the card.
     *
     * @throws IOException no reader listens, or it did not take the card in time (the connection is then closed)
     */
    public static VpcdBridge insert(String host, int port, VirtualCard card, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
                VpcdBridge bridge = new VpcdBridge(socket, card, host + ":" + port);
                bridge.worker.start();
                bridge.awaitTaken(timeout);
                LOG.info("card inserted into the virtual reader at {}", bridge.name);
                return bridge;
            } catch (ConnectException e) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("no virtual reader listens at " + host + ":" + port
                            + " (is pcscd running with vsmartcard-vpcd? try scripts/pcsc-up)", e);
                }
                sleep(pause);
                pause = Math.min(500, pause * 2);
            }
        }
    }

    private void awaitTaken(Duration timeout) throws IOException {
        boolean answered;
        try {
            answered = firstMessageOrEnd.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new IOException("interrupted while waiting for the virtual reader at " + name + " to take the card", e);
        }
        if (!taken) {
            disconnect();
            throw new IOException("the virtual reader at " + name + (answered ? " closed the connection before it took"
                    + " the card" : " did not take the card within " + timeout.toMillis() + " ms: another card is in it"
                    + " (a virtual-card still running?) or pcscd does not poll it"));
        }
    }

    /** The number of command APDUs the card has answered through this bridge. */
    public long apduCount() {
        return apdus.get();
    }

    /** True while the card is in the reader. */
    public boolean inserted() {
        return worker.isAlive();
    }

    /** Removes the card from the reader. */
    @Override
    public void close() throws IOException {
        disconnect();
        LOG.info("card removed from the virtual reader at {}", name);
    }

    private void disconnect() throws IOException {
        closing = true;
        socket.close();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                armQuickAck();
                int length = in.readUnsignedShort();
                taken = true;
                firstMessageOrEnd.countDown();
                armQuickAck();
                byte[] message = new byte[length];
                in.readFully(message);
                if (length == 1) {
                    control(message[0] & 0xFF, out);
                } else if (length > 1) {
                    send(out, answer(message));
                }
            }
        } catch (EOFException | SocketException e) {
            if (!closing) {
                LOG.info("the virtual reader at {} closed the connection", name);
            }
        } catch (IOException e) {
            LOG.warn("virtual reader link at {} failed: {}", name, e.getMessage());
        } finally {
            firstMessageOrEnd.countDown();
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void control(int code, DataOutputStream out) throws IOException {
        switch (code) {
            case POWER_OFF:
                card.powerOff();
                break;
            case POWER_ON:
                card.powerOn();
                break;
            case RESET:
                card.reset();
                break;
            case GET_ATR:
                send(out, card.atr());
                break;
            default:
                LOG.warn("unknown vpcd control code {}", code);
        }
    }

    private byte[] answer(byte[] command) {
        apdus.incrementAndGet();
        try {
            return card.transmit(command);
        } catch (RuntimeException e) {
            LOG.warn("the simulated card failed on a command: {}", e.toString());
            return new byte[] {0x6F, 0x00};
        }
    }

    private void send(DataOutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) (payload.length >>> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    private void armQuickAck() throws IOException {
        if (quickAck) {
            socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the virtual reader", e);
        }
    }
}
