package org.sscard.terminal.ui.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.CardRetainedException;
import org.sscard.terminal.counter.CounterException;
import org.sscard.card.CardAccessDeniedException;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardNotGenuineException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.CardStatusException;
import org.sscard.card.InsufficientBalanceException;
import org.sscard.card.InvalidPinFormatException;
import org.sscard.card.NoCardException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.PinEntryAbortedException;
import org.sscard.card.ReaderException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.SmartCardException;
import org.sscard.card.WrongCardException;
import org.sscard.card.WrongPinException;
import org.sscard.card.session.DebitOutcomeUnknownException;
import org.sscard.card.session.DebitUnconfirmedException;
import org.sscard.crypto.CryptoException;
import org.sscard.store.BackupException;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Operators;
import org.sscard.store.StoreException;
import org.sscard.store.StoreFullException;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.link.LinkException;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.offline.OfflineDecision;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reasoned;
import org.sscard.terminal.receipt.ReceiptException;
import org.sscard.terminal.restore.BackupProblems;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.OperatorChangeRefusedException;

/**
 * The one mapping from failures to what the operator reads: each exception type of card-lib, the link, the store
 * and the session, each link outcome, each offline refusal code, each log-in status, and unmatched items, to a
 * localized title and what to do. The first matching rule wins (more specific types come first); the cause chain is
 * searched when the exception itself has no rule. A refusal with a typed reason is put in the UI's language with no
 * English detail; anything else is "unexpected" with its message as the detail (the words support asks for).
 */
public final class ErrorMessages {
    private record Rule(Class<? extends Throwable> type, Function<Throwable, UserMessage> describe) {
    }

    private final Texts texts;
    private final List<Rule> rules = new ArrayList<>();

    public ErrorMessages(Texts texts) {
        this.texts = texts;
        on(CardRetainedException.class, e -> reasoned("error.cardRetained", e));
        on(CardPresentationException.class, e -> e.getCause() != null && e.getCause() != e ? describe(e.getCause())
                : reasoned("error.presentation", e));
        on(CounterException.class, e -> reasoned("error.counter", e));
        on(WrongPinException.class, e -> e.triesLeft() == 0 ? msg("error.pinBlocked", e)
                : new UserMessage(texts.get("error.wrongPin.title", e.triesLeft()),
                        texts.get("error.wrongPin.action", e.triesLeft()), null));
        on(PinBlockedException.class, e -> msg("error.pinBlocked", e));
        on(PinEntryAbortedException.class, e -> msg("error.pinAborted", e));
        on(InvalidPinFormatException.class, e -> msg("error.pinFormat", e));
        on(CardBlockedException.class, e -> msg("error.cardBlocked", e));
        on(InsufficientBalanceException.class, e -> msg("error.insufficientBalance", e));
        on(CardAccessDeniedException.class, e -> msg("error.cardAccessDenied", e));
        on(CardStatusException.class, e -> new UserMessage(texts.get("error.cardStatus.title", e.statusWord().hex()),
                texts.get("error.cardStatus.action"), e.getMessage()));
        on(CardRemovedException.class, e -> msg("error.cardRemoved", e));
        on(NoCardException.class, e -> msg("error.noCard", null));
        on(ReaderException.class, e -> msg("error.reader", e));
        on(WrongCardException.class, e -> msg("error.wrongCard", e));
        on(DebitUnconfirmedException.class, e -> msg("error.debitUnconfirmed", e));
        on(CardNotGenuineException.class, e -> msg("error.cardNotGenuine", e));
        on(DebitOutcomeUnknownException.class, e -> msg("error.debitUnknown", e));
        on(SecurityModuleException.class, e -> msg("error.securityModule", e));
        on(CryptoException.class, e -> msg("error.securityModule", e));
        on(SmartCardException.class, e -> msg("error.card", e));
        on(AccessDeniedException.class, e -> reasoned("error.accessDenied", e));
        on(OperatorChangeRefusedException.class, e -> reasoned("error.operators", e));
        on(OperatorRefusedException.class, e -> reasoned("error.operators", OperatorChangeRefusedException.of(e)));
        on(LinkException.class, e -> msg("error.link", e));
        on(LedgerException.class, e -> reasoned("error.ledger", e));
        on(BackupException.class, e -> reasoned("error.backup", () -> BackupProblems.of(e)));
        on(StoreFullException.class, e -> msg("error.storeFull", e));
        on(org.sscard.store.StoreRefusedException.class, e -> msg("error.storeRefused", e));
        on(StoreException.class, e -> msg("error.store", e));
        on(ReceiptException.class, e -> msg("error.receipt", e));
        on(org.sscard.terminal.receipt.PrintFailedException.class, e -> reasoned("error.print", e));
        on(java.io.UncheckedIOException.class, e -> msg("error.io", e));
        on(org.sscard.terminal.offline.OfflineRefusedException.class, e -> describe(e.decision()));
        on(org.sscard.terminal.offline.DeferredVisitException.class, e -> reasoned("error.deferred", e));
        on(org.sscard.terminal.config.ConfigException.class, e -> msg("error.config", e));
        on(org.sscard.terminal.config.SettingsException.class, e -> reasoned("error.settings", e));
        on(org.sscard.terminal.office.CardOfficeException.class, e -> reasoned("error.cardOffice", e));
    }

    private <T extends Throwable> void on(Class<T> type, Function<T, UserMessage> describe) {
        rules.add(new Rule(type, t -> describe.apply(type.cast(t))));
    }

    /** A workflow's refusal: its reason in the UI's language is what to do; no English detail. */
    private UserMessage reasoned(String key, Reasoned e) {
        return new UserMessage(texts.get(key + ".title"), texts.get(key + ".action", words(e.problem())), null);
    }

    /** A workflow's {@link Problem} in the UI's language. */
    public String words(Problem problem) {
        return problem.in(texts.locale());
    }

    private UserMessage msg(String key, Throwable e) {
        return new UserMessage(texts.get(key + ".title"), texts.get(key + ".action"), e == null ? null : e.getMessage());
    }

    /** The message for any failure a workflow, card-lib, the link or the store raised. */
    public UserMessage describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Rule rule : rules) {
                if (rule.type().isInstance(t)) {
                    return rule.describe().apply(t);
                }
            }
        }
        return problem(failure).map(p -> reasoned("error.notDone", () -> p))
                .orElseGet(() -> msg("error.unexpected", failure));
    }

    /**
     * The typed reason of a failure, if it has one: a {@link Reasoned} exception, or a refusal of the store that
     * carries a code (operator accounts, backups), searched along the cause chain.
     */
    public static Optional<Problem> problem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Reasoned r) {
                return Optional.of(r.problem());
            }
            if (t instanceof OperatorRefusedException o) {
                return Optional.of(OperatorChangeRefusedException.of(o).problem());
            }
            if (t instanceof BackupException b) {
                return Optional.of(BackupProblems.of(b));
            }
        }
        return Optional.empty();
    }

    /** The message for a link outcome that is not an answer (null for {@link LinkOutcome.Answered}). */
    public UserMessage describe(LinkOutcome<?> outcome) {
        if (outcome instanceof LinkOutcome.Refused<?> r) {
            return new UserMessage(texts.get("error.link.refused.title", r.code().code()),
                    texts.get("error.link.refused.action"), r.operatorMessage());
        }
        if (outcome instanceof LinkOutcome.NotSent<?> n) {
            return new UserMessage(texts.get("error.link.down.title"), texts.get("error.link.down.action"), n.message());
        }
        if (outcome instanceof LinkOutcome.Unknown<?> u) {
            return new UserMessage(texts.get("error.link.unknown.title"), texts.get("error.link.unknown.action"),
                    u.message());
        }
        return null;
    }

    /** The message for an offline refusal, by its reason code; the policy's reason (with the figures) is the detail. */
    public UserMessage describe(OfflineDecision decision) {
        if (decision.allowed()) {
            return null;
        }
        String key = "error.offline." + decision.reason().name();
        return new UserMessage(texts.get(key + ".title"), texts.get(key + ".action"), words(decision.problem()));
    }

    /** Items the catalog does not know (no insurance code match): listed so the operator can fix or remove them. */
    public UserMessage unmatchedItems(List<String> items) {
        return new UserMessage(texts.get("error.items.unmatched.title", items.size()),
                texts.get("error.items.unmatched.action"), String.join(", ", items));
    }

    /** The message for a log-in or unlock that did not open the session. */
    public UserMessage describe(Operators.AuthResult result) {
        return switch (result.status()) {
            case OK -> null;
            case WRONG_CREDENTIALS -> new UserMessage(texts.get("login.wrong.title"), result.triesLeft() > 0
                    ? texts.get("login.wrong.action", result.triesLeft()) : texts.get("login.wrong.actionNoCount"), null);
            case LOCKED -> new UserMessage(texts.get("login.locked.title"),
                    texts.get("login.locked.action", Operators.MAX_FAILED_ATTEMPTS,
                            result.lockedUntil() == null ? "-" : java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                                    .withZone(java.time.ZoneId.systemDefault()).format(result.lockedUntil())), null);
            case DISABLED -> new UserMessage(texts.get("login.disabled.title"), texts.get("login.disabled.action"), null);
            case MUST_CHANGE_PASSWORD -> new UserMessage(texts.get("login.mustChange.title"),
                    texts.get("login.mustChange.action"), null);
            case PASSWORD_EXPIRED -> new UserMessage(texts.get("login.expired.title"),
                    texts.get("login.mustChange.action"), null);
            case SECOND_FACTOR_REQUIRED -> new UserMessage(texts.get("login.code.title"), texts.get("login.code.action"), null);
            case SECOND_FACTOR_ENROLMENT -> new UserMessage(texts.get("login.enrol.title"), texts.get("login.enrol.action"), null);
            case WRONG_CODE -> new UserMessage(texts.get("login.code.wrong.title"), result.triesLeft() > 0
                    ? texts.get("login.wrong.action", result.triesLeft()) : texts.get("login.wrong.actionNoCount"), null);
        };
    }
}
