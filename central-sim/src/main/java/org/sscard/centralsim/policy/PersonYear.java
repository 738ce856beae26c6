package org.sscard.centralsim.policy;

/**
 * What a person has used in the calendar year of the visit, and their personal account: the amount
 * counted towards the deductible, the pool fund already paid (for the annual cap), the account balance.
 */
public record PersonYear(long deductibleConsumedFen, long poolPaidFen, long accountBalanceFen) {

    public PersonYear {
        if (deductibleConsumedFen < 0 || poolPaidFen < 0 || accountBalanceFen < 0) {
            throw new IllegalArgumentException("year-to-date amounts and the account balance cannot be negative");
        }
    }

    /** The state after a settlement (or, with negated deltas, after its cancel). */
    public PersonYear apply(StateDelta delta) {
        return new PersonYear(Math.addExact(deductibleConsumedFen, delta.deductibleConsumedFen()),
                Math.addExact(poolPaidFen, delta.poolPaidFen()),
                Math.addExact(accountBalanceFen, delta.accountBalanceFen()));
    }
}
