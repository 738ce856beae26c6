package org.sscard.terminal.counter;

import java.util.List;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.card.Credential;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;

/**
 * One hospital visit or pharmacy sale at the counter, as the workflow moves it along. Everything the central
 * service must not lose (2204, 2207, 2208) is in the outbox on the stream {@link #stream()}; this object is the
 * counter's working copy.
 */
public final class Visit {
    private final Credential credential;
    private final MedType medType;
    private final String mdtrtId;
    private final String operatorId;
    private VisitState state = VisitState.REGISTERED;
    private String batchNumber;
    private List<PricedLine> lines = List.of();
    private FeeUpload.Output fees;
    private SettlementResult preview;
    private String settlementMsgid;
    private SettlementResult settlement;
    private Receipt receipt;
    private Problem problem;
    private Records records = Records.UP_TO_DATE;

    Visit(Credential credential, MedType medType, String mdtrtId, String operatorId) {
        this.credential = credential;
        this.medType = medType;
        this.mdtrtId = mdtrtId;
        this.operatorId = operatorId;
    }

    /** The outbox stream of a visit: its messages leave in order, and an unknown outcome holds the rest. */
    public static String streamOf(String mdtrtId) {
        return "visit." + mdtrtId;
    }

    public String stream() {
        return streamOf(mdtrtId);
    }

    /** What the holder presented: the card or the 医保码. */
    public Credential credential() {
        return credential;
    }

    /** The holder's card, or null for a visit with the 医保码 (there is no card to write). */
    public PresentedCard card() {
        return credential instanceof PresentedCard c ? c : null;
    }

    public MedType medType() {
        return medType;
    }

    public String mdtrtId() {
        return mdtrtId;
    }

    public String operatorId() {
        return operatorId;
    }

    public VisitState state() {
        return state;
    }

    /** Why the visit is refused, pending or unknown (for the cashier), or null. */
    public Problem problem() {
        return problem;
    }

    /** {@link #problem()} in English (log lines, the command line), or null. */
    public String reason() {
        return problem == null ? null : problem.english();
    }

    public String batchNumber() {
        return batchNumber;
    }

    public List<PricedLine> lines() {
        return lines;
    }

    public FeeUpload.Output fees() {
        return fees;
    }

    /** The 2206 answer shown before the confirmation. */
    public SettlementResult preview() {
        return preview;
    }

    /** The msgid of the 2207 (set once it is in the outbox). */
    public String settlementMsgid() {
        return settlementMsgid;
    }

    public SettlementResult settlement() {
        return settlement;
    }

    public Receipt receipt() {
        return receipt;
    }

    /** Where the station's record of what happened to this visit's money stands. */
    public Records records() {
        return records;
    }

    void records(Records r) {
        this.records = records.and(r);
    }

    /** What is known of the visit's money (a settlement or cancel answered counts as settled). */
    public Known known() {
        return switch (state) {
            case SETTLED, CANCELLED -> Known.SETTLED;
            case OUTCOME_UNKNOWN -> Known.UNKNOWN;
            default -> Known.NOT_SETTLED;
        };
    }

    /**
     * For a visit whose records are not up to date ({@link #records()}): the known state, what the station does about
     * its records and, unless the station knows nothing was settled, not to settle again; null when up to date.
     */
    public Problem advice() {
        if (records == Records.UP_TO_DATE) {
            return null;
        }
        Problem kept = records.advice();
        return switch (state) {
            case SETTLED -> Problem.of(receipt != null && receipt.cardUpdated() ? Reason.VISIT_SETTLED_RECORDS_BEHIND
                    : Reason.VISIT_SETTLED_CARD_NOT_UPDATED_RECORDS_BEHIND, mdtrtId, settlement.setlinfo().setlId(), kept);
            case OUTCOME_UNKNOWN -> Problem.of(Reason.VISIT_UNKNOWN_RECORDS_BEHIND, mdtrtId, kept);
            case PENDING -> Problem.of(Reason.VISIT_PENDING_RECORDS_BEHIND, mdtrtId, kept);
            case REFUSED, REVERSED -> Problem.of(Reason.VISIT_KNOWN_NOT_SETTLED_RECORDS_BEHIND, mdtrtId, state.name(), kept);
            default -> Problem.of(Reason.VISIT_NOT_SETTLED_RECORDS_BEHIND, mdtrtId, state.name(), kept);
        };
    }

    void state(VisitState newState, Problem why) {
        this.state = newState;
        this.problem = why;
    }

    void batch(String number, List<PricedLine> priced) {
        this.batchNumber = number;
        this.lines = List.copyOf(priced);
    }

    void fees(FeeUpload.Output output) {
        this.fees = output;
    }

    void preview(SettlementResult result) {
        this.preview = result;
    }

    void settlementMsgid(String msgid) {
        this.settlementMsgid = msgid;
    }

    void settled(SettlementResult result, Receipt r) {
        this.settlement = result;
        this.receipt = r;
    }

    @Override
    public String toString() {
        return "Visit[" + mdtrtId + " " + medType + " " + state + "]";
    }
}
