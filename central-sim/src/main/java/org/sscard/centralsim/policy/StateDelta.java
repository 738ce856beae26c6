package org.sscard.centralsim.policy;

/**
 * The changes a settlement makes to a {@link PersonYear}: deductible consumed (+{@code act_pay_dedc}),
 * pool paid (+{@code hifp_pay}), account balance (−{@code acct_pay}). A cancel applies {@link #negate()}.
 */
public record StateDelta(long deductibleConsumedFen, long poolPaidFen, long accountBalanceFen) {

    public StateDelta negate() {
        return new StateDelta(Math.negateExact(deductibleConsumedFen), Math.negateExact(poolPaidFen),
                Math.negateExact(accountBalanceFen));
    }
}
