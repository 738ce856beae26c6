package org.sscard.terminal.counter;

import java.time.Instant;
import java.util.List;
import org.sscard.values.Money;

/**
 * What an operator settled in one shift (from the shift start to the close): settlements, cancels, deferred visits
 * settled on replay and accepted offline debits counted separately, and the net totals by fund over all of them
 * (cancels subtract): medical fees, pool fund (hifp_pay), all funds, personal account, cash. {@code debitsOutside}:
 * the operator's offline debits of the shift not in the books at the close (still pending, or refused); a debit
 * accepted after the close is in the day's reconciliation and reports, not in a later shift.
 */
public record ShiftSummary(String operatorId, Instant from, Instant closedAt, long settlements, long cancels,
                           Money medfee, Money pool, Money fund, Money acct, Money cash,
                           List<SettledRecords.Record> records, long deferred, long offlineDebits,
                           SettledRecords.DebitsOutside debitsOutside) {
    public ShiftSummary {
        records = List.copyOf(records);
    }

    static ShiftSummary of(String operatorId, Instant from, Instant closedAt, List<SettledRecords.Record> records,
            SettledRecords.DebitsOutside debitsOutside) {
        long settlements = 0;
        long cancels = 0;
        long deferred = 0;
        long offlineDebits = 0;
        Money medfee = Money.ZERO;
        Money pool = Money.ZERO;
        Money fund = Money.ZERO;
        Money acct = Money.ZERO;
        Money cash = Money.ZERO;
        for (SettledRecords.Record r : records) {
            switch (r.kind()) {
                case CANCEL -> cancels++;
                case DEFERRED -> deferred++;
                case OFFLINE_DEBIT -> offlineDebits++;
                case SETTLEMENT -> settlements++;
            }
            medfee = medfee.plus(r.medfee());
            pool = pool.plus(r.hifp());
            fund = fund.plus(r.fund());
            acct = acct.plus(r.acct());
            cash = cash.plus(r.cash());
        }
        return new ShiftSummary(operatorId, from, closedAt, settlements, cancels, medfee, pool, fund, acct, cash, records,
                deferred, offlineDebits, debitsOutside);
    }
}
