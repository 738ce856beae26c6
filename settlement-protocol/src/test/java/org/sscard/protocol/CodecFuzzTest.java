package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.sscard.fuzz.FuzzBudget;
import org.sscard.fuzz.JsonMutator;

/**
 * Fuzzes the codec with mutations of the valid request and answer of every transaction and with raw bytes:
 * each read either gives a message or refuses it with a {@link ProtocolException} whose text can go back to
 * the peer (no stack trace, no class name); nothing else may escape.
 */
@AddLifecycleHook(FuzzBudget.class)
class CodecFuzzTest {
    private static final List<Transaction<?, ?>> TRANSACTIONS = List.copyOf(Samples.all().keySet());

    /** A transaction and a body for it (printed as text so a failing sample can be pasted into a test). */
    record Body(Transaction<?, ?> transaction, String text, boolean request) {
        byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return (request ? "request " : "answer ") + transaction.infno() + ": " + text;
        }
    }

    @Property(tries = 300)
    void mutatedRequestsAreReadOrRefusedCleanly(@ForAll("requests") Body body) {
        readCleanly(() -> MessageCodec.readRequest(body.bytes()));
        readCleanly(() -> MessageCodec.readRequest(body.bytes(), body.transaction()));
    }

    @Property(tries = 600)
    void mutatedAnswersAreReadOrRefusedCleanly(@ForAll("answers") Body body) {
        readCleanly(() -> MessageCodec.readResponse(body.bytes(), body.transaction()));
    }

    @Property(tries = 300)
    void rawBytesAreRefusedCleanly(@ForAll byte[] body) {
        readCleanly(() -> MessageCodec.readRequest(body));
        readCleanly(() -> MessageCodec.readResponse(body, Transaction.SETTLEMENT));
    }

    /** The read returns a message or throws a {@link ProtocolException} with a message fit for {@code err_msg}. */
    static void readCleanly(Runnable read) {
        try {
            read.run();
        } catch (ProtocolException e) {
            assertCleanRefusal(e.getMessage());
        }
    }

    static void assertCleanRefusal(String message) {
        assertNotNull(message, "a refusal without a message");
        assertFalse(message.isBlank(), "a blank refusal");
        assertFalse(message.contains("\tat ") || message.contains("Exception") || message.contains("com.fasterxml")
                || message.contains("java.") || message.contains("org.sscard"), "an internal detail in: " + message);
    }

    @Provide
    Arbitrary<Body> requests() {
        return Arbitraries.randomValue(random -> {
            Transaction<?, ?> t = TRANSACTIONS.get(random.nextInt(TRANSACTIONS.size()));
            Samples.Pair pair = Samples.all().get(t);
            String valid = new String(MessageCodec.write(new Request<>(Samples.header(t.infno()), pair.input())),
                    StandardCharsets.UTF_8);
            return new Body(t, new JsonMutator(new Random(random.nextLong())).mutate(valid), true);
        });
    }

    @Provide
    Arbitrary<Body> answers() {
        return Arbitraries.randomValue(random -> {
            List<Transaction<?, ?>> enveloped = TRANSACTIONS.stream().filter(x -> !x.answersWithFile()).toList();
            Transaction<?, ?> t = enveloped.get(random.nextInt(enveloped.size()));
            Samples.Pair pair = Samples.all().get(t);
            String valid = new String(MessageCodec.write(new Response<>(Samples.okHeader(), pair.output())),
                    StandardCharsets.UTF_8);
            return new Body(t, new JsonMutator(new Random(random.nextLong())).mutate(valid), false);
        });
    }
}
