package org.sscard.terminal.receipt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/** An ESC/POS thermal printer reached through a byte channel: a device file or a network printer's raw port. */
public final class EscPosPrinter implements ReceiptPrinter {
    /** Opens a fresh channel to the printer for each receipt. */
    public interface Channel {
        OutputStream open() throws IOException;
    }

    private final String name;
    private final Channel channel;
    private final EscPosRenderer renderer;

    public EscPosPrinter(String name, Channel channel, EscPosRenderer renderer) {
        this.name = name;
        this.channel = channel;
        this.renderer = renderer;
    }

    /** A printer at a device file such as {@code /dev/usb/lp0}. */
    public static EscPosPrinter device(Path device, EscPosRenderer renderer) {
        return new EscPosPrinter(device.toString(), () -> Files.newOutputStream(device, StandardOpenOption.WRITE), renderer);
    }

    /** A network printer's raw port (usually 9100), with a 3 s connect timeout. */
    public static EscPosPrinter network(String host, int port, EscPosRenderer renderer) {
        return new EscPosPrinter(host + ":" + port, () -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 3000);
            socket.setSoTimeout(3000);
            return new SocketStream(socket);
        }, renderer);
    }

    @Override
    public void print(Receipt receipt) throws PrintFailedException {
        byte[] bytes = renderer.render(receipt);
        try (OutputStream out = channel.open()) {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new PrintFailedException(Problem.of(Reason.PRINTER_FAILED, name), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    private static final class SocketStream extends OutputStream {
        private final Socket socket;
        private final OutputStream out;

        SocketStream(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
