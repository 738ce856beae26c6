package org.sscard.protocol;

import java.util.LinkedHashMap;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/**
 * A valid input and output for every transaction, shaped like a day at a Guangzhou hospital (public: the
 * central-sim's fuzz tests mutate them too).
 */
public final class Samples {
    static final String INSTITUTION = "H44010600001";
    static final String CENTRAL_REGION = "440000";
    static final String CARD_NO = "A1234567" + CardNumber.checkCharacter("A1234567");
    static final String ECODE = "EC440100" + "0123456789ABCDEF0123456789ABCDEF";
    static final String ETOKEN = "ET440100" + "00112233445566778899AABBCCDDEEFF00112233";
    static final String NEW_CARD_NO = "B7654321" + CardNumber.checkCharacter("B7654321");
    static final String CARD_SN = "440106D1560000050102030405060708";
    static final String NEW_CARD_SN = "440106D15600000511223344556677AA";
    /** The GB 11643 example number (valid check character X). */
    static final String CERTNO = "11010519491231002X";
    static final String MSGID = INSTITUTION + "20250314093015" + "0001";

    private Samples() {
    }

    public static RequestHeader header(String infno) {
        return new RequestHeader(infno, MSGID, "440106", "440100", "GDYB", "DEV-0001", null, null, "SM2", "V1.0",
                OpterType.STAFF, "C001", "王收费", "2025-03-14 09:30:15", INSTITUTION, "广州市第一人民医院",
                "9001".equals(infno) ? null : "SN202503140001");
    }

    public static ResponseHeader okHeader() {
        return new ResponseHeader(0, CENTRAL_REGION + "20250314093016" + "0000000042", "20250314093015120",
                "20250314093015180", null, null, "SM2", null);
    }

    static FeeUpload.FeeDetail fee(String sn, String pric, long cnt) {
        Money price = Money.parse(pric);
        return FeeUpload.FeeDetail.billed(sn, "MD0001", "P440100000001", "CB0001", "2025-03-14 09:20:00",
                "XA01AAA0001", "HIS-" + sn, price.times(cnt), cnt, price, "D01", "内科门诊", "D440106000001", "李医生");
    }

    static SettlementResult.SetlInfo setlinfo(String setlId) {
        // 300.00 total: 20.00 class C, 10.00 over cap, 5.00 pre-self-pay, 265.00 in scope; no deductible left,
        // 70 % of 265.00 = 185.50 pool; person part 114.50, all from the account.
        return new SettlementResult.SetlInfo("MD0001", setlId, null, "P440100000001", "张三", "01", CERTNO, Gender.MALE,
                null, "1949-12-31", new BigDecimal("75.2"), InsuType.EMPLOYEE, "1101", "0",
                setlId == null ? null : "2025-03-14 09:31:00", MdtrtCertType.SOCIAL_SECURITY_CARD, MedType.OUTPATIENT,
                Money.parse("300.00"), Money.parse("20.00"), Money.parse("10.00"), Money.parse("5.00"),
                Money.parse("265.00"), Money.ZERO, Money.parse("185.50"), Ratio.ofPercent(70), Money.ZERO, Money.ZERO,
                Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.parse("185.50"), Money.parse("114.50"),
                Money.parse("114.50"), Money.ZERO, Money.ZERO, Money.parse("885.50"), Money.ZERO, MSGID, "440100", "01",
                ClrType.OUTPATIENT);
    }

    /** Input and output per transaction, in the order of {@link Transaction#all()}. */
    public static Map<Transaction<?, ?>, Pair> all() {
        Map<Transaction<?, ?>, Pair> m = new LinkedHashMap<>();
        m.put(Transaction.SIGN_IN, new Pair(new SignIn.Input("C001", "00-1A-2B-3C-4D-5E", "10.1.2.3"),
                new SignIn.Output("2025-03-14 08:00:00", "SN202503140001")));
        m.put(Transaction.PERSON_INFO, new Pair(
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, CARD_NO, CARD_SN, "张三"),
                new PersonInfo.Output(new PersonInfo.BaseInfo("P440100000001", "01", CERTNO, "张三", Gender.MALE,
                        null, "1949-12-31", new BigDecimal("75.2"), null), List.of(new PersonInfo.InsuInfo(
                        Money.parse("1000.00"), InsuType.EMPLOYEE, "11", InsuStatus.NORMAL, null, null, "0", "440100",
                        null)), List.of())));
        m.put(Transaction.REGISTRATION, new Pair(new Registration.Input("P440100000001", InsuType.EMPLOYEE,
                "2025-03-14 09:10:00", MdtrtCertType.SOCIAL_SECURITY_CARD, CARD_NO, "MZ20250314001", "D440106000001", "李医生", "D01", "内科门诊", "A03"),
                new Registration.Output("MD0001", "P440100000001", "MZ20250314001")));
        m.put(Transaction.FEE_UPLOAD, new Pair(new FeeUpload.Input(List.of(fee("1", "12.30", 2), fee("2", "0.05", 7))),
                new FeeUpload.Output(List.of(new FeeUpload.FeeResult("1", Money.parse("24.60"), 2L,
                        Money.parse("12.30"), Money.parse("10.00"), Ratio.ofPercent(10), Money.ZERO,
                        Money.parse("4.60"), Money.parse("2.00"), Money.parse("18.00"), ChrgitmLv.CLASS_B,
                        MedChrgitmType.WESTERN_MEDICINE, Flag.NO)))));
        m.put(Transaction.FEE_WITHDRAW, new Pair(new FeeWithdraw.Input("MD0001", "CB0001", "P440100000001"),
                new FeeWithdraw.Output("MD0001", "CB0001", 2L)));
        m.put(Transaction.PRE_SETTLEMENT, new Pair(new PreSettlement.Input("P440100000001",
                MdtrtCertType.SOCIAL_SECURITY_CARD, CARD_NO, MedType.OUTPATIENT, Money.parse("300.00"),
                PsnSetlway.BY_ITEM, "MD0001", "CB0001", Flag.YES, InsuType.EMPLOYEE),
                new SettlementResult(setlinfo(null), List.of())));
        m.put(Transaction.SETTLEMENT, new Pair(new Settlement.Input("P440100000001",
                MdtrtCertType.SOCIAL_SECURITY_CARD, CARD_NO, MedType.OUTPATIENT, Money.parse("300.00"),
                PsnSetlway.BY_ITEM, "MD0001", "CB0001", Flag.YES, InsuType.EMPLOYEE, Money.parse("20.00"),
                Money.parse("10.00"), Money.parse("5.00"), Money.parse("265.00"), null),
                new SettlementResult(setlinfo("S0001"), List.of(new SettlementResult.SetlDetail("310100",
                        Money.parse("265.00"), null, Money.parse("185.50"), "职工基本医疗保险统筹基金", null)))));
        m.put(Transaction.SETTLEMENT_CANCEL, new Pair(new SettlementCancel.Input("S0001", "MD0001", "P440100000001"),
                new SettlementResult(setlinfo("S0002"), List.of())));
        m.put(Transaction.REVERSAL, new Pair(new Reversal.Input("P440100000001", MSGID, "2207"),
                new Reversal.Output(MSGID, "2207", Flag.YES)));
        m.put(Transaction.TOTAL_RECONCILIATION, new Pair(new TotalReconciliation.Input(InsuType.EMPLOYEE, ClrType.OUTPATIENT, "440100",
                "2025-03-01", "2025-03-31", Money.parse("12345.67"), Money.parse("8000.00"), Money.parse("1000.01"), 42L),
                new TotalReconciliation.Output("440100", StmtResult.BALANCED, "对账一致")));
        m.put(Transaction.DETAIL_RECONCILIATION, new Pair(new DetailReconciliation.Input("440100",
                "FQ202503140930150001", "2025-03-01", "2025-03-31", Money.parse("300.00"), Money.parse("185.50"),
                Money.ZERO, 1L), new DetailReconciliation.Output("FQ202503140931000002", "3202-FQ202503140931000002.zip",
                "2025-03-14 10:31:00")));
        m.put(Transaction.FILE_UPLOAD, new Pair(new FileTransfer.Upload(uploadFile(), "3202-20250301-20250331.zip",
                INSTITUTION), new FileTransfer.Uploaded("FQ202503140930150001", "3202-20250301-20250331.zip",
                INSTITUTION, "2025-03-14 10:30:15")));
        m.put(Transaction.FILE_DOWNLOAD, new Pair(new FileTransfer.Download("FQ202503140931000002",
                "3202-FQ202503140931000002.zip", INSTITUTION), new FileTransfer.Content(uploadFile())));
        m.put(Transaction.CATALOG_QUERY, new Pair(new CatalogQuery.Input("2025-01-01", 1L, 100L),
                new CatalogQuery.Output(1L, 100L, 1L, 1L, 1L, 1L, 1L, 1L, List.of(new CatalogQuery.Row("XA01AAA0001",
                        "阿莫西林胶囊", "440000", "2025-01-01", null, MedChrgitmType.WESTERN_MEDICINE,
                        ChrgitmLv.CLASS_B, Flag.NO, CatalogCodes.ListType.of("101"), Flag.YES, Flag.NO,
                        CatalogCodes.HilistUseType.of("1"), CatalogCodes.LmtCpndType.of("0"), null, "AMXLJN", null,
                        Flag.YES, "R1312-1", "2025-02-01", null, null, "2025-01-01", null, null, null, null, null,
                        null)))));
        m.put(Transaction.PRICE_CAP_QUERY, new Pair(new PriceCapQuery.Input("2025-01-01", 1L, 100L),
                new PriceCapQuery.Output(1L, 100L, 1L, 1L, 1L, 1L, 1L, 1L, List.of(new PriceCapQuery.Row(
                        "XA01AAA0001", CatalogCodes.LmtpricType.of("1"), CatalogCodes.OverlmtDspoWay.of("1"), "440000",
                        "2025-01-01", null, new java.math.BigDecimal("10.50"), Flag.YES, "R1318-1", "2025-02-01", null,
                        null, "2025-01-01", null, null, null, null, null, null, null)))));
        m.put(Transaction.SELFPAY_RATIO_QUERY, new Pair(new SelfpayRatioQuery.Input("2025-01-01", 1L, 100L),
                new SelfpayRatioQuery.Output(1L, 100L, 1L, 1L, 1L, 1L, 1L, 1L, List.of(new SelfpayRatioQuery.Row(
                        "XA01AAA0001", CatalogCodes.SelfpayPropPsnType.of("1"), CatalogCodes.SelfpayPropType.of("1"),
                        "440000", "2025-01-01", null, Ratio.ofPercent(10), Flag.YES, "R1319-1", "2025-02-01", null,
                        null, "2025-01-01", null, null, null, null, null, null, null)))));
        CardService.CardStatus status = new CardService.CardStatus(CARD_NO, CARD_SN, CardState.ACTIVE,
                "2025-03-14 09:00:00");
        m.put(Transaction.CARD_REGISTER, new Pair(new CardService.Register(CARD_NO, CARD_SN, CERTNO, "张三",
                Gender.MALE, "1949-12-31", "P440100000001", "2025-03-14", "2035-03-14", CardAlgorithm.SM4, "3.00"),
                status));
        m.put(Transaction.CARD_LOSS_REPORT, new Pair(new CardService.LossReport(CARD_NO, CERTNO, "遗失"), status));
        m.put(Transaction.CARD_LIFT_LOSS_REPORT, new Pair(new CardService.LiftLossReport(CARD_NO, CERTNO), status));
        CardService.ChangeCard change = new CardService.ChangeCard(CARD_NO, CERTNO, NEW_CARD_NO, NEW_CARD_SN,
                "2025-03-14", "2035-03-14", CardAlgorithm.TDES, null);
        CardService.CardChanged changed = new CardService.CardChanged(
                new CardService.CardStatus(CARD_NO, CARD_SN, CardState.CANCELLED, "2025-03-14 09:00:00"),
                new CardService.CardStatus(NEW_CARD_NO, NEW_CARD_SN, CardState.ISSUED, "2025-03-14 09:00:00"));
        m.put(Transaction.CARD_REISSUE, new Pair(change, changed));
        m.put(Transaction.CARD_REPLACE, new Pair(change, changed));
        m.put(Transaction.CARD_CANCEL, new Pair(new CardService.Cancel(CARD_NO, CERTNO, "参保终止"), status));
        m.put(Transaction.CARD_STATUS_QUERY, new Pair(new CardService.StatusQuery(CARD_NO, null), status));
        m.put(Transaction.BLACKLIST_DOWNLOAD, new Pair(new CardService.BlacklistQuery(0L, 1000L),
                new CardService.Blacklist(7L, Flag.NO, List.of(new CardService.BlacklistEntry(CARD_SN, CARD_NO,
                        CardState.LOST, 7L, "2025-03-14 09:00:00")))));
        m.put(Transaction.PIN_RESET_AUTH, new Pair(new CardService.PinResetRequest(CARD_NO, CARD_SN, CERTNO),
                new CardService.PinResetAuthorisation(CARD_NO, "PR0001", "2025-03-14 10:00:00")));
        m.put(Transaction.OFFLINE_DEBITS, new Pair(new CardService.OfflineDebits(List.of(new CardService.OfflineDebit(
                "0000000000A1", 17L, CARD_NO, CARD_SN, 3L, "2025-03-14 09:40:00", Money.parse("35.50"),
                Money.parse("964.50"), "1A2B3C4D"))),
                new CardService.OfflineDebitResults(List.of(new CardService.OfflineDebitRow("0000000000A1", 17L,
                        OfflineDebitResult.ACCEPTED, null)))));
        m.put(Transaction.CARD_SUSPEND, new Pair(new CardService.Suspend(CARD_NO, CERTNO, "持卡人申请暂停"),
                new CardService.CardStatus(CARD_NO, CARD_SN, CardState.SUSPENDED, "2025-03-14 09:00:00")));
        m.put(Transaction.CARD_RESUME, new Pair(new CardService.Resume(CARD_NO, CERTNO), status));
        m.put(Transaction.EVOUCHER_DECODE, new Pair(new EVoucher.Decode(ECODE), new EVoucher.Token(ETOKEN, "张三",
                CitizenId.mask(CERTNO), "440100", "2025-03-14 11:10:00")));
        return m;
    }

    /** A detail file of one settlement (3202 through 9101). */
    static byte[] uploadFile() {
        return DetailFiles.writeUpload("3202.txt", List.of(new DetailFiles.UploadRow("S0001", "MD0001", "P440100000001",
                Money.parse("300.00"), Money.parse("185.50"), Money.parse("114.50"), Flag.NO)));
    }

    public record Pair(TransactionInput input, TransactionOutput output) {
    }
}
