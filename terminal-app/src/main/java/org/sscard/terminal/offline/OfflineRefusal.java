package org.sscard.terminal.offline;

/** Why an offline debit is refused; each code has its own operator message ({@link OfflineDecision#message()}). */
public enum OfflineRefusal {
    AMOUNT_NOT_POSITIVE,
    BLACKLIST_STALE,
    CARD_BLACKLISTED,
    OVER_TRANSACTION_LIMIT,
    OVER_CARD_DAILY_LIMIT,
    QUEUE_RECORDS_FULL,
    QUEUE_AMOUNT_FULL,
    QUEUE_TOO_OLD
}
