package org.sscard.centralsim.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;

/** Random baskets (fixed seeds) against an independent BigDecimal oracle and the exact identities. */
class SettlementPolicyPropertyTest {

    private static CatalogItem randomItem(Random r, int n) {
        ChrgitmLv lv = ChrgitmLv.national().get(r.nextInt(3));
        long price = 1 + r.nextInt(r.nextBoolean() ? 100 : 50_000);
        Long cap = r.nextInt(3) == 0 ? Long.valueOf(1 + r.nextInt((int) price * 2)) : null;
        int bp = lv == ChrgitmLv.CLASS_A ? 0 : lv == ChrgitmLv.CLASS_C ? 10_000 : 1 + r.nextInt(9_999);
        return new CatalogItem("I" + n, lv, price, cap, bp, 1 + r.nextInt(20));
    }

    private static Visit randomVisit(Random r) {
        List<CatalogItem> items = new ArrayList<>();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            items.add(randomItem(r, i));
        }
        return new Visit(InsuType.settled().get(r.nextInt(2)), InstitutionLevel.of(1 + r.nextInt(3)),
                MedType.settled().get(r.nextInt(3)), items, r.nextBoolean());
    }

    private static long halfUp(long amount, int basisPoints) {
        return new BigDecimal(amount).multiply(new BigDecimal(basisPoints).movePointLeft(4))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Test
    void tenThousandRandomBasketsMatchTheOracleAndTheIdentities() {
        Random r = new Random(20250314L);
        for (int i = 0; i < 10_000; i++) {
            Visit v = randomVisit(r);
            PersonYear year = new PersonYear(r.nextInt(120_001), r.nextInt(450_001), r.nextInt(200_001));
            SettlementOutcome o = SettlementPolicy.settle(v, year);
            String where = "basket " + i;

            long medfee = 0;
            long inscp = 0;
            long own = 0;
            for (CatalogItem item : v.items()) {
                long amount = item.priceFen() * item.count();
                long over = item.chrgitmLv() != ChrgitmLv.CLASS_C && item.priceCapFen() != null
                        && item.priceFen() > item.priceCapFen() ? (item.priceFen() - item.priceCapFen()) * item.count() : 0;
                long full = item.chrgitmLv() == ChrgitmLv.CLASS_C ? amount : 0;
                long pre = item.chrgitmLv() == ChrgitmLv.CLASS_B ? halfUp(amount - over, item.selfpayPropBasisPoints()) : 0;
                medfee += amount;
                inscp += amount - over - full - pre;
                own += over + full + pre;
            }
            assertEquals(medfee, o.medfeeSumamtFen(), where);
            assertEquals(inscp, o.inscpScpFen(), where);
            assertEquals(own, o.fulamtOwnpayFen() + o.overlmtSelfpayFen() + o.preselfpayFen(), where);

            boolean pharmacy = v.medType() == MedType.PHARMACY;
            long dedLeft = Math.max(0, SettlementPolicy.deductibleFen(v.insutype()) - year.deductibleConsumedFen());
            long dedc = pharmacy ? 0 : Math.min(inscp, dedLeft);
            long capLeft = Math.max(0, SettlementPolicy.poolCapFen(v.insutype()) - year.poolPaidFen());
            long hifp = pharmacy ? 0 : Math.min(halfUp(inscp - dedc, v.level().poolRatioBasisPoints()), capLeft);
            assertEquals(dedc, o.actPayDedcFen(), where);
            assertEquals(hifp, o.hifpPayFen(), where);

            assertEquals(o.medfeeSumamtFen(), o.fulamtOwnpayFen() + o.overlmtSelfpayFen() + o.preselfpayFen()
                    + o.inscpScpFen(), where);
            assertEquals(o.medfeeSumamtFen(), o.fundPaySumamtFen() + o.psnPartAmtFen(), where);
            assertEquals(o.psnPartAmtFen(), o.acctPayFen() + o.psnCashPayFen(), where);
            long expectedAcct = v.useAccount() ? Math.min(year.accountBalanceFen(), o.psnPartAmtFen()) : 0;
            assertEquals(expectedAcct, o.acctPayFen(), where);

            PersonYear after = year.apply(o.delta());
            assertTrue(after.accountBalanceFen() >= 0, where);
            assertEquals(year, after.apply(o.negate().delta()), where + ": cancel must restore the year");
        }
    }

    @Test
    void aYearOfVisitsCancelledInAnyOrderRestoresTheStartAndNeverPassesTheCaps() {
        Random r = new Random(7L);
        for (int person = 0; person < 200; person++) {
            InsuType type = InsuType.settled().get(r.nextInt(2));
            PersonYear start = new PersonYear(0, 0, r.nextInt(300_000));
            PersonYear year = start;
            List<StateDelta> deltas = new ArrayList<>();
            for (int visit = 0; visit < 25; visit++) {
                Visit v = randomVisit(r);
                v = new Visit(type, v.level(), v.medType(), v.items(), v.useAccount());
                SettlementOutcome o = SettlementPolicy.settle(v, year);
                year = year.apply(o.delta());
                deltas.add(o.negate().delta());
                assertTrue(year.deductibleConsumedFen() <= SettlementPolicy.deductibleFen(type));
                assertTrue(year.poolPaidFen() <= SettlementPolicy.poolCapFen(type));
                assertTrue(year.accountBalanceFen() >= 0);
            }
            Collections.shuffle(deltas, r);
            for (StateDelta reversal : deltas) {
                year = year.apply(reversal);
            }
            assertEquals(start, year, "person " + person);
        }
    }
}
