package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sscard.protocol.CardService;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionOutput;

/** The chain's mechanics and the interceptors that decide whether to send again, against a scripted wire. */
class InterceptorChainTest {
    private static final CentralRequest<CardService.CardStatus> STATUS = new CentralRequest<>(
            Transaction.CARD_STATUS_QUERY, new PreparedMessage("M1", "C107", "{}".getBytes(StandardCharsets.UTF_8)));
    private static final CentralRequest<SignIn.Output> SIGN_IN = new CentralRequest<>(
            Transaction.SIGN_IN, new PreparedMessage("M0", "9001", "{}".getBytes(StandardCharsets.UTF_8)));

    /** Answers each exchange with the next scripted outcome and records the requests it saw. */
    private static final class ScriptedWire implements InterceptorChain.Wire {
        final Deque<LinkOutcome<?>> script = new ArrayDeque<>();
        final List<CentralRequest<?>> seen = new ArrayList<>();

        ScriptedWire then(LinkOutcome<?>... outcomes) {
            script.addAll(List.of(outcomes));
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <O extends TransactionOutput> LinkOutcome<O> exchange(CentralRequest<O> request) {
            seen.add(request);
            return (LinkOutcome<O>) script.remove();
        }
    }

    private static LinkOutcome<?> answered(String msgid) {
        return new LinkOutcome.Answered<>(msgid, null, null, new byte[0]);
    }

    private static LinkOutcome<?> refused(InfCode code) {
        return new LinkOutcome.Refused<>("M1", code, "refused", new byte[0]);
    }

    @Test
    void eachInterceptorWrapsTheNextAndAChangedRequestIsWhatGoesOn() {
        List<String> log = new ArrayList<>();
        PreparedMessage changed = new PreparedMessage("M1", "C107", "{\"changed\":1}".getBytes(StandardCharsets.UTF_8));
        LinkInterceptor outer = new LinkInterceptor() {
            @Override
            public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
                log.add("outer in");
                LinkOutcome<O> o = chain.proceed(chain.request().with(changed));
                log.add("outer out");
                return o;
            }
        };
        LinkInterceptor inner = new LinkInterceptor() {
            @Override
            public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
                log.add("inner in: " + new String(chain.request().message().body(), StandardCharsets.UTF_8));
                LinkOutcome<O> o = chain.proceed(chain.request());
                log.add("inner out");
                return o;
            }
        };
        ScriptedWire wire = new ScriptedWire().then(answered("M1"));
        LinkOutcome<CardService.CardStatus> o = InterceptorChain.run(List.of(outer, inner), STATUS, wire);
        assertEquals(List.of("outer in", "inner in: {\"changed\":1}", "inner out", "outer out"), log);
        assertSame(changed, wire.seen.get(0).message());
        assertEquals("M1", o.msgid());
    }

    @Test
    void aConnectionThatFailedAtOnceIsTriedOnceMore() {
        ScriptedWire wire = new ScriptedWire().then(new LinkOutcome.NotSent<>("M1", "refused",
                LinkOutcome.NotSentCause.CONNECT_FAILED), answered("M1"));
        LinkOutcome<?> o = InterceptorChain.run(List.of(new TransportRetry(Duration.ZERO)), STATUS, wire);
        assertEquals(LinkOutcome.Answered.class, o.getClass());
        assertEquals(2, wire.seen.size());

        wire = new ScriptedWire().then(new LinkOutcome.NotSent<>("M1", "refused"), new LinkOutcome.NotSent<>("M1",
                "refused again"), answered("M1"));
        o = InterceptorChain.run(List.of(new TransportRetry(Duration.ZERO)), STATUS, wire);
        assertEquals("not sent (refused again); nothing reached the central service", o.message(), "only once more");
        assertEquals(2, wire.seen.size());
    }

    @Test
    void nothingThatMayHaveBeenReceivedOrCannotGetThroughIsTriedAgain() {
        for (LinkOutcome<?> first : List.of(
                new LinkOutcome.NotSent<>("M1", "timeout", LinkOutcome.NotSentCause.CONNECT_TIMEOUT),
                new LinkOutcome.NotSent<>("M1", "impostor", LinkOutcome.NotSentCause.TLS_REFUSED),
                new LinkOutcome.Unknown<>("M1", LinkOutcome.UnknownCause.TIMEOUT, "t"),
                new LinkOutcome.Unknown<>("M1", LinkOutcome.UnknownCause.CONNECTION_LOST, "l"),
                new LinkOutcome.Unknown<>("M1", LinkOutcome.UnknownCause.SERVER_ERROR, "503"),
                new LinkOutcome.Unknown<>("M1", LinkOutcome.UnknownCause.BAD_RESPONSE, "b"),
                refused(InfCode.INTERNAL))) {
            ScriptedWire wire = new ScriptedWire().then(first, answered("M1"));
            assertSame(first, InterceptorChain.run(List.of(new TransportRetry(Duration.ZERO)), STATUS, wire));
            assertEquals(1, wire.seen.size(), first.message());
        }
    }

    @Test
    void aSignInRefusalIsSentOnceMoreAfterANewSignInWithTheSameRequest() {
        List<String> renewedAfter = new ArrayList<>();
        SignInRenewal renewal = new SignInRenewal(() -> Optional.of("SN1"), used -> renewedAfter.add(used));
        ScriptedWire wire = new ScriptedWire().then(refused(InfCode.SIGN_IN_REQUIRED), answered("M1"));
        LinkOutcome<?> o = InterceptorChain.run(List.of(renewal), STATUS, wire);
        assertEquals(LinkOutcome.Answered.class, o.getClass());
        assertEquals(List.of("SN1"), renewedAfter, "renewed after the sign-in the refused message used");
        assertEquals(List.of(STATUS, STATUS), wire.seen, "the same request, msgid and all, once more");
    }

    @Test
    void withoutANewSignInTheRefusalIsTheOutcome() {
        SignInRenewal renewal = new SignInRenewal(Optional::empty, used -> false);
        LinkOutcome<?> refusal = refused(InfCode.SIGN_IN_REQUIRED);
        ScriptedWire wire = new ScriptedWire().then(refusal, answered("M1"));
        assertSame(refusal, InterceptorChain.run(List.of(renewal), STATUS, wire));
        assertEquals(1, wire.seen.size());
    }

    @Test
    void onlyASignInRefusalLeadsToANewSignInAndNeverForA9001() {
        List<String> renewedAfter = new ArrayList<>();
        SignInRenewal renewal = new SignInRenewal(() -> Optional.of("SN1"), used -> renewedAfter.add(used));
        for (InfCode code : List.of(InfCode.FAILURE, InfCode.SIGNATURE, InfCode.REPLAY, InfCode.VALIDATION,
                InfCode.BUSINESS_RULE, InfCode.INTERNAL)) {
            ScriptedWire wire = new ScriptedWire().then(refused(code), answered("M1"));
            InterceptorChain.run(List.of(renewal), STATUS, wire);
            assertEquals(1, wire.seen.size(), code.name());
        }
        ScriptedWire wire = new ScriptedWire().then(refused(InfCode.SIGN_IN_REQUIRED), answered("M0"));
        InterceptorChain.run(List.of(renewal), SIGN_IN, wire);
        assertEquals(1, wire.seen.size());
        assertEquals(List.of(), renewedAfter);
    }
}
