package org.sscard.terminal.offline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.sscard.terminal.reason.Problem;
import org.sscard.values.Money;

/**
 * A hospital visit taken while the link was down, as stored in the station store (a {@code deferred_visit} row),
 * and what became of it. {@code refundDue} is the fund share (fund_pay_sumamt of the 2207) owed back to the patient,
 * who paid the whole total in cash; zero until SETTLED. The row's JSON keeps its amounts as numbers of fen
 * ({@code total_fen}, {@code fund_fen}, {@code refund_due_fen}, an item's {@code price_fen} and {@code amount_fen}).
 *
 * @param ref           the deferred reference printed on the receipt ({@code DF} + 18 digits)
 * @param createdAt     when the visit was stored (ISO-8601 instant; the queue-age limit counts from here)
 * @param visitTime     the visit time as sent later (begntime of 2201, fee_ocur_time of 2204), yyyy-MM-dd HH:mm:ss
 * @param cardSn        card identification code, hex upper case
 * @param insuredRegion the insured region read from the card (medical EF05 tag 32), the 1101's insuplc_admdvs
 * @param insutype      the insurance type read from the card (310/390), informative; 2201 uses the 1101's
 * @param mdtrtId       the visit number once 2201 was answered
 * @param setlId        the settlement id once 2207 was answered
 * @param settledAt     setl_time of the 2207
 * @param reason        why it was refused (REFUSED), or which cancel (2208) undid the settlement (CANCELLED); stored as its
 *                      code and arguments ({@link DeferredJournal}), a sentence an earlier version stored as {@link
 *                      org.sscard.terminal.reason.Reason#STORED_TEXT}
 * @param closedBy      the supervisor who acknowledged a refusal (REFUSED), or the operator of the cancel (CANCELLED)
 * @param closedAt      when the refusal was acknowledged, or when the station recorded the cancel (ISO-8601 instant)
 */
public record DeferredVisit(String ref, DeferredState state, String createdAt, String visitTime, String operator,
                            String operatorName, String medType, String deptCode, String doctorName, String cardNo,
                            String cardSn, String holderName, String insuredRegion, String insutype, List<Item> items,
                            @JsonProperty("total_fen") Money total, String mdtrtId, String setlId,
                            @JsonProperty("fund_fen") Money fund, @JsonProperty("refund_due_fen") Money refundDue,
                            String settledAt, Problem reason, String refundPaidBy, String refundPaidAt,
                            String closedBy, String closedAt) {

    /** One priced line as it will be uploaded (2204). */
    public record Item(int serial, String localCode, String nationalCode, String name, long count,
                       @JsonProperty("price_fen") Money price, @JsonProperty("amount_fen") Money amount) {
    }

    public DeferredVisit {
        items = List.copyOf(items);
    }

    /** The form of the first version (no closing fields), for callers written against it. */
    public DeferredVisit(String ref, DeferredState state, String createdAt, String visitTime, String operator,
                         String operatorName, String medType, String deptCode, String doctorName, String cardNo,
                         String cardSn, String holderName, String insuredRegion, String insutype, List<Item> items,
                         Money total, String mdtrtId, String setlId, Money fund, Money refundDue,
                         String settledAt, Problem reason, String refundPaidBy, String refundPaidAt) {
        this(ref, state, createdAt, visitTime, operator, operatorName, medType, deptCode, doctorName, cardNo, cardSn,
                holderName, insuredRegion, insutype, items, total, mdtrtId, setlId, fund, refundDue, settledAt,
                reason, refundPaidBy, refundPaidAt, null, null);
    }

    /** Nothing is left to do for it: refund paid, refusal acknowledged by a supervisor, or settlement cancelled. */
    public boolean finished() {
        return state == DeferredState.REFUND_PAID || state == DeferredState.CANCELLED
                || state == DeferredState.REFUSED && closedAt != null;
    }

    /** When it was finished (ISO-8601 instant), null while not {@link #finished()}: the retention counts from here. */
    public String finishedAt() {
        if (!finished()) {
            return null;
        }
        return state == DeferredState.REFUND_PAID ? refundPaidAt : closedAt;
    }

    /** Not yet settled or refused: counts toward the terminal's offline queue limits. */
    public boolean queued() {
        return state == DeferredState.QUEUED || state == DeferredState.SETTLING;
    }

    DeferredVisit settling() {
        return new DeferredVisit(ref, DeferredState.SETTLING, createdAt, visitTime, operator, operatorName, medType,
                deptCode, doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId,
                setlId, fund, refundDue, settledAt, reason, refundPaidBy, refundPaidAt, closedBy, closedAt);
    }

    DeferredVisit registered(String newMdtrtId) {
        return new DeferredVisit(ref, state, createdAt, visitTime, operator, operatorName, medType, deptCode,
                doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, newMdtrtId, setlId,
                fund, refundDue, settledAt, reason, refundPaidBy, refundPaidAt, closedBy, closedAt);
    }

    DeferredVisit settled(String newSetlId, Money paidByFund, String setlTime) {
        return new DeferredVisit(ref, DeferredState.SETTLED, createdAt, visitTime, operator, operatorName, medType,
                deptCode, doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId,
                newSetlId, paidByFund, paidByFund, setlTime, null, refundPaidBy, refundPaidAt, closedBy, closedAt);
    }

    DeferredVisit refused(Problem why) {
        return new DeferredVisit(ref, DeferredState.REFUSED, createdAt, visitTime, operator, operatorName, medType,
                deptCode, doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId,
                setlId, fund, refundDue, settledAt, why, refundPaidBy, refundPaidAt, closedBy, closedAt);
    }

    DeferredVisit refundPaid(String by, String at) {
        return new DeferredVisit(ref, DeferredState.REFUND_PAID, createdAt, visitTime, operator, operatorName, medType,
                deptCode, doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId,
                setlId, fund, Money.ZERO, settledAt, reason, by, at, closedBy, closedAt);
    }

    DeferredVisit cancelled(Problem cancel, String by, String at) {
        return new DeferredVisit(ref, DeferredState.CANCELLED, createdAt, visitTime, operator, operatorName, medType,
                deptCode, doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId,
                setlId, fund, Money.ZERO, settledAt, cancel, refundPaidBy, refundPaidAt, by, at);
    }

    DeferredVisit acknowledged(String by, String at) {
        return new DeferredVisit(ref, state, createdAt, visitTime, operator, operatorName, medType, deptCode,
                doctorName, cardNo, cardSn, holderName, insuredRegion, insutype, items, total, mdtrtId, setlId,
                fund, refundDue, settledAt, reason, refundPaidBy, refundPaidAt, by, at);
    }

    @Override
    public String toString() {
        return "DeferredVisit[" + ref + " " + state + " card " + cardNo + " total_fen=" + total.fen() + "]";
    }
}
