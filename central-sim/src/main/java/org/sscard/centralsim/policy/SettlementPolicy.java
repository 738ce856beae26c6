package org.sscard.centralsim.policy;

import java.util.ArrayList;
import java.util.List;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;

/**
 * The central simulator's settlement policy (docs/settlement-rules.md): pure computation on integer fen,
 * proportions in basis points, HALF_UP rounding per item (pre-self-pay) and per visit (pool fund).
 */
public final class SettlementPolicy {
    /** 100 % in basis points. */
    public static final int ONE = 10_000;
    public static final long EMPLOYEE_DEDUCTIBLE_FEN = 100_000;
    public static final long RESIDENT_DEDUCTIBLE_FEN = 50_000;
    public static final long EMPLOYEE_POOL_CAP_FEN = 400_000;
    public static final long RESIDENT_POOL_CAP_FEN = 200_000;

    private SettlementPolicy() {
    }

    public static long deductibleFen(InsuType insutype) {
        return insutype == InsuType.EMPLOYEE ? EMPLOYEE_DEDUCTIBLE_FEN : RESIDENT_DEDUCTIBLE_FEN;
    }

    public static long poolCapFen(InsuType insutype) {
        return insutype == InsuType.EMPLOYEE ? EMPLOYEE_POOL_CAP_FEN : RESIDENT_POOL_CAP_FEN;
    }

    /** {@code round(amount × basisPoints / 10000)} HALF_UP, for non-negative amounts. */
    static long proportionHalfUp(long amountFen, int basisPoints) {
        if (amountFen < 0) {
            throw new IllegalArgumentException("proportion of a negative amount");
        }
        return (Math.multiplyExact(amountFen, basisPoints) + ONE / 2) / ONE;
    }

    /** The split of one item (the 2204 answer). */
    public static ItemSplit split(CatalogItem item) {
        long amount = item.amountFen();
        long fulamt = 0;
        long overlmt = 0;
        long preselfpay = 0;
        ChrgitmLv lv = item.chrgitmLv();
        if (lv == ChrgitmLv.CLASS_C) {
            fulamt = amount;
        } else if (lv == ChrgitmLv.CLASS_A || lv == ChrgitmLv.CLASS_B) {
            if (item.priceCapFen() != null && item.priceFen() > item.priceCapFen()) {
                overlmt = Math.multiplyExact(item.priceFen() - item.priceCapFen(), item.count());
            }
            if (lv == ChrgitmLv.CLASS_B) {
                preselfpay = proportionHalfUp(amount - overlmt, item.selfpayPropBasisPoints());
            }
        } else {
            throw new IllegalArgumentException("chrgitm_lv " + lv + ": no rule for this item class");
        }
        return new ItemSplit(item, amount, fulamt, overlmt, preselfpay, amount - fulamt - overlmt - preselfpay);
    }

    /** Settles a visit against the person's year; the result's delta, applied to {@code year}, is the new state. */
    public static SettlementOutcome settle(Visit visit, PersonYear year) {
        List<ItemSplit> splits = new ArrayList<>(visit.items().size());
        long medfee = 0;
        long fulamt = 0;
        long overlmt = 0;
        long preselfpay = 0;
        long inscp = 0;
        for (CatalogItem item : visit.items()) {
            ItemSplit s = split(item);
            splits.add(s);
            medfee = Math.addExact(medfee, s.amountFen());
            fulamt = Math.addExact(fulamt, s.fulamtOwnpayFen());
            overlmt = Math.addExact(overlmt, s.overlmtFen());
            preselfpay = Math.addExact(preselfpay, s.preselfpayFen());
            inscp = Math.addExact(inscp, s.inscpFen());
        }

        long dedc = 0;
        long hifp = 0;
        if (visit.medType() != MedType.PHARMACY) {
            long deductibleLeft = Math.max(0, deductibleFen(visit.insutype()) - year.deductibleConsumedFen());
            dedc = Math.min(inscp, deductibleLeft);
            long capLeft = Math.max(0, poolCapFen(visit.insutype()) - year.poolPaidFen());
            hifp = Math.min(proportionHalfUp(inscp - dedc, visit.level().poolRatioBasisPoints()), capLeft);
        }
        long poolSelf = inscp - dedc - hifp;
        long fund = hifp;
        long psnPart = medfee - fund;
        long acct = visit.useAccount() ? Math.min(year.accountBalanceFen(), psnPart) : 0;
        long cash = psnPart - acct;
        return new SettlementOutcome(splits, medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp, poolSelf, fund,
                psnPart, acct, cash, new StateDelta(dedc, hifp, -acct));
    }
}
