package org.sscard.terminal.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.store.Blacklist;
import org.sscard.store.OutboxMessage;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.values.Money;

class OfflinePolicyTest {
    private static final CardIdentificationCode CARD = CardIdentificationCode.ofHex("440106D1560000050102030405060708");
    private static final CardIdentificationCode OTHER = CardIdentificationCode.ofHex("440106D15600000511223344556677AA");
    /** Small limits so the boundaries are reached with few records: 200.00, 500.00 per day, 1,000.00 or 5 queued. */
    private static final OfflineLimits LIMITS = new OfflineLimits(Money.ofFen(20_000), Money.ofFen(50_000),
            Money.ofFen(100_000), 5, Duration.ofHours(72), Duration.ofHours(24));

    @TempDir
    Path dir;
    TestStation s;
    OfflinePolicy policy;
    int seq;

    @BeforeEach
    void open() throws Exception {
        s = new TestStation(dir);
        s.store.blacklist().replaceAll(1, List.of(new Blacklist.Entry("440106D156000005AAAAAAAAAAAAAAAA", "B76543210", "lost")));
        policy = new OfflinePolicy(LIMITS, s.store, s.clock);
    }

    @AfterEach
    void close() {
        s.close();
    }

    private void queued(CardIdentificationCode card, long fen) {
        seq++;
        s.store.outbox().enqueue("P001", new OutboxMessage("H4401060000120250314093015" + String.format("%04d", seq),
                "offline-debit", "C110", new byte[] {(byte) seq}, true, card.hex(), Money.ofFen(fen)));
    }

    private OfflineRefusal refusal(CardIdentificationCode card, long fen) {
        OfflineDecision d = policy.evaluate(card, null, Money.ofFen(fen));
        assertEquals(d.allowed(), d.reason() == null);
        return d.reason();
    }

    @Test
    void perTransactionLimitIsInclusive() {
        assertEquals(null, refusal(CARD, 20_000));
        assertEquals(OfflineRefusal.OVER_TRANSACTION_LIMIT, refusal(CARD, 20_001));
        assertTrue(policy.evaluate(CARD, null, Money.ofFen(20_001)).message().contains("200.00 元"));
    }

    @Test
    void amountMustBePositive() {
        assertEquals(OfflineRefusal.AMOUNT_NOT_POSITIVE, refusal(CARD, 0));
    }

    @Test
    void perCardDailyLimitCountsTodaysDebitsOfThatCardOnly() {
        queued(CARD, 20_000);
        queued(CARD, 20_000);
        queued(OTHER, 20_000);
        assertEquals(null, refusal(CARD, 10_000));
        assertEquals(OfflineRefusal.OVER_CARD_DAILY_LIMIT, refusal(CARD, 10_001));
        assertTrue(policy.evaluate(CARD, null, Money.ofFen(10_001)).message().contains("at most 100.00 元 more"));
        s.clock.advance(Duration.ofDays(1));
        s.store.blacklist().markSynced();
        assertEquals(null, refusal(CARD, 20_000));
    }

    @Test
    void queuedRecordLimitIsInclusive() {
        for (int i = 0; i < 4; i++) {
            queued(i % 2 == 0 ? OTHER : CardIdentificationCode.ofHex("440106D15600000500000000000000" + String.format("%02d", i)), 100);
        }
        assertEquals(null, refusal(CARD, 100), "the 5th record is allowed");
        queued(OTHER, 100);
        assertEquals(OfflineRefusal.QUEUE_RECORDS_FULL, refusal(CARD, 100), "a 6th is not");
    }

    @Test
    void queuedAmountLimitIsInclusive() {
        long[] amounts = {20_000, 20_000, 20_000, 20_001};
        for (int i = 0; i < amounts.length; i++) {
            queued(CardIdentificationCode.ofHex("440106D15600000500000000000000" + String.format("%02d", i)), amounts[i]);
        }
        assertEquals(null, refusal(CARD, 19_999), "exactly 1,000.00 queued afterwards is allowed");
        assertEquals(OfflineRefusal.QUEUE_AMOUNT_FULL, refusal(CARD, 20_000), "1,000.01 is not");
    }

    @Test
    void oldestQueuedAgeIsInclusive() {
        queued(OTHER, 100);
        s.clock.advance(Duration.ofHours(72));
        s.store.blacklist().markSynced();
        assertEquals(null, refusal(CARD, 100), "exactly 72 h old is allowed");
        s.clock.advance(Duration.ofMillis(1));
        assertEquals(OfflineRefusal.QUEUE_TOO_OLD, refusal(CARD, 100));
    }

    @Test
    void blacklistMustBeConfirmedWithin24Hours() {
        s.clock.advance(Duration.ofHours(24));
        assertEquals(null, refusal(CARD, 100), "confirmed exactly 24 h ago is fresh enough");
        s.clock.advance(Duration.ofMillis(1));
        OfflineDecision d = policy.evaluate(CARD, null, Money.ofFen(100));
        assertEquals(OfflineRefusal.BLACKLIST_STALE, d.reason());
        assertTrue(d.message().contains("24 h"), d.message());
    }

    @Test
    void aBlacklistNeverDownloadedRefuses() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("fresh"));
        try (TestStation fresh = new TestStation(dir.resolve("fresh"))) {
            OfflineDecision d = new OfflinePolicy(LIMITS, fresh.store, fresh.clock).evaluate(CARD, null, Money.ofFen(100));
            assertEquals(OfflineRefusal.BLACKLIST_STALE, d.reason());
            assertTrue(d.message().contains("never downloaded"), d.message());
        }
    }

    @Test
    void aListedCardIsRefusedByIdentificationCodeOrCardNumber() {
        CardIdentificationCode listed = CardIdentificationCode.ofHex("440106D156000005AAAAAAAAAAAAAAAA");
        OfflineDecision d = policy.evaluate(listed, null, Money.ofFen(100));
        assertFalse(d.allowed());
        assertEquals(OfflineRefusal.CARD_BLACKLISTED, d.reason());
        assertTrue(d.message().contains("lost") && d.message().contains("card office"), d.message());
        assertEquals(OfflineRefusal.CARD_BLACKLISTED, policy.evaluate(CARD, "B76543210", Money.ofFen(100)).reason());
    }
}
