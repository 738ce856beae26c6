package org.sscard.terminal.receipt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.values.Money;

/**
 * What a settlement receipt says, for every renderer (the slip printer, the PDF, the command line's text and JSON):
 * who settled where, the items with their insurance split, and the split of the total into fund, personal account
 * and cash, with the settlement id (also printed as a QR code). Built from the central service's settlement answer
 * ({@link #of}); a cancellation (2208, {@code orig_setl_id} set) makes a cancellation slip with the negated amounts.
 * Receipts made while the link was down ({@link #offline}) carry only what the station knows.
 *
 * @param cardNumber     the card the visit was settled with; null when no card was presented (a cancel)
 * @param insutype       the insurance type code (310/390), null when the central service has not said
 * @param insuranceLabel the insurance as printed
 * @param medType        med_type code, null when the central service has not said
 * @param msgid          the message that settled it, null when not known (a rebuilt or offline receipt)
 * @param cardUpdated    whether the card's medical data were written after the settlement
 * @param eVoucher       settled with the 医保码 (医保电子凭证): no card, so no card number and nothing written to a card
 */
public record Receipt(Header header, String cardNumber, String insutype, String insuranceLabel, String medType,
                      String setlId, String origSetlId, String mdtrtId, String msgid, String setlTime, List<Line> lines,
                      Amounts amounts, List<Fund> funds, boolean cardUpdated, boolean offline, boolean eVoucher) {

    /** A receipt of a visit with the card, or of no visit (a cancel, an offline debit, a deferred visit). */
    public Receipt(Header header, String cardNumber, String insutype, String insuranceLabel, String medType,
                   String setlId, String origSetlId, String mdtrtId, String msgid, String setlTime, List<Line> lines,
                   Amounts amounts, List<Fund> funds, boolean cardUpdated, boolean offline) {
        this(header, cardNumber, insutype, insuranceLabel, medType, setlId, origSetlId, mdtrtId, msgid, setlTime, lines,
                amounts, funds, cardUpdated, offline, false);
    }

    /** How receipts and screens name the 医保码 where they would show a card number. */
    public static final String E_VOUCHER = "医保电子凭证";

    /** What the receipt names as the credential of the visit: 医保电子凭证, or the card number (null: none). */
    public String credential() {
        return eVoucher ? E_VOUCHER : cardNumber;
    }

    /**
     * Who and where, as printed at the top and bottom. The operator's id and the institution's code are known for
     * receipts made by the counter.
     *
     * @param patientName shown in full: the receipt is handed to the patient; null when no card was presented
     */
    public record Header(String institutionCode, String institutionName, String deviceNumber, String operatorId,
                         String operatorName, String patientName) {
        /** A header for a receipt the station prints without the counter (offline, deferred, rebuilt). */
        public Header(String institutionName, String deviceNumber, String operatorName, String patientName) {
            this(null, institutionName, deviceNumber, null, operatorName, patientName);
        }
    }

    /**
     * One item: codes, name, count, price and amount, with its insurance split from the 2204 answer (null on a
     * receipt made without it, see {@link #printed}).
     */
    public record Line(String localCode, String name, String nationalCode, long count, Money price, Money amount,
                       String itemClass, Money fulamtOwnpay, Money overlmt, Money preselfpay, Money inscp) {
        public Line {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(amount, "amount");
        }

        /** A line as printed only: name, count and amount. */
        public static Line printed(String name, long count, Money amount) {
            return new Line(null, name, null, count, null, amount, null, null, null, null, null);
        }
    }

    /** One fund's share (fund_pay_type_name, fund_payamt). */
    public record Fund(String name, Money amount) {
    }

    /**
     * The settlement's figures (setlinfo); fund + personal account + cash must equal the total.
     *
     * @param otherFunds the funds and shares besides the pool fund that are not zero (cvlserv_pay, hifmi_pay, maf_pay,
     *                   hosp_part_amt, acct_mulaid_pay...), by their printed name ({@link #OTHER_FUND_LABELS})
     * @param balance    the personal account's balance after the settlement, null when not known
     */
    public record Amounts(Money medfeeSumamt, Money fulamtOwnpayAmt, Money overlmtSelfpay, Money preselfpayAmt,
                          Money inscpScpAmt, Money actPayDedc, Money hifpPay, Map<String, Money> otherFunds,
                          Money fundPaySumamt, Money psnPartAmt, Money acctPay, Money psnCashPay, Money balance) {
        public Amounts {
            otherFunds = Collections.unmodifiableMap(new LinkedHashMap<>(otherFunds));
            if (!fundPaySumamt.plus(acctPay).plus(psnCashPay).equals(medfeeSumamt)) {
                throw new IllegalArgumentException("fund + personal account + cash must equal the total");
            }
        }

        public static Amounts of(SettlementResult.SetlInfo s) {
            Map<String, Money> other = new LinkedHashMap<>();
            s.otherFunds().forEach((member, amount) -> other.put(OTHER_FUND_LABELS.get(member), amount));
            return new Amounts(s.medfeeSumamt(), s.fulamtOwnpayAmt(), s.overlmtSelfpay(), s.preselfpayAmt(),
                    s.inscpScpAmt(), s.actPayDedc(), s.hifpPay(), other, s.fundPaySumamt(),
                    s.psnPartAmt(), s.acctPay(), s.psnCashPay(), s.balc());
        }

        /** Paid at the station alone (offline debit, deferred visit): no fund share yet, no split by the insurer. */
        public static Amounts paid(Money account, Money cash, Money balance) {
            Money total = account.plus(cash);
            return new Amounts(total, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
                    Map.of(), Money.ZERO, total, account, cash, balance);
        }
    }

    /** The printed name of each other fund of setlinfo: its Chinese name and wire name ({@code 医疗救助 maf_pay}). */
    public static final Map<String, String> OTHER_FUND_LABELS = otherFundLabels();

    private static Map<String, String> otherFundLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        SettlementResult.SetlInfo.OTHER_FUND_NAMES.forEach((member, name) -> m.put(member, name + " " + member));
        return Collections.unmodifiableMap(m);
    }

    public Receipt {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(setlId, "setlId");
        Objects.requireNonNull(amounts, "amounts");
        lines = List.copyOf(lines);
        funds = List.copyOf(funds);
    }

    /** The receipt of a 2207 settlement (or a 2208 cancellation) answered by the central service. */
    public static Receipt of(Header header, SettlementResult result, List<Line> lines) {
        return of(header, result, lines, null, null, false);
    }

    /** The same with what the counter knows besides: the card, the message and whether the card was written. */
    public static Receipt of(Header header, SettlementResult result, List<Line> lines, String cardNumber, String msgid,
                             boolean cardUpdated) {
        SettlementResult.SetlInfo s = result.setlinfo();
        if (s.setlId() == null) {
            throw new IllegalArgumentException("a pre-settlement (no setl_id) has no receipt");
        }
        List<Fund> funds = result.setldetail() == null ? List.of() : result.setldetail().stream()
                .map(d -> new Fund(d.fundPayTypeName(), d.fundPayamt())).toList();
        return new Receipt(header, cardNumber, s.insutype().code(), s.insutype().label(), s.medType().code(),
                s.setlId(), s.origSetlId(), s.mdtrtId(), msgid, s.setlTime(), lines, Amounts.of(s), funds, cardUpdated,
                false);
    }

    /** The same receipt marked as made while the link was down (the settlement is queued for the central service). */
    public Receipt asOffline() {
        return new Receipt(header, cardNumber, insutype, insuranceLabel, medType, setlId, origSetlId, mdtrtId, msgid,
                setlTime, lines, amounts, funds, cardUpdated, true, eVoucher);
    }

    /** The same receipt of a visit settled with the 医保码 instead of a card. */
    public Receipt withEVoucher() {
        return new Receipt(header, null, insutype, insuranceLabel, medType, setlId, origSetlId, mdtrtId, msgid, setlTime,
                lines, amounts, funds, false, offline, true);
    }

    /** VISIT, SALE (a pharmacy's, med_type 41) or CANCEL. */
    public String kind() {
        if (cancellation()) {
            return "CANCEL";
        }
        return MedType.PHARMACY.code().equals(medType) ? "SALE" : "VISIT";
    }

    /**
     * The receipt of a hospital visit taken while the link was down (deferred settlement): offline, and its number is
     * the deferred reference ({@code DF…}) instead of a setl_id. The patient paid the whole total; the fund share is
     * settled when the link returns and refunded.
     */
    public boolean deferred() {
        return offline && setlId.startsWith(DEFERRED_REF_PREFIX);
    }

    /** The prefix of a deferred visit's reference (docs/terminal.md §10). */
    public static final String DEFERRED_REF_PREFIX = "DF";

    public boolean cancellation() {
        return origSetlId != null;
    }

    /** Holds the patient's name for printing; this does not show it. */
    @Override
    public String toString() {
        return "Receipt[" + kind() + " setl_id=" + setlId + " mdtrt_id=" + mdtrtId + " total=" + amounts.medfeeSumamt()
                + " fund=" + amounts.fundPaySumamt() + " acct=" + amounts.acctPay() + " cash=" + amounts.psnCashPay()
                + "]";
    }
}
