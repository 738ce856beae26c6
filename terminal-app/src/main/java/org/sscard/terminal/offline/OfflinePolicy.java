package org.sscard.terminal.offline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.store.Blacklist;
import org.sscard.store.OfflineTotals;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.values.Money;

/**
 * Decides whether a pharmacy offline debit may be made (DOMAIN §6). Checked in this order, the first failure
 * refusing: amount positive; blacklist confirmed current within {@code blacklistMaxAge}; card not on the local
 * blacklist; amount ≤ per-transaction limit; the card's offline amount today + amount ≤ per-card daily limit;
 * queued records + 1 ≤ record limit; queued amount + amount ≤ queued-amount limit; oldest queued offline
 * transaction no older than {@code maxQueuedAge}. Every limit is inclusive: a value exactly at the limit passes.
 * The queue counts offline debits not yet delivered and deferred hospital visits not yet settled together; deferred
 * visits are decided by {@link #evaluateDeferred}.
 */
public final class OfflinePolicy {
    private final OfflineLimits limits;
    private final StationStore store;
    private final Clock clock;

    public OfflinePolicy(OfflineLimits limits, StationStore store, Clock clock) {
        this.limits = limits;
        this.store = store;
        this.clock = clock;
    }

    public OfflineDecision evaluate(CardIdentificationCode card, String cardNumber, Money amount) {
        if (!amount.isPositive()) {
            return OfflineDecision.refuse(OfflineRefusal.AMOUNT_NOT_POSITIVE, Reason.OFFLINE_AMOUNT_NOT_POSITIVE);
        }
        Instant now = clock.instant();
        OfflineDecision listed = checkBlacklist(card, cardNumber, now);
        if (!listed.allowed()) {
            return listed;
        }
        if (amount.compareTo(limits.perTransaction()) > 0) {
            return OfflineDecision.refuse(OfflineRefusal.OVER_TRANSACTION_LIMIT, Reason.OFFLINE_OVER_TRANSACTION_LIMIT,
                    limits.perTransaction().toString(), amount.toString());
        }
        Money today = store.outbox().cardDailyOfflineAmount(card.hex().toUpperCase(Locale.ROOT), LocalDate.now(clock));
        Money left = limits.perCardPerDay().minus(today);
        if (amount.compareTo(left) > 0) {
            return OfflineDecision.refuse(OfflineRefusal.OVER_CARD_DAILY_LIMIT, Reason.OFFLINE_OVER_CARD_DAILY_LIMIT,
                    today.toString(), limits.perCardPerDay().toString(), left.max(Money.ZERO).toString());
        }
        return checkQueue(amount, now);
    }

    /**
     * Decides whether a hospital visit may be taken as a deferred settlement (the patient pays the whole
     * {@code total} in cash; the fund share is settled and refunded when the link is back): total positive, the
     * blacklist current, the card not listed, and the terminal's queue limits (records, amount, age — the deferred
     * visit counts like an offline debit). The per-transaction and per-card daily limits do not apply: they bound
     * what is taken from the card's balance offline, and a deferred visit takes nothing from the card.
     */
    public OfflineDecision evaluateDeferred(CardIdentificationCode card, String cardNumber, Money total) {
        if (!total.isPositive()) {
            return OfflineDecision.refuse(OfflineRefusal.AMOUNT_NOT_POSITIVE, Reason.OFFLINE_AMOUNT_NOT_POSITIVE);
        }
        Instant now = clock.instant();
        OfflineDecision listed = checkBlacklist(card, cardNumber, now);
        return listed.allowed() ? checkQueue(total, now) : listed;
    }

    private OfflineDecision checkBlacklist(CardIdentificationCode card, String cardNumber, Instant now) {
        Blacklist.Status list = store.blacklist().status();
        if (!list.freshAt(now, limits.blacklistMaxAge())) {
            return list.syncedAt() == null
                    ? OfflineDecision.refuse(OfflineRefusal.BLACKLIST_STALE, Reason.OFFLINE_BLACKLIST_NEVER,
                            hours(limits.blacklistMaxAge()))
                    : OfflineDecision.refuse(OfflineRefusal.BLACKLIST_STALE, Reason.OFFLINE_BLACKLIST_STALE,
                            hours(limits.blacklistMaxAge()), list.syncedAt());
        }
        Optional<Blacklist.Entry> listed = store.blacklist().find(card);
        if (listed.isEmpty() && cardNumber != null && !cardNumber.isBlank()) {
            listed = store.blacklist().findByCardNumber(cardNumber);
        }
        if (listed.isPresent()) {
            String why = listed.get().reason() == null ? "blocked" : listed.get().reason();
            return OfflineDecision.refuse(OfflineRefusal.CARD_BLACKLISTED, Reason.OFFLINE_CARD_BLACKLISTED, why);
        }
        return OfflineDecision.allow();
    }

    /** The terminal's queue: offline debits not yet delivered and deferred visits not yet settled, together. */
    private OfflineDecision checkQueue(Money amount, Instant now) {
        OfflineTotals debits = store.outbox().offlineTotals();
        OfflineTotals deferred = DeferredJournal.queued(store);
        long count = debits.count() + deferred.count();
        Money queued = debits.amount().plus(deferred.amount());
        Instant oldest = debits.oldestCreatedAt() == null ? deferred.oldestCreatedAt()
                : deferred.oldestCreatedAt() == null || debits.oldestCreatedAt().isBefore(deferred.oldestCreatedAt())
                ? debits.oldestCreatedAt() : deferred.oldestCreatedAt();
        if (count + 1 > limits.queuedRecords()) {
            return OfflineDecision.refuse(OfflineRefusal.QUEUE_RECORDS_FULL, Reason.OFFLINE_QUEUE_RECORDS_FULL,
                    String.valueOf(count), String.valueOf(limits.queuedRecords()));
        }
        if (amount.compareTo(limits.queuedAmount().minus(queued)) > 0) {
            return OfflineDecision.refuse(OfflineRefusal.QUEUE_AMOUNT_FULL, Reason.OFFLINE_QUEUE_AMOUNT_FULL,
                    queued.toString(), limits.queuedAmount().toString());
        }
        if (oldest != null && Duration.between(oldest, now).compareTo(limits.maxQueuedAge()) > 0) {
            return OfflineDecision.refuse(OfflineRefusal.QUEUE_TOO_OLD, Reason.OFFLINE_QUEUE_TOO_OLD, oldest,
                    hours(limits.maxQueuedAge()));
        }
        return OfflineDecision.allow();
    }

    private static String hours(Duration d) {
        return String.valueOf(d.toHours());
    }
}
