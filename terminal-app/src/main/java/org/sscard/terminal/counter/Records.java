package org.sscard.terminal.counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.store.Recovery;
import org.sscard.store.RecoveryException;
import org.sscard.store.RecoveryOp;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * Where the station's own record of a step stands once money may have moved (a settlement sent, a card debited):
 * the step is never undone or repeated because the station database could not be written; what it did is kept
 * ({@link Recovery}) and the station says so.
 */
public enum Records {
    /** in the station database */
    UP_TO_DATE,
    /** in the recovery reserve beside the database, entered in it as soon as it can be written */
    IN_RESERVE,
    /** neither in the database nor in the reserve: only the receipt and the central service hold it */
    NOT_RECORDED;

    private static final Logger LOG = LoggerFactory.getLogger(Records.class);

    /** Records {@code changes} (database, else the recovery reserve) and says where they went; never throws for that. */
    public static Records keep(StationStore store, String what, RecoveryOp... changes) {
        try {
            return store.recovery().record(what, changes) == Recovery.Recorded.STORED ? UP_TO_DATE : IN_RESERVE;
        } catch (RecoveryException e) {
            LOG.error("not recorded anywhere: {}", LogText.redact(e.getMessage()));
            return NOT_RECORDED;
        }
    }

    /** The worse of the two. */
    public Records and(Records other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** What the station does about its records, for the operator; null when up to date. */
    public Problem advice() {
        return switch (this) {
            case UP_TO_DATE -> null;
            case IN_RESERVE -> Problem.of(Reason.RECORDS_IN_RESERVE);
            case NOT_RECORDED -> Problem.of(Reason.RECORDS_NOT_RECORDED);
        };
    }
}
