package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxState;
import org.sscard.store.RecoveryOp;
import org.sscard.terminal.link.CentralOutcome.Kind;
import org.sscard.terminal.link.CentralOutcome.Resolution;

/** The classifier's table: every transaction code with every kind of answer. */
class CentralOutcomeTest {
    private static final byte[] BODY = {1, 2, 3};

    /** One kind of answer, what it is read as, the outbox state it leaves, and whether the link is down. */
    record Row(String name, LinkOutcome<?> outcome, Kind kind, OutboxState state, boolean linkDown,
               Class<? extends RecoveryOp> record) {
    }

    static List<Row> answers() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("answered", new LinkOutcome.Answered<>("M", null, null, BODY), Kind.ACCEPTED, OutboxState.DONE,
                false, RecoveryOp.Done.class));
        for (InfCode code : InfCode.values()) {
            if (code == InfCode.OK) {
                continue;
            }
            Kind kind = switch (code) {
                case INTERNAL -> Kind.TRY_AGAIN;
                case SIGN_IN_REQUIRED -> Kind.SIGN_IN_REQUIRED;
                default -> Kind.REFUSED;
            };
            rows.add(new Row("refused " + code.code(), new LinkOutcome.Refused<>("M", code, "err", BODY), kind,
                    kind == Kind.REFUSED ? OutboxState.DEAD : OutboxState.QUEUED, false,
                    kind == Kind.REFUSED ? RecoveryOp.Dead.class : RecoveryOp.Retry.class));
        }
        for (LinkOutcome.NotSentCause cause : LinkOutcome.NotSentCause.values()) {
            rows.add(new Row("not sent " + cause, new LinkOutcome.NotSent<>("M", "no", cause), Kind.NOT_SENT,
                    OutboxState.QUEUED, true, RecoveryOp.Retry.class));
        }
        for (LinkOutcome.UnknownCause cause : LinkOutcome.UnknownCause.values()) {
            boolean serverError = cause == LinkOutcome.UnknownCause.SERVER_ERROR;
            rows.add(new Row("unknown " + cause, new LinkOutcome.Unknown<>("M", cause, "why"),
                    serverError ? Kind.TRY_AGAIN : Kind.IN_DOUBT, serverError ? OutboxState.QUEUED : OutboxState.UNKNOWN,
                    cause != LinkOutcome.UnknownCause.BAD_RESPONSE,
                    serverError ? RecoveryOp.Retry.class : RecoveryOp.Unknown.class));
        }
        return rows;
    }

    static Stream<Arguments> everyTransactionWithEveryAnswer() {
        return Transaction.all().keySet().stream().sorted()
                .flatMap(infno -> answers().stream().map(row -> Arguments.of(infno, row.name(), row)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTransactionWithEveryAnswer")
    void readsEveryAnswerOfEveryTransactionTheSameWay(String infno, String name, Row row) {
        CentralOutcome c = CentralOutcome.of(row.outcome());
        assertEquals(row.kind(), c.kind());
        assertEquals(row.state(), c.outboxState());
        assertEquals(row.linkDown(), c.linkDown());
        assertInstanceOf(row.record(), c.record("M", "forwarder", false));
    }

    @Test
    void aRefusalShownToTheOperatorIsAcknowledgedByThemWithTheCentralReason() {
        CentralOutcome c = CentralOutcome.of(new LinkOutcome.Refused<>("M", InfCode.BUSINESS_RULE, "card lost", BODY));
        RecoveryOp.RefusedShown shown = assertInstanceOf(RecoveryOp.RefusedShown.class, c.record("M", "cashier", true));
        assertEquals("cashier", shown.operator());
        assertEquals("infcode -6 (refused by business rule): card lost", shown.reason());
        RecoveryOp.Dead dead = assertInstanceOf(RecoveryOp.Dead.class, c.record("M", "forwarder", false));
        assertEquals("forwarder", dead.operator());
        assertEquals(shown.reason(), dead.reason());
    }

    @Test
    void whatIsQueuedAgainOrInDoubtKeepsItsReasonAndAnAnswerItsBody() {
        assertEquals(new RecoveryOp.Retry("M", "connect refused"),
                CentralOutcome.of(new LinkOutcome.NotSent<>("M", "connect refused")).record("M", "x", false));
        assertEquals(new RecoveryOp.Unknown("M", "read timed out"), CentralOutcome.of(new LinkOutcome.Unknown<>("M",
                LinkOutcome.UnknownCause.TIMEOUT, "read timed out")).record("M", "x", false));
        LinkOutcome.Refused<?> internal = new LinkOutcome.Refused<>("M", InfCode.INTERNAL, "db down", BODY);
        assertEquals(new RecoveryOp.Retry("M", internal.message()), CentralOutcome.of(internal).record("M", "x", false));
        RecoveryOp.Done done = assertInstanceOf(RecoveryOp.Done.class, CentralOutcome.of(
                new LinkOutcome.Answered<>("M", null, null, BODY)).record("M", "x", false));
        assertArrayEquals(BODY, done.response());
    }

    @Test
    void anOutcomeInDoubtIsSettledByResendingOnlyWhereTheCentralBooksAMsgidOnceAndRefuses2601() {
        Map<String, Resolution> expected = Map.of("C110", Resolution.RESEND, "2208", Resolution.RESEND,
                "2601", Resolution.SUPERSEDE);
        Set<String> all = Transaction.all().keySet();
        assertTrue(all.containsAll(expected.keySet()));
        for (String infno : all) {
            assertEquals(expected.getOrDefault(infno, Resolution.REVERSE), CentralOutcome.resolution(infno), infno);
        }
    }
}
