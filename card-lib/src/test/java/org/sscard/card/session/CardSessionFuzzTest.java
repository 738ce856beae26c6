package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.sscard.card.CardFormatException;
import org.sscard.card.SmartCardException;
import org.sscard.card.tlv.Tlv;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;
import org.sscard.fuzz.FuzzBudget;

/**
 * Fuzzes the card session with a card that answers a genuine conversation (SELECT, READ RECORD, INTERNAL
 * AUTHENTICATE, GET CHALLENGE, VERIFY, INITIALIZE FOR DEBIT, DEBIT, CHANGE/RELOAD PIN) with one to three answers
 * damaged: truncated, a length byte changed, bits flipped, odd status words (61xx, 6Cxx, 63Cx...), random bytes.
 * The answers go through the standard decorator stack. Each flow must end normally or with a card-lib
 * exception ({@link SmartCardException}), never another exception, never a loop of commands.
 */
@AddLifecycleHook(FuzzBudget.class)
class CardSessionFuzzTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Far more commands than any flow sends: a session past this is looping on the card's answers. */
    static final int MAX_COMMANDS = 200;
    private static final int[] ODD_STATUS_WORDS = {0x6100, 0x61FF, 0x6101, 0x6C00, 0x6C01, 0x6CFF, 0x63C0, 0x63C3, 0x63CF,
            0x6300, 0x6283, 0x6983, 0x6982, 0x6985, 0x9401, 0x6A82, 0x6700, 0x6F00, 0x6400, 0x0000, 0xFFFF, 0x9000};

    /** What the station does with a card, and the genuine conversation of the test card for it. */
    enum Flow {
        READ_CARD(s -> s.readCard()),
        READ_LONG_NAME(s -> {
            s.readIssuerData();
            s.authenticate();
            s.readHolderData();
        }),
        VERIFY_PIN(s -> s.verifyPin("123456".toCharArray())),
        PIN_TRIES_LEFT(CardSession::pinTriesLeft),
        CHANGE_PIN(s -> s.changePin("123456".toCharArray(), "654321".toCharArray())),
        RELOAD_PIN(s -> {
            s.readIssuerData();
            s.reloadPin("2468".toCharArray());
        }),
        DEBIT(s -> {
            s.readIssuerData();
            s.verifyPin("123456".toCharArray());
            s.debit(DebitTest.REQUEST);
        });

        final Consumer<CardSession> steps;

        Flow(Consumer<CardSession> steps) {
            this.steps = steps;
        }

        ReplayTransport genuine(TestCard card) {
            return switch (this) {
                case READ_CARD -> card.replay("issuer.replay", "auth.replay", "holder.replay", "medical.replay");
                case READ_LONG_NAME -> card.replay("issuer.replay", "auth.replay", "holder-long-name.replay");
                case VERIFY_PIN -> card.replay(Map.of("SW", "9000"), "verify-pin.replay");
                case PIN_TRIES_LEFT -> ReplayTransport.fromText("tries", "> 00200000\n< 63C3\n", Map.of());
                case CHANGE_PIN -> card.replay(Map.of("SW", "9000"), "change-pin.replay");
                case RELOAD_PIN -> card.replay(Map.of("MAC", card.mac(KeyType.PIN_RELOAD, "805E000006 2468"), "SW", "9000"),
                        "issuer.replay", "reload-pin.replay");
                case DEBIT -> card.replay(DebitTest.vars(card, "${TAC} ${MAC2} 9000"), "issuer.replay",
                        "debit.replay");
            };
        }
    }

    private static final Map<BlockAlgorithm, Map<Flow, List<byte[]>>> GENUINE = new EnumMap<>(BlockAlgorithm.class);

    static {
        for (BlockAlgorithm alg : BlockAlgorithm.values()) {
            TestCard card = new TestCard(alg);
            Map<Flow, List<byte[]>> flows = new EnumMap<>(Flow.class);
            for (Flow flow : Flow.values()) {
                flows.put(flow, record(card, flow));
            }
            GENUINE.put(alg, flows);
        }
    }

    /** Runs {@code flow} against the genuine script once and keeps the card's answers. */
    private static List<byte[]> record(TestCard card, Flow flow) {
        ReplayTransport replay = flow.genuine(card);
        List<byte[]> answers = new ArrayList<>();
        CardTransport recording = new CardTransport() {
            @Override
            public byte[] transmit(byte[] command) {
                byte[] answer = replay.transmit(command);
                answers.add(answer.clone());
                return answer;
            }

            @Override
            public void close() {
            }
        };
        flow.steps.accept(new CardSession(recording, TestKeys.module(), new Random(TestCard.RANDOM_SEED)));
        replay.assertFinished();
        return List.copyOf(answers);
    }

    /** A card that answers command i with {@code answers[i]}, then with {@code tail}, whatever was sent. */
    record Plan(BlockAlgorithm alg, Flow flow, List<byte[]> answers, byte[] tail) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(flow + " " + alg + ", answers:");
            answers.forEach(a -> b.append(' ').append(a.length == 0 ? "(none)" : HEX.formatHex(a)));
            return b.append(", then ").append(HEX.formatHex(tail)).toString();
        }
    }

    @Property(tries = 1000)
    void damagedAnswersEndInACardLibException(@ForAll("plans") Plan plan) {
        run(plan);
    }

    @Property(tries = 2000)
    void anyBytesParseAsTlvOrFailAsAFormatError(@ForAll byte[] bytes) {
        try {
            for (Tlv tlv : Tlv.parseAll(bytes)) {
                tlv.find(0x9F0C).ifPresent(Tlv::children);
            }
        } catch (CardFormatException expected) {
            // malformed TLV
        }
    }

    /** Runs the plan's flow; fails on anything but success or a {@link SmartCardException}. */
    static void run(Plan plan) {
        CardTransport card = new CardTransport() {
            private int next;

            @Override
            public byte[] transmit(byte[] command) {
                if (next >= MAX_COMMANDS) {
                    fail("the session sent more than " + MAX_COMMANDS + " commands: it loops on the card's answers");
                }
                int i = next++;
                return (i < plan.answers().size() ? plan.answers().get(i) : plan.tail()).clone();
            }

            @Override
            public void close() {
            }
        };
        CardSession session = new CardSession(CardTransports.standard(card), TestKeys.module(),
                new Random(TestCard.RANDOM_SEED));
        try {
            plan.flow().steps.accept(session);
        } catch (SmartCardException expected) {
            // a clear card-lib exception is the right end for a damaged answer
        }
    }

    @Provide
    Arbitrary<Plan> plans() {
        return Arbitraries.randomValue(random -> {
            BlockAlgorithm alg = BlockAlgorithm.values()[random.nextInt(BlockAlgorithm.values().length)];
            Flow flow = Flow.values()[random.nextInt(Flow.values().length)];
            List<byte[]> answers = new ArrayList<>(GENUINE.get(alg).get(flow));
            int damaged = 1 + random.nextInt(3);
            for (int d = 0; d < damaged; d++) {
                int i = random.nextInt(answers.size());
                answers.set(i, damage(answers.get(i), random));
            }
            return new Plan(alg, flow, answers, damage(new byte[] {(byte) 0x90, 0x00}, random));
        });
    }

    static byte[] damage(byte[] answer, Random random) {
        int dataLength = Math.max(0, answer.length - 2);
        switch (random.nextInt(8)) {
            case 0:
                return Arrays.copyOf(answer, random.nextInt(answer.length + 1));
            case 1: {
                byte[] out = answer.length < 2 ? new byte[2] : answer.clone();
                int sw = random.nextInt(4) == 0 ? random.nextInt(0x10000) : ODD_STATUS_WORDS[random.nextInt(ODD_STATUS_WORDS.length)];
                out[out.length - 2] = (byte) (sw >>> 8);
                out[out.length - 1] = (byte) sw;
                return out;
            }
            case 2: {
                byte[] out = answer.clone();
                if (dataLength > 0) {
                    int bit = random.nextInt(dataLength * 8);
                    out[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return out;
            }
            case 3: {
                byte[] out = answer.clone();
                if (dataLength > 1) {
                    out[random.nextInt(Math.min(dataLength, 4))] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 4: {
                byte[] out = new byte[random.nextInt(40) + 2];
                random.nextBytes(out);
                out[out.length - 2] = (byte) 0x90;
                out[out.length - 1] = 0;
                return out;
            }
            case 5: {
                byte[] extra = new byte[1 + random.nextInt(300)];
                random.nextBytes(extra);
                byte[] out = new byte[answer.length + extra.length];
                System.arraycopy(answer, 0, out, 0, dataLength);
                System.arraycopy(extra, 0, out, dataLength, extra.length);
                System.arraycopy(answer, dataLength, out, dataLength + extra.length, answer.length - dataLength);
                return out;
            }
            case 6:
                return new byte[] {(byte) 0x90, 0x00};
            default: {
                byte[] out = new byte[random.nextInt(6)];
                random.nextBytes(out);
                return out;
            }
        }
    }
}
