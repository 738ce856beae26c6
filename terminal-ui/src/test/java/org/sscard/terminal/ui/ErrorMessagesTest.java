package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.CardStatusException;
import org.sscard.card.InsufficientBalanceException;
import org.sscard.card.NoCardException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.ReaderException;
import org.sscard.card.WrongPinException;
import org.sscard.card.apdu.StatusWord;
import org.sscard.protocol.InfCode;
import org.sscard.store.BackupException;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Operators;
import org.sscard.store.StoreFullException;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.link.LinkException;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;

class ErrorMessagesTest {
    private final ErrorMessages zh = new ErrorMessages(new Texts(Locale.SIMPLIFIED_CHINESE));
    private final ErrorMessages en = new ErrorMessages(new Texts(Locale.ENGLISH));

    private static void complete(UserMessage m) {
        assertFalse(m.title().contains("!"), m.title());
        assertFalse(m.action().contains("!"), m.action());
        assertFalse(m.title().isBlank() || m.action().isBlank());
    }

    @Test
    void wrongPinSaysHowManyTriesAreLeftAndZeroMeansBlocked() {
        UserMessage m = en.describe(new WrongPinException(2));
        assertEquals("Wrong PIN.", m.title());
        assertTrue(m.action().startsWith("2 tries left"), m.action());
        assertTrue(zh.describe(new WrongPinException(2)).action().contains("2 次"));
        assertEquals(en.describe(new PinBlockedException()).title(), en.describe(new WrongPinException(0)).title());
    }

    @Test
    void eachCardAndStationFailureHasItsOwnMessageWithWhatToDo() {
        Throwable[] failures = {new CardRemovedException(), new CardBlockedException(), new NoCardException("none"),
            new ReaderException("gone"), new InsufficientBalanceException(), new PinBlockedException(),
            new LinkException("not enrolled"), new AccessDeniedException(Reason.ACCESS_LOG_IN_FIRST),
            new StoreFullException("disk full", null), new IllegalStateException("boom")};
        java.util.Set<String> titles = new java.util.HashSet<>();
        for (Throwable t : failures) {
            for (ErrorMessages e : List.of(zh, en)) {
                complete(e.describe(t));
            }
            titles.add(en.describe(t).title());
        }
        assertEquals(failures.length, titles.size(), "no two failures share a message");
        assertEquals("The card was removed.", en.describe(new CardRemovedException()).title());
        assertEquals("卡片被拔出。", zh.describe(new CardRemovedException()).title());
        assertTrue(en.describe(new CardBlockedException()).action().contains("card office"));
        assertEquals("boom", en.describe(new IllegalStateException("boom")).detail(), "unexpected: the detail is kept");
    }

    @Test
    void backupLedgerAndOtherTypedRefusalsAreTheirReasonsWordsWithoutTheEnglishDetail() {
        BackupException full = new BackupException(BackupException.Failure.DISK_FULL, "the backup could not be written:"
                + " No space left on device", new java.io.IOException("No space left on device"), "S1.ssbak", "/srv/b",
                "No space left on device");
        UserMessage backup = zh.describe(new RuntimeException("wrapped", full));
        assertEquals("备份或恢复未完成。", backup.title());
        assertEquals(Problem.of(Reason.BACKUP_DISK_FULL, "S1.ssbak", "/srv/b", "x").in(Locale.SIMPLIFIED_CHINESE),
                backup.action());
        assertNull(backup.detail(), "the English message goes to the log, not the screen");

        java.sql.SQLException refused = new java.sql.SQLException("Connection refused", "08001");
        UserMessage ledger = zh.describe(new LedgerException(refused, Reason.LEDGER_UNREACHABLE, refused.getMessage()));
        assertEquals("医院账本未完成此操作。", ledger.title());
        assertTrue(ledger.action().startsWith("无法连接医院账本") && !ledger.action().contains("refused"), ledger.action());
        assertNull(ledger.detail());

        final class Refused extends RuntimeException implements Reasoned {
            Refused() {
                super("in English");
            }

            @Override
            public Problem problem() {
                return Problem.of(Reason.RESTORE_NOTHING_STAGED);
            }
        }
        UserMessage other = zh.describe(new Refused());
        assertEquals("未执行。", other.title(), "a typed refusal without a rule of its own");
        assertEquals("没有等待应用的恢复。", other.action());
        assertNull(other.detail());
        assertEquals(java.util.Optional.of(Problem.of(Reason.OPERATOR_ID_TAKEN, "c1")), ErrorMessages.problem(
                new OperatorRefusedException("operator id c1 is taken", OperatorRefusedException.Refusal.ID_TAKEN, "c1")));
        assertEquals(java.util.Optional.empty(), ErrorMessages.problem(new IllegalStateException("boom")));
    }

    @Test
    void theCauseChainIsSearchedAndOtherStatusWordsNameTheirCode() {
        UserMessage m = en.describe(new RuntimeException("wrapped", new CardRemovedException()));
        assertEquals("The card was removed.", m.title());
        UserMessage sw = en.describe(CardStatusException.forStatus(new StatusWord(0x6A88), "READ RECORD"));
        assertTrue(sw.title().contains("6A88"), sw.title());
    }

    @Test
    void linkOutcomesAndEveryOfflineRefusalCodeAreExplained() {
        assertTrue(en.describe(new LinkOutcome.NotSent<>("m1", "connect refused")).title().contains("down"));
        assertTrue(en.describe(new LinkOutcome.Refused<>("m1", InfCode.SIGN_IN_REQUIRED, "sign in", new byte[0]))
                .detail().contains("Sign in again"));
        assertNull(en.describe(new LinkOutcome.Answered<>("m1", null, null, new byte[0])));
        java.util.Set<String> titles = new java.util.HashSet<>();
        for (OfflineRefusal code : OfflineRefusal.values()) {
            var decision = new org.sscard.terminal.offline.OfflineDecision(false, code,
                    Problem.of(Reason.CENTRAL_REFUSED, "policy sentence"));
            for (ErrorMessages e : List.of(zh, en)) {
                complete(e.describe(decision));
            }
            assertEquals("policy sentence", en.describe(decision).detail());
            titles.add(zh.describe(decision).title());
        }
        assertEquals(OfflineRefusal.values().length, titles.size());
    }

    @Test
    void unmatchedItemsAndLogInStatusesHaveMessages() {
        UserMessage m = en.unmatchedItems(List.of("A", "B"));
        assertTrue(m.title().startsWith("2 items"), m.title());
        assertEquals("A, B", m.detail());
        for (Operators.AuthStatus s : Operators.AuthStatus.values()) {
            UserMessage login = zh.describe(new Operators.AuthResult(s, null, 3, Instant.parse("2025-03-14T02:00:00Z")));
            if (s == Operators.AuthStatus.OK) {
                assertNull(login);
            } else {
                complete(login);
            }
        }
        assertTrue(en.describe(new Operators.AuthResult(Operators.AuthStatus.WRONG_CREDENTIALS, null, 3, null)).action()
                .startsWith("3 more"));
    }

    @Test
    void workflowFailuresKeepTheirOperatorMessageAndAWrappedCardErrorKeepsItsRule() {
        UserMessage wrapped = en.describe(new org.sscard.terminal.card.CardPresentationException(
                Problem.of(Reason.CARD_FAILED, "Wrong PIN. 2 tries left"), new WrongPinException(2)));
        assertEquals("Wrong PIN.", wrapped.title());
        UserMessage refused = en.describe(new org.sscard.terminal.card.CardPresentationException(
                Reason.INSURANCE_NOT_IN_FORCE, "2"));
        assertEquals("The card was not read.", refused.title());
        assertTrue(refused.action().contains("not in force"), refused.action());
        UserMessage retained = zh.describe(new org.sscard.terminal.card.CardRetainedException(
                Problem.of(Reason.CARD_BLACKLISTED_BLOCKED, "lost"), true));
        assertTrue(retained.title().contains("扣留"), retained.title());
        UserMessage counter = en.describe(new org.sscard.terminal.counter.CounterException(Reason.ITEM_NOT_MAPPED, "1",
                "X", "阿莫西林"));
        assertEquals("Not settled.", counter.title());
        assertTrue(counter.action().contains("line 1 (X) 阿莫西林: not mapped"), counter.action());
        complete(retained);
        complete(counter);
        UserMessage deferred = en.describe(new org.sscard.terminal.offline.DeferredVisitException(
                Reason.DEFERRED_LINK_UP, "ONLINE"));
        assertEquals("The deferred visit was not taken.", deferred.title());
        assertTrue(deferred.action().contains("settle the visit online"), deferred.action());
        complete(deferred);
        complete(zh.describe(new org.sscard.terminal.offline.DeferredVisitException(Reason.DEFERRED_NOT_FOUND, "x")));
    }
}
