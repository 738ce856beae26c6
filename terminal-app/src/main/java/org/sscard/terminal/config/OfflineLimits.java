package org.sscard.terminal.config;

import java.time.Duration;
import org.sscard.values.Money;

/**
 * The limits of pharmacy offline debits (DOMAIN §6).
 *
 * @param perTransaction     the largest single offline debit
 * @param perCardPerDay      the most one card may spend offline in one calendar day (station time zone)
 * @param queuedAmount       the most the station may hold in undelivered offline transactions
 * @param queuedRecords      the most undelivered offline transactions the station may hold
 * @param maxQueuedAge       how old the oldest undelivered offline transaction may be
 * @param blacklistMaxAge    how long ago the blacklist must have been confirmed current
 */
public record OfflineLimits(Money perTransaction, Money perCardPerDay, Money queuedAmount, long queuedRecords,
                            Duration maxQueuedAge, Duration blacklistMaxAge) {
    /** 200 元 per transaction, 500 元 per card per day, 5,000 元 or 500 records queued, 72 h, blacklist 24 h. */
    public static final OfflineLimits DEFAULTS = new OfflineLimits(Money.ofYuan(200), Money.ofYuan(500),
            Money.ofYuan(5_000), 500,
            Duration.ofHours(72), Duration.ofHours(24));
}
