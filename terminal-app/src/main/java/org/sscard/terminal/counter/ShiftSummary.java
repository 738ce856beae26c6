package org.sscard.terminal.counter;

import java.time.Instant;
import java.util.List;
import org.sscard.protocol.Money;

/**
 * What an operator settled in one shift (from the shift start to the close): settlements and cancels counted
 * separately, and the net totals by fund (cancels subtract): medical fees, pool fund (hifp_pay), all funds, personal
 * account, cash.
 */
public record ShiftSummary(String operatorId, Instant from, Instant closedAt, long settlements, long cancels,
                           Money medfee, Money pool, Money fund, Money acct, Money cash,
                           List<SettledRecords.Record> records) {
    public ShiftSummary {
        records = List.copyOf(records);
    }

    static ShiftSummary of(String operatorId, Instant from, Instant closedAt, List<SettledRecords.Record> records) {
        long settlements = 0;
        long cancels = 0;
        Money medfee = Money.ZERO;
        Money pool = Money.ZERO;
        Money fund = Money.ZERO;
        Money acct = Money.ZERO;
        Money cash = Money.ZERO;
        for (SettledRecords.Record r : records) {
            if (r.isCancel()) {
                cancels++;
            } else {
                settlements++;
            }
            medfee = medfee.plus(r.medfee());
            pool = pool.plus(r.hifp());
            fund = fund.plus(r.fund());
            acct = acct.plus(r.acct());
            cash = cash.plus(r.cash());
        }
        return new ShiftSummary(operatorId, from, closedAt, settlements, cancels, medfee, pool, fund, acct, cash, records);
    }
}
