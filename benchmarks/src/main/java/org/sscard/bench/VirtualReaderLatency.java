package org.sscard.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.sscard.cardsim.vpcd.EchoCard;
import org.sscard.cardsim.vpcd.VirtualCard;
import org.sscard.cardsim.vpcd.VpcdBridge;

/**
 * APDU round trips in process and through pcscd + vpcd + the bridge (median and p99 over N APDUs),
 * with an echo card so that what is measured is the reader path itself. Needs scripts/pcsc-up.
 * Usage: VirtualReaderLatency [apdus, default 10000]
 */
public final class VirtualReaderLatency {
    private static final CommandAPDU COMMAND = new CommandAPDU(0x00, 0xB2, 0x01, 0x04, new byte[16], 0x10);

    private VirtualReaderLatency() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        VirtualCard echo = new EchoCard();
        long[] inProcess = new long[count];
        byte[] raw = COMMAND.getBytes();
        for (int i = 0; i < count + 1000; i++) {
            long start = System.nanoTime();
            echo.transmit(raw);
            if (i >= 1000) {
                inProcess[i - 1000] = System.nanoTime() - start;
            }
        }
        report("echo card, in process", inProcess);

        CardTerminal reader = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal("Virtual PCD 00 00");
        try (VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, echo, Duration.ofSeconds(5))) {
            if (!reader.waitForCardPresent(5000)) {
                throw new IllegalStateException("the card did not appear in Virtual PCD 00 00");
            }
            Card card = reader.connect("*");
            CardChannel channel = card.getBasicChannel();
            long[] pcsc = new long[count];
            for (int i = 0; i < count + 1000; i++) {
                long start = System.nanoTime();
                channel.transmit(COMMAND);
                if (i >= 1000) {
                    pcsc[i - 1000] = System.nanoTime() - start;
                }
            }
            card.disconnect(false);
            report("echo card, through pcscd + vpcd + bridge", pcsc);
            System.out.printf(Locale.ROOT, "bridge APDUs answered: %d%n", bridge.apduCount());
        }
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-45s n=%d  median %.3f ms  p99 %.3f ms  max %.3f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
