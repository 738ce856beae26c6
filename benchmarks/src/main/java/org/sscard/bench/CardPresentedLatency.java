package org.sscard.bench;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;

/**
 * The card-presented flow (SELECT SSSE, EF05, mutual authentication, EF06, medical SELECT + EF05) with the
 * real applets: APDU count, and median / p99 of the whole flow, split into card time (the counting
 * decorator's sum over the commands) and the rest (security module and card-lib), in process through
 * jCardSim's javax.smartcardio terminal and through pcscd + vpcd + the bridge; then the round trip of one
 * SELECT SSSE both ways. Needs scripts/pcsc-up for the pcscd half ("Virtual PCD 00 00").
 * Usage: CardPresentedLatency [runs, default 500] [card number, default 1 (SM4); 2 is 3DES]
 */
public final class CardPresentedLatency {
    private static final String READER = "Virtual PCD 00 00";
    private static final byte[] SELECT_SSSE = HexFormat.of().parseHex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00");
    private static final int WARM_UP = 100;

    private CardPresentedLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int number = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        SecurityModule module = TestKeys.module();
        DemoCard demo = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, DemoCardGenerator.DEFAULT_COUNT).card(number);
        SimulatedCard card = new CardFactory(module).issue(demo);
        System.out.printf(Locale.ROOT, "demo card %d (%s), %d runs after %d warm-up runs%n", number,
                demo.algorithm().displayName(), runs, WARM_UP);

        try (PcscTransport inProcess = PcscTransport.connect(CardTerminalSimulator.terminal(card.simulator(), "jCardSim"))) {
            flow("in process (jCardSim javax.smartcardio)", inProcess, module, runs);
            select("SELECT SSSE round trip, in process", inProcess, runs * 4);
        }
        card.reset();

        ReaderManager readers = new ReaderManager();
        try (VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, card, Duration.ofSeconds(5))) {
            if (!readers.waitForCardPresent(READER, Duration.ofSeconds(5))) {
                throw new IllegalStateException("the card did not appear in " + READER);
            }
            try (PcscTransport reader = readers.connect(READER)) {
                flow("through pcscd + vpcd + bridge", reader, module, runs);
                select("SELECT SSSE round trip, through pcscd + vpcd", reader, runs * 4);
            }
            System.out.printf(Locale.ROOT, "bridge APDUs answered: %d%n", bridge.apduCount());
        }
    }

    private static void flow(String what, PcscTransport raw, SecurityModule module, int runs) {
        long[] total = new long[runs];
        long[] cardTime = new long[runs];
        long[] rest = new long[runs];
        int apdus = 0;
        for (int i = -WARM_UP; i < runs; i++) {
            CountingTransport counting = CardTransports.standard(raw);
            CardSession session = new CardSession(counting, module);
            long start = System.nanoTime();
            session.readCard();
            long elapsed = System.nanoTime() - start;
            if (i >= 0) {
                total[i] = elapsed;
                cardTime[i] = counting.totalNanos();
                rest[i] = elapsed - counting.totalNanos();
                apdus = counting.count();
            }
        }
        System.out.printf(Locale.ROOT, "card presented, %s: %d APDUs%n", what, apdus);
        report("  whole flow", total);
        report("  card time (sum over APDUs)", cardTime);
        report("  security module + card-lib", rest);
    }

    private static void select(String what, PcscTransport raw, int count) {
        long[] nanos = new long[count];
        for (int i = -WARM_UP * 10; i < count; i++) {
            long start = System.nanoTime();
            byte[] response = raw.transmit(SELECT_SSSE);
            long elapsed = System.nanoTime() - start;
            if (response.length < 2 || response[response.length - 2] != (byte) 0x90) {
                throw new IllegalStateException("SELECT SSSE failed: " + HexFormat.of().formatHex(response));
            }
            if (i >= 0) {
                nanos[i] = elapsed;
            }
        }
        report(what, nanos);
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-45s n=%d  median %.3f ms  p99 %.3f ms  max %.3f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
