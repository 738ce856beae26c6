package org.sscard.terminal.receipt;

import java.util.List;
import java.util.Objects;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.SettlementResult;

/**
 * What a settlement receipt says: who settled where, the items, and the split of the total into fund, personal
 * account and cash, with the settlement id (also printed as a QR code). Built from the central service's
 * settlement answer ({@link #of}); a cancellation (2208, {@code orig_setl_id} set) makes a cancellation slip
 * with the negated amounts.
 *
 * @param patientName shown in full: the receipt is handed to the patient
 */
public record Receipt(String institutionName, String deviceNumber, String operatorName, String patientName,
                      String insuranceType, String setlId, String origSetlId, String mdtrtId, String setlTime,
                      List<Line> lines, long totalFen, long fundFen, List<Fund> funds, long accountFen, long cashFen,
                      long accountBalanceFen, boolean offline) {

    /** One item: name, quantity as printed (e.g. {@code 2 盒}), amount in fen. */
    public record Line(String name, String quantity, long amountFen) {
        public Line {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    /** One fund's share (fund_pay_type_name, fund_payamt). */
    public record Fund(String name, long amountFen) {
    }

    /** Who and where, as printed at the top. */
    public record Header(String institutionName, String deviceNumber, String operatorName, String patientName) {
    }

    public Receipt {
        Objects.requireNonNull(setlId, "setlId");
        lines = List.copyOf(lines);
        funds = List.copyOf(funds);
        if (Math.addExact(Math.addExact(fundFen, accountFen), cashFen) != totalFen) {
            throw new IllegalArgumentException("fund + personal account + cash must equal the total");
        }
    }

    /** The receipt of a 2207 settlement (or a 2208 cancellation) answered by the central service. */
    public static Receipt of(Header header, SettlementResult result, List<Line> lines) {
        SettlementResult.SetlInfo s = result.setlinfo();
        if (s.setlId() == null) {
            throw new IllegalArgumentException("a pre-settlement (no setl_id) has no receipt");
        }
        List<Fund> funds = result.setldetail() == null ? List.of() : result.setldetail().stream()
                .map(d -> new Fund(d.fundPayTypeName(), d.fundPayamt().fen())).toList();
        return new Receipt(header.institutionName(), header.deviceNumber(), header.operatorName(), header.patientName(),
                insuranceLabel(s.insutype()), s.setlId(), s.origSetlId(), s.mdtrtId(), s.setlTime(), lines,
                s.medfeeSumamt().fen(), s.fundPaySumamt().fen(), funds, s.acctPay().fen(), s.psnCashPay().fen(),
                s.balc() == null ? 0 : s.balc().fen(), false);
    }

    /** The insurance as printed: 职工基本医疗保险 (310) or 城乡居民基本医疗保险 (390). */
    public static String insuranceLabel(InsuType type) {
        return switch (type) {
            case EMPLOYEE -> "职工基本医疗保险";
            case RESIDENT -> "城乡居民基本医疗保险";
        };
    }

    /** The same receipt marked as made while the link was down (the settlement is queued for the central service). */
    public Receipt asOffline() {
        return new Receipt(institutionName, deviceNumber, operatorName, patientName, insuranceType, setlId, origSetlId,
                mdtrtId, setlTime, lines, totalFen, fundFen, funds, accountFen, cashFen, accountBalanceFen, true);
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
}
