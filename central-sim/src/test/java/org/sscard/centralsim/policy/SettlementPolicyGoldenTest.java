package org.sscard.centralsim.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;

/**
 * Settlements computed by hand (amounts in fen; E = employee: deductible 100000, cap 400000; R = resident:
 * deductible 50000, cap 200000; pool ratio L1 80 %, L2 70 %, L3 60 %).
 */
class SettlementPolicyGoldenTest {
    private static final InsuType E = InsuType.EMPLOYEE;
    private static final InsuType R = InsuType.RESIDENT;
    private static final InstitutionLevel L1 = InstitutionLevel.LEVEL_1;
    private static final InstitutionLevel L2 = InstitutionLevel.LEVEL_2;
    private static final InstitutionLevel L3 = InstitutionLevel.LEVEL_3;
    private static final MedType OUT = MedType.OUTPATIENT;
    /** Employee with the deductible already met, nothing paid by the pool, empty account. */
    private static final PersonYear E_MET = new PersonYear(100_000, 0, 0);
    private static final PersonYear R_MET = new PersonYear(50_000, 0, 0);
    private static int serial;

    private static CatalogItem a(long price, long count) {
        return new CatalogItem("A" + ++serial, ChrgitmLv.CLASS_A, price, null, 0, count);
    }

    private static CatalogItem aCap(long price, long cap, long count) {
        return new CatalogItem("A" + ++serial, ChrgitmLv.CLASS_A, price, cap, 0, count);
    }

    private static CatalogItem b(long price, Long cap, int basisPoints, long count) {
        return new CatalogItem("B" + ++serial, ChrgitmLv.CLASS_B, price, cap, basisPoints, count);
    }

    private static CatalogItem c(long price, Long cap, long count) {
        return new CatalogItem("C" + ++serial, ChrgitmLv.CLASS_C, price, cap, ONE_HUNDRED_PERCENT, count);
    }

    private static final int ONE_HUNDRED_PERCENT = 10_000;

    private static SettlementOutcome settle(InsuType t, InstitutionLevel l, MedType m, PersonYear year,
            boolean useAccount, CatalogItem... items) {
        return SettlementPolicy.settle(new Visit(t, l, m, List.of(items), useAccount), year);
    }

    /** Expected: medfee, fulamt, overlmt, preselfpay, inscp, act_pay_dedc, hifp, pool_prop_selfpay, psn_part, acct, cash. */
    private static void expect(SettlementOutcome o, long medfee, long fulamt, long overlmt, long preselfpay, long inscp,
            long dedc, long hifp, long poolSelf, long psnPart, long acct, long cash) {
        assertEquals(List.of(medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp, poolSelf, hifp, psnPart, acct, cash),
                List.of(o.medfeeSumamtFen(), o.fulamtOwnpayFen(), o.overlmtSelfpayFen(), o.preselfpayFen(),
                        o.inscpScpFen(), o.actPayDedcFen(), o.hifpPayFen(), o.poolPropSelfpayFen(), o.fundPaySumamtFen(),
                        o.psnPartAmtFen(), o.acctPayFen(), o.psnCashPayFen()));
    }

    @Test
    void case01ClassALevel1() {
        // 100.00 A; deductible met; pool 10000 × 0.8 = 8000; pool_prop_selfpay 2000; person 2000, all cash.
        expect(settle(E, L1, OUT, E_MET, false, a(10_000, 1)), 10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 0, 2_000);
    }

    @Test
    void case02ClassALevel2() {
        // 10000 × 0.7 = 7000; person 3000.
        expect(settle(E, L2, OUT, E_MET, false, a(10_000, 1)), 10_000, 0, 0, 0, 10_000, 0, 7_000, 3_000, 3_000, 0, 3_000);
    }

    @Test
    void case03ClassALevel3() {
        // 10000 × 0.6 = 6000; person 4000.
        expect(settle(E, L3, OUT, E_MET, false, a(10_000, 1)), 10_000, 0, 0, 0, 10_000, 0, 6_000, 4_000, 4_000, 0, 4_000);
    }

    @Test
    void case04ClassCFullySelfPaid() {
        // 50.00 × 2 = 10000 all fulamt_ownpay; nothing in scope; person 10000.
        expect(settle(E, L1, OUT, E_MET, false, c(5_000, null, 2)), 10_000, 10_000, 0, 0, 0, 0, 0, 0, 10_000, 0, 10_000);
    }

    @Test
    void case05ClassBPreSelfPay() {
        // 100.00 B at 10 %: preselfpay 1000, inscp 9000; pool 9000 × 0.8 = 7200; pool_prop_selfpay 1800;
        // person 1000 + 1800 = 2800.
        expect(settle(E, L1, OUT, E_MET, false, b(10_000, null, 1_000, 1)),
                10_000, 0, 0, 1_000, 9_000, 0, 7_200, 1_800, 2_800, 0, 2_800);
    }

    @Test
    void case06ClassAAbovePriceCap() {
        // 120.00 × 3 = 36000, cap 100.00: overlmt (12000 − 10000) × 3 = 6000; inscp 30000; pool 24000;
        // pool_prop_selfpay 6000; person 6000 + 6000 = 12000.
        expect(settle(E, L1, OUT, E_MET, false, aCap(12_000, 10_000, 3)),
                36_000, 0, 6_000, 0, 30_000, 0, 24_000, 6_000, 12_000, 0, 12_000);
    }

    @Test
    void case07ClassBAbovePriceCap() {
        // 12.30 × 2 = 2460, cap 10.00: overlmt 230 × 2 = 460; in cap 2000; preselfpay 10 % = 200; inscp 1800;
        // L2 pool 1800 × 0.7 = 1260; pool_prop_selfpay 540; person 460 + 200 + 540 = 1200.
        expect(settle(E, L2, OUT, E_MET, false, b(1_230, 1_000L, 1_000, 2)),
                2_460, 0, 460, 200, 1_800, 0, 1_260, 540, 1_200, 0, 1_200);
    }

    @Test
    void case08PriceEqualToCapIsNotOverLimit() {
        // 100.00 at cap 100.00: overlmt 0; pool 8000.
        expect(settle(E, L1, OUT, E_MET, false, aCap(10_000, 10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 0, 2_000);
    }

    @Test
    void case09ClassCIgnoresThePriceCap() {
        // 120.00 C with cap 100.00: everything fulamt_ownpay (12000), overlmt 0.
        expect(settle(E, L1, OUT, E_MET, false, c(12_000, 10_000L, 1)),
                12_000, 12_000, 0, 0, 0, 0, 0, 0, 12_000, 0, 12_000);
    }

    @Test
    void case10BelowTheDeductible() {
        // Employee, nothing used yet: 300.00 in scope all goes to the deductible; pool 0; person 30000.
        expect(settle(E, L1, OUT, new PersonYear(0, 0, 0), false, a(30_000, 1)),
                30_000, 0, 0, 0, 30_000, 30_000, 0, 0, 30_000, 0, 30_000);
    }

    @Test
    void case11DeductibleCrossedInsideOneVisit() {
        // 90000 used, 10000 left: 250.00 in scope → dedc 10000; (25000 − 10000) × 0.8 = 12000;
        // pool_prop_selfpay 3000; person 10000 + 3000 = 13000.
        SettlementOutcome o = settle(E, L1, OUT, new PersonYear(90_000, 0, 0), false, a(25_000, 1));
        expect(o, 25_000, 0, 0, 0, 25_000, 10_000, 12_000, 3_000, 13_000, 0, 13_000);
        assertEquals(new PersonYear(100_000, 12_000, 0), new PersonYear(90_000, 0, 0).apply(o.delta()));
    }

    @Test
    void case12ResidentDeductibleCrossed() {
        // Resident, 45000 used, 5000 left: 150.00 → dedc 5000; 10000 × 0.7 = 7000; pool_prop_selfpay 3000;
        // person 8000.
        expect(settle(R, L2, OUT, new PersonYear(45_000, 0, 0), false, a(15_000, 1)),
                15_000, 0, 0, 0, 15_000, 5_000, 7_000, 3_000, 8_000, 0, 8_000);
    }

    @Test
    void case13ResidentBelowDeductible() {
        // Resident fresh: 400.00 < 500.00 → all deductible; person 40000.
        expect(settle(R, L3, OUT, new PersonYear(0, 0, 0), false, a(40_000, 1)),
                40_000, 0, 0, 0, 40_000, 40_000, 0, 0, 40_000, 0, 40_000);
    }

    @Test
    void case14aEmployeeVersusResidentSameBasketEmployee() {
        // Employee fresh, 800.00: below the 1000.00 deductible → dedc 80000, pool 0.
        expect(settle(E, L1, OUT, new PersonYear(0, 0, 0), false, a(80_000, 1)),
                80_000, 0, 0, 0, 80_000, 80_000, 0, 0, 80_000, 0, 80_000);
    }

    @Test
    void case14bEmployeeVersusResidentSameBasketResident() {
        // Resident fresh, 800.00: dedc 50000; (80000 − 50000) × 0.8 = 24000; pool_prop_selfpay 6000;
        // person 50000 + 6000 = 56000.
        expect(settle(R, L1, OUT, new PersonYear(0, 0, 0), false, a(80_000, 1)),
                80_000, 0, 0, 0, 80_000, 50_000, 24_000, 6_000, 56_000, 0, 56_000);
    }

    @Test
    void case15AnnualCapCrossed() {
        // Pool paid 399000 of 400000: 1000 left; 10000 × 0.8 = 8000 capped to 1000; pool_prop_selfpay 9000.
        SettlementOutcome o = settle(E, L1, OUT, new PersonYear(100_000, 399_000, 0), false, a(10_000, 1));
        expect(o, 10_000, 0, 0, 0, 10_000, 0, 1_000, 9_000, 9_000, 0, 9_000);
        assertEquals(new PersonYear(100_000, 400_000, 0), new PersonYear(100_000, 399_000, 0).apply(o.delta()));
    }

    @Test
    void case16CapExhausted() {
        // Pool paid 400000: nothing left; the whole 10000 is pool_prop_selfpay.
        expect(settle(E, L1, OUT, new PersonYear(100_000, 400_000, 0), false, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 0, 10_000, 10_000, 0, 10_000);
    }

    @Test
    void case17ResidentCapCrossed() {
        // Resident: 199500 of 200000 paid, 500 left; 20.00 × 0.7 = 1400 capped to 500; pool_prop_selfpay 1500.
        expect(settle(R, L2, OUT, new PersonYear(50_000, 199_500, 0), false, a(2_000, 1)),
                2_000, 0, 0, 0, 2_000, 0, 500, 1_500, 1_500, 0, 1_500);
    }

    @Test
    void case18PoolPaidAboveCapLeavesNothing() {
        // 450000 recorded (above the cap): cap left max(0, 400000 − 450000) = 0.
        expect(settle(E, L1, OUT, new PersonYear(100_000, 450_000, 0), false, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 0, 10_000, 10_000, 0, 10_000);
    }

    @Test
    void case19AccountCoversThePersonalPart() {
        // Person part 2000 (case 1), balance 50000, flag 1 → acct 2000, cash 0; balance −2000.
        SettlementOutcome o = settle(E, L1, OUT, new PersonYear(100_000, 0, 50_000), true, a(10_000, 1));
        expect(o, 10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 2_000, 0);
        assertEquals(new StateDelta(0, 8_000, -2_000), o.delta());
    }

    @Test
    void case20AccountShort() {
        // Balance 500 < person part 2000 → acct 500, cash 1500.
        expect(settle(E, L1, OUT, new PersonYear(100_000, 0, 500), true, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 500, 1_500);
    }

    @Test
    void case21AccountEmpty() {
        expect(settle(E, L1, OUT, new PersonYear(100_000, 0, 0), true, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 0, 2_000);
    }

    @Test
    void case22AccountNotUsedWhenFlagIsZero() {
        // Balance 50000 but acct_used_flag 0 → acct 0, cash 2000.
        expect(settle(E, L1, OUT, new PersonYear(100_000, 0, 50_000), false, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 0, 8_000, 2_000, 2_000, 0, 2_000);
    }

    @Test
    void case23PharmacyPurchaseFromTheAccount() {
        // 41: A 30.00 × 2 = 6000; B 20.00 at 10 % → pre 200, inscp 1800; C 15.00 → fulamt 1500.
        // medfee 9500, inscp 7800; no deductible, no pool: pool_prop_selfpay 7800; person 9500;
        // balance 100000 → acct 9500, cash 0. The deductible is not consumed by pharmacy purchases.
        SettlementOutcome o = settle(E, L1, MedType.PHARMACY, new PersonYear(0, 0, 100_000), true,
                a(3_000, 2), b(2_000, null, 1_000, 1), c(1_500, null, 1));
        expect(o, 9_500, 1_500, 0, 200, 7_800, 0, 0, 7_800, 9_500, 9_500, 0);
        assertEquals(new StateDelta(0, 0, -9_500), o.delta());
    }

    @Test
    void case24PharmacyAccountShort() {
        // Same basket, balance 3000 → acct 3000, cash 6500.
        expect(settle(R, L3, MedType.PHARMACY, new PersonYear(0, 0, 3_000), true,
                a(3_000, 2), b(2_000, null, 1_000, 1), c(1_500, null, 1)),
                9_500, 1_500, 0, 200, 7_800, 0, 0, 7_800, 9_500, 3_000, 6_500);
    }

    @Test
    void case25PreSelfPayHalfFenRoundsUp() {
        // B 0.05 at 10 %: 5 × 0.1 = 0.5 fen → 1; inscp 4; pool 4 × 0.8 = 3.2 → 3; pool_prop_selfpay 1;
        // person 1 + 1 = 2.
        expect(settle(E, L1, OUT, E_MET, false, b(5, null, 1_000, 1)), 5, 0, 0, 1, 4, 0, 3, 1, 2, 0, 2);
    }

    @Test
    void case26PoolHalfFenRoundsUp() {
        // L2: 5 × 0.7 = 3.5 → 4; pool_prop_selfpay 1.
        expect(settle(E, L2, OUT, E_MET, false, a(5, 1)), 5, 0, 0, 0, 5, 0, 4, 1, 1, 0, 1);
    }

    @Test
    void case27PoolHalfFenRoundsUpLargerAmount() {
        // L2: 12345 × 0.7 = 8641.5 → 8642; pool_prop_selfpay 3703.
        expect(settle(E, L2, OUT, E_MET, false, a(12_345, 1)), 12_345, 0, 0, 0, 12_345, 0, 8_642, 3_703, 3_703, 0, 3_703);
    }

    @Test
    void case28PreSelfPayIsRoundedPerItem() {
        // Two B lines of 0.05 at 10 %: each 0.5 → 1 (per item), total 2 (per visit it would be round(1.0) = 1);
        // inscp 8; pool 8 × 0.8 = 6.4 → 6; pool_prop_selfpay 2; person 2 + 2 = 4.
        expect(settle(E, L1, OUT, E_MET, false, b(5, null, 1_000, 1), b(5, null, 1_000, 1)),
                10, 0, 0, 2, 8, 0, 6, 2, 4, 0, 4);
    }

    @Test
    void case29PreSelfPayBelowHalfRoundsDown() {
        // B 0.04 at 10 %: 0.4 fen → 0; inscp 4; pool 3.2 → 3; person 1.
        expect(settle(E, L1, OUT, E_MET, false, b(4, null, 1_000, 1)), 4, 0, 0, 0, 4, 0, 3, 1, 1, 0, 1);
    }

    @Test
    void case30FractionalProportion() {
        // B 10.00 at 12.5 %: pre 125; inscp 875; L3 875 × 0.6 = 525; pool_prop_selfpay 350; person 475.
        expect(settle(E, L3, OUT, E_MET, false, b(1_000, null, 1_250, 1)), 1_000, 0, 0, 125, 875, 0, 525, 350, 475, 0, 475);
    }

    @Test
    void case31MixedBasketCrossingTheDeductibleWithAShortAccount() {
        // A 50.00 × 2 = 10000 (inscp 10000); B 30.00 × 2 cap 25.00 at 10 %: amount 6000, overlmt 1000, in cap 5000,
        // pre 500, inscp 4500; C 8.88 → fulamt 888. medfee 16888; inscp 14500.
        // 99000 used → 1000 left: dedc 1000; (14500 − 1000) × 0.7 = 9450; pool_prop_selfpay 4050;
        // person 16888 − 9450 = 7438 (= 888 + 1000 + 500 + 1000 + 4050); balance 1000 → acct 1000, cash 6438.
        SettlementOutcome o = settle(E, L2, OUT, new PersonYear(99_000, 0, 1_000), true,
                a(5_000, 2), b(3_000, 2_500L, 1_000, 2), c(888, null, 1));
        expect(o, 16_888, 888, 1_000, 500, 14_500, 1_000, 9_450, 4_050, 7_438, 1_000, 6_438);
        assertEquals(new PersonYear(100_000, 9_450, 0), new PersonYear(99_000, 0, 1_000).apply(o.delta()));
    }

    @Test
    void case32ChronicFollowsTheOutpatientRules() {
        // 14 at L3: 20000 × 0.6 = 12000; pool_prop_selfpay 8000.
        expect(settle(E, L3, MedType.CHRONIC, E_MET, false, a(20_000, 1)),
                20_000, 0, 0, 0, 20_000, 0, 12_000, 8_000, 8_000, 0, 8_000);
    }

    @Test
    void case33DeductibleReachedExactly() {
        // 90000 used, 100.00 in scope → dedc 10000, nothing above it: pool 0; person 10000.
        expect(settle(E, L1, OUT, new PersonYear(90_000, 0, 0), false, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 10_000, 0, 0, 10_000, 0, 10_000);
    }

    @Test
    void case34DeductibleAndCapCrossedInOneVisit() {
        // Resident 49000 used (1000 left), pool 199000 paid (1000 left): 100.00 → dedc 1000;
        // 9000 × 0.8 = 7200 capped to 1000; pool_prop_selfpay 8000; person 1000 + 8000 = 9000.
        expect(settle(R, L1, OUT, new PersonYear(49_000, 199_000, 0), false, a(10_000, 1)),
                10_000, 0, 0, 0, 10_000, 1_000, 1_000, 8_000, 9_000, 0, 9_000);
    }

    @Test
    void case35CancelRestoresEverythingExactly() {
        // Case 31 then its cancel: the reversing outcome is every amount negated and the year is restored.
        PersonYear before = new PersonYear(99_000, 0, 1_000);
        SettlementOutcome o = settle(E, L2, OUT, before, true, a(5_000, 2), b(3_000, 2_500L, 1_000, 2), c(888, null, 1));
        SettlementOutcome cancel = o.negate();
        expect(cancel, -16_888, -888, -1_000, -500, -14_500, -1_000, -9_450, -4_050, -7_438, -1_000, -6_438);
        assertEquals(new StateDelta(-1_000, -9_450, 1_000), cancel.delta());
        assertEquals(before, before.apply(o.delta()).apply(cancel.delta()));
    }

    @Test
    void case36CancelAfterTheCapRestoresTheCap() {
        // Case 15 then cancel: pool paid back from 400000 to 399000.
        PersonYear before = new PersonYear(100_000, 399_000, 0);
        SettlementOutcome o = settle(E, L1, OUT, before, false, a(10_000, 1));
        assertEquals(new PersonYear(100_000, 399_000, 0), before.apply(o.delta()).apply(o.negate().delta()));
    }

    @Test
    void case37CapReachedWithHalfFenRounding() {
        // docs/settlement-rules.md example 2. Resident, deductible met, 199500 of 200000 paid (500 left), L2:
        // 12345 × 0.7 = 8641.5 → 8642, capped to 500; pool_prop_selfpay 11845; all cash.
        expect(settle(R, L2, OUT, new PersonYear(50_000, 199_500, 0), false, a(12_345, 1)),
                12_345, 0, 0, 0, 12_345, 0, 500, 11_845, 11_845, 0, 11_845);
    }

    @Test
    void itemSplitForTheFeeUploadAnswer() {
        // 2204 answer for B 12.30 × 2, cap 10.00, 10 %: overlmt 460, preselfpay 200, inscp 1800.
        ItemSplit s = SettlementPolicy.split(b(1_230, 1_000L, 1_000, 2));
        assertEquals(List.of(2_460L, 0L, 460L, 200L, 1_800L),
                List.of(s.amountFen(), s.fulamtOwnpayFen(), s.overlmtFen(), s.preselfpayFen(), s.inscpFen()));
    }

    @Test
    void brokenIdentitiesAreRefusedNotReturned() {
        SettlementOutcome o = settle(E, L1, OUT, E_MET, false, a(10_000, 1));
        // fund 8000 + person 2001 ≠ 10000
        assertThrows(PolicyViolation.class, () -> new SettlementOutcome(o.items(), 10_000, 0, 0, 0, 10_000, 0, 8_000,
                2_000, 8_000, 2_001, 0, 2_001, o.delta()));
        // account + cash ≠ person part
        assertThrows(PolicyViolation.class, () -> new SettlementOutcome(o.items(), 10_000, 0, 0, 0, 10_000, 0, 8_000,
                2_000, 8_000, 2_000, 1, 2_000, o.delta()));
        // delta does not match the amounts
        assertThrows(PolicyViolation.class, () -> new SettlementOutcome(o.items(), 10_000, 0, 0, 0, 10_000, 0, 8_000,
                2_000, 8_000, 2_000, 0, 2_000, new StateDelta(0, 7_999, 0)));
    }

    @Test
    void badInputsAreRefusedWithAReason() {
        assertEquals("A99: count must be positive", assertThrows(IllegalArgumentException.class,
                () -> new CatalogItem("A99", ChrgitmLv.CLASS_A, 100, null, 0, 0)).getMessage());
        assertEquals("institution level must be 1, 2 or 3, got 4",
                assertThrows(IllegalArgumentException.class, () -> InstitutionLevel.of(4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PersonYear(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Visit(E, L1, OUT, List.of(), false));
    }
}
