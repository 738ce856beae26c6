package org.sscard.centralsim;

import java.sql.Connection;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sscard.centralsim.policy.CatalogItem;
import org.sscard.centralsim.policy.InstitutionLevel;
import org.sscard.centralsim.policy.ItemSplit;
import org.sscard.centralsim.policy.PersonYear;
import org.sscard.centralsim.policy.SettlementOutcome;
import org.sscard.centralsim.policy.SettlementPolicy;
import org.sscard.centralsim.policy.StateDelta;
import org.sscard.centralsim.policy.Visit;
import org.sscard.protocol.CatalogQuery;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.DetailReconciliation;
import org.sscard.protocol.EVoucher;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.FeeWithdraw;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Flag;
import org.sscard.protocol.Gender;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.InsuStatus;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedChrgitmType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MsgId;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.PriceCapQuery;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.Registration;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.SelfpayRatioQuery;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementCancel;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.StmtDetailResult;
import org.sscard.protocol.StmtResult;
import org.sscard.protocol.TotalReconciliation;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * The settlement transactions (9001, 1101, 2201–2208, 2601, 3201, 3202, 1312/1318/1319 ({@link CatalogRecords}), and C201, the 医保码 decode), each run inside the
 * gateway's database transaction. A refusal is a {@link ProtocolException} (BUSINESS_RULE) whose message
 * becomes {@code err_msg}; the gateway rolls back whatever the handler wrote before it.
 */
final class Transactions {
    /** Level assumed for an institution that has none recorded (see enrol-code --level). */
    static final int DEFAULT_LEVEL = 2;

    private final CardRegistry cards;
    private final java.time.Duration signInValidity;

    Transactions(CardRegistry cards, java.time.Duration signInValidity) {
        this.cards = cards;
        this.signInValidity = signInValidity;
    }

    /** What a handler returns: the output and, for reversible effects, a reference to what it created. */
    record Handled(TransactionOutput output, String effect) {
    }

    /** The request's context inside the transaction. */
    record Ctx(Connection c, RequestHeader header, LocalDateTime now) {
        String nowText() {
            return Fields.DATE_TIME.format(now);
        }
    }

    static ProtocolException refuse(String message) {
        return new ProtocolException(InfCode.BUSINESS_RULE, message);
    }

    Handled handle(Ctx ctx, TransactionInput input) throws SQLException {
        String infno = ctx.header().infno();
        return switch (infno) {
            case "9001" -> signIn(ctx, (SignIn.Input) input);
            case "1101" -> new Handled(personInfo(ctx, (PersonInfo.Input) input), null);
            case "2201" -> register(ctx, (Registration.Input) input);
            case "2204" -> uploadFees(ctx, (FeeUpload.Input) input);
            case "2205" -> new Handled(withdrawFees(ctx, (FeeWithdraw.Input) input), null);
            case "2206" -> new Handled(preSettle(ctx, (PreSettlement.Input) input), null);
            case "2207" -> settle(ctx, (Settlement.Input) input);
            case "2208" -> cancel(ctx, (SettlementCancel.Input) input);
            case "2601" -> new Handled(reverse(ctx, (Reversal.Input) input), null);
            case "3201" -> new Handled(totalReconciliation(ctx, (TotalReconciliation.Input) input), null);
            case "3202" -> new Handled(detailReconciliation(ctx, (DetailReconciliation.Input) input), null);
            case "1312" -> new Handled(CatalogRecords.items(ctx.c(), (CatalogQuery.Input) input), null);
            case "1318" -> new Handled(CatalogRecords.caps(ctx.c(), (PriceCapQuery.Input) input), null);
            case "1319" -> new Handled(CatalogRecords.ratios(ctx.c(), (SelfpayRatioQuery.Input) input), null);
            case "9101" -> new Handled(StoredFiles.upload(ctx, (FileTransfer.Upload) input), null);
            case "9102" -> new Handled(StoredFiles.download(ctx, (FileTransfer.Download) input), null);
            case "C201" -> new Handled(EVouchers.decode(ctx, (EVoucher.Decode) input), null);
            default -> cards.handle(ctx, input);
        };
    }

    // ---- 9001

    private Handled signIn(Ctx ctx, SignIn.Input in) throws SQLException {
        String signNo = "SN" + Ids.stamp(ctx.now()) + Ids.digits(Database.next(ctx.c(), "sign_no") % 1_000_000, 6);
        Jdbc.update(ctx.c(), "INSERT INTO sign_in(sign_no, dev_no, fixmedins_code, opter_no, signed_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", signNo, ctx.header().devNo(), ctx.header().fixmedinsCode(), in.opterNo(),
                ctx.nowText(), Fields.DATE_TIME.format(ctx.now().plus(signInValidity)));
        return new Handled(new SignIn.Output(ctx.nowText(), signNo), signNo);
    }

    // ---- persons

    /** psn_cert_type 01 居民身份证: every demo person is known by a citizen ID number. */
    private static final String PSN_CERT_TYPE_ID_CARD = "01";
    /** cvlserv_flag 0: no demo person is a civil servant with the subsidy (DOMAIN §5 pays no cvlserv_pay). */
    private static final String CVLSERV_FLAG_NO = "0";
    /** clr_way 01 按项目: settled item by item. */
    private static final String CLR_WAY_BY_ITEM = "01";

    record Person(String psnNo, String certno, String name, String gend, String brdy, InsuType insutype,
            String psnType, String insuplc, String status, long balanceFen) {
    }

    static Optional<Person> person(Connection c, String column, String value) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM person WHERE " + column + " = ?", rs -> new Person(rs.getString("psn_no"),
                rs.getString("certno"), rs.getString("psn_name"), rs.getString("gend"), rs.getString("brdy"),
                InsuType.of(rs.getString("insutype")), rs.getString("psn_type"), rs.getString("insuplc_admdvs"),
                rs.getString("psn_insu_stas"), rs.getLong("balance_fen")), value);
    }

    private static Person personByNo(Ctx ctx, String psnNo) throws SQLException {
        return person(ctx.c(), "psn_no", psnNo).orElseThrow(() -> refuse("psn_no: no insured person " + psnNo));
    }

    private PersonInfo.Output personInfo(Ctx ctx, PersonInfo.Input in) throws SQLException {
        Person p;
        if (in.mdtrtCertType() == MdtrtCertType.SOCIAL_SECURITY_CARD) {
            CardRegistry.Card card = cards.usableCard(ctx, in.mdtrtCertNo(), in.cardSn());
            p = personByNo(ctx, card.psnNo());
        } else if (in.mdtrtCertType() == MdtrtCertType.ID_CARD) {
            p = person(ctx.c(), "certno", in.mdtrtCertNo())
                    .orElseThrow(() -> refuse("mdtrt_cert_no: no insured person with this ID number"));
        } else {
            p = personByNo(ctx, EVouchers.personOf(ctx, in.mdtrtCertNo()));
        }
        if (in.psnName() != null && !in.psnName().equals(p.name())) {
            throw refuse("psn_name: does not match the insured person's name");
        }
        BigDecimal age = age(p, ctx);
        return new PersonInfo.Output(
                new PersonInfo.BaseInfo(p.psnNo(), PSN_CERT_TYPE_ID_CARD, p.certno(), p.name(), Gender.of(p.gend()),
                        null, p.brdy(), age, null),
                List.of(new PersonInfo.InsuInfo(Money.ofFen(p.balanceFen()), p.insutype(), p.psnType(),
                        InsuStatus.of(p.status()), null, null, CVLSERV_FLAG_NO, p.insuplc(), null)), List.of());
    }

    /** N(4,1): years and the months since the last birthday as a tenth, rounded down (50 years 3 months = 50.2). */
    private static BigDecimal age(Person p, Ctx ctx) {
        Period lived = Period.between(LocalDate.parse(p.brdy()), ctx.now().toLocalDate());
        return BigDecimal.valueOf(lived.toTotalMonths()).divide(BigDecimal.valueOf(12), 1, RoundingMode.DOWN);
    }

    /**
     * The person behind a certificate in a visit transaction: the card must be theirs and usable, the e-voucher token
     * theirs, unexpired and issued to this institution.
     */
    private Person checkedPerson(Ctx ctx, String psnNo, MdtrtCertType type, String certNo) throws SQLException {
        Person p = personByNo(ctx, psnNo);
        if (type == MdtrtCertType.SOCIAL_SECURITY_CARD) {
            CardRegistry.Card card = cards.usableCard(ctx, certNo, null);
            if (!card.psnNo().equals(psnNo)) {
                throw refuse("mdtrt_cert_no: the card does not belong to psn_no " + psnNo);
            }
        } else if (type == MdtrtCertType.ID_CARD && !certNo.equals(p.certno())) {
            throw refuse("mdtrt_cert_no: the ID number does not belong to psn_no " + psnNo);
        } else if (type == MdtrtCertType.ELECTRONIC_CERTIFICATE && !EVouchers.personOf(ctx, certNo).equals(psnNo)) {
            throw refuse("mdtrt_cert_no: the e-voucher token does not stand for psn_no " + psnNo);
        }
        if (!InsuStatus.NORMAL.code().equals(p.status())) {
            throw refuse("psn_no: the person's insurance is not in force (psn_insu_stas " + p.status() + ")");
        }
        return p;
    }

    // ---- 2201

    private Handled register(Ctx ctx, Registration.Input in) throws SQLException {
        Person p = checkedPerson(ctx, in.psnNo(), in.mdtrtCertType(), in.mdtrtCertNo());
        if (!p.insutype().equals(in.insutype())) {
            throw refuse("insutype: the person is insured under " + p.insutype().code() + ", not " + in.insutype().code());
        }
        String mdtrtId = "MD" + Ids.day(ctx.now()) + Ids.digits(Database.next(ctx.c(), "mdtrt_id"), 8);
        Jdbc.update(ctx.c(), "INSERT INTO visit(mdtrt_id, psn_no, insutype, fixmedins_code, ipt_otp_no, begntime) "
                + "VALUES (?, ?, ?, ?, ?, ?)", mdtrtId, p.psnNo(), p.insutype().code(), ctx.header().fixmedinsCode(),
                in.iptOtpNo(), in.begntime());
        return new Handled(new Registration.Output(mdtrtId, p.psnNo(), in.iptOtpNo()), "visit:" + mdtrtId);
    }

    // ---- visits and fees

    record VisitRow(String mdtrtId, String psnNo, InsuType insutype, String fixmedinsCode, boolean cancelled) {
    }

    private static VisitRow visit(Ctx ctx, String mdtrtId, String psnNo) throws SQLException {
        VisitRow v = Jdbc.one(ctx.c(), "SELECT * FROM visit WHERE mdtrt_id = ?", rs -> new VisitRow(
                rs.getString("mdtrt_id"), rs.getString("psn_no"), InsuType.of(rs.getString("insutype")),
                rs.getString("fixmedins_code"), rs.getInt("cancelled") != 0), mdtrtId)
                .orElseThrow(() -> refuse("mdtrt_id: no visit " + mdtrtId + "; register it with 2201 first"));
        if (!v.fixmedinsCode().equals(ctx.header().fixmedinsCode())) {
            throw refuse("mdtrt_id: visit " + mdtrtId + " belongs to another institution");
        }
        if (!v.psnNo().equals(psnNo)) {
            throw refuse("psn_no: visit " + mdtrtId + " is not of person " + psnNo);
        }
        if (v.cancelled()) {
            throw refuse("mdtrt_id: visit " + mdtrtId + " was reversed");
        }
        return v;
    }

    private Handled uploadFees(Ctx ctx, FeeUpload.Input in) throws SQLException {
        FeeUpload.FeeDetail first = in.feedetail().get(0);
        visit(ctx, first.mdtrtId(), first.psnNo());
        requireUnsettled(ctx, first.mdtrtId(), first.chrgBchno());
        requireSettleableTotal(ctx, in);
        List<FeeUpload.FeeResult> results = new ArrayList<>();
        for (int i = 0; i < in.feedetail().size(); i++) {
            FeeUpload.FeeDetail d = in.feedetail().get(i);
            String path = "input.feedetail[" + i + "]";
            CatalogRow cat = catalogRow(ctx.c(), d.medListCodg())
                    .orElseThrow(() -> refuse(path + ".med_list_codg: not in the catalog"));
            if (Jdbc.one(ctx.c(), "SELECT 1 FROM fee WHERE mdtrt_id = ? AND chrg_bchno = ? AND feedetl_sn = ?",
                    rs -> 1, d.mdtrtId(), d.chrgBchno(), d.feedetlSn()).isPresent()) {
                throw refuse(path + ".feedetl_sn: already uploaded in this batch");
            }
            ItemSplit s = SettlementPolicy.split(new CatalogItem(d.medListCodg(), cat.lv(), d.pric().fen(),
                    cat.capFen(), cat.selfpayBp(), d.cnt()));
            Jdbc.update(ctx.c(), "INSERT INTO fee(mdtrt_id, chrg_bchno, feedetl_sn, med_list_codg, pric_fen, cnt, "
                    + "chrgitm_lv, price_cap_fen, selfpay_bp, upload_msgid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    d.mdtrtId(), d.chrgBchno(), d.feedetlSn(), d.medListCodg(), d.pric().fen(), d.cnt(),
                    cat.lv().code(), cat.capFen(), cat.selfpayBp(), ctx.header().msgid());
            results.add(new FeeUpload.FeeResult(d.feedetlSn(), d.detItemFeeSumamt(), d.cnt(), d.pric(),
                    cat.capFen() == null ? null : Money.ofFen(cat.capFen()), Ratio.ofBasisPoints(cat.selfpayBp()),
                    Money.ofFen(s.fulamtOwnpayFen()), Money.ofFen(s.overlmtFen()), Money.ofFen(s.preselfpayFen()),
                    Money.ofFen(s.inscpFen()), cat.lv(), feeCategory(d.medListCodg()),
                    Flag.of(cat.lmtUsedFlag())));
        }
        return new Handled(new FeeUpload.Output(results), "fees:" + ctx.header().msgid());
    }

    /**
     * {@code med_chrgitm_type} of a national catalog code by its first letter (X 西药, Z 中成药, T 中药饮片, C 耗材); a
     * service item's category is not in the code, so it is 14 其他费.
     */
    static MedChrgitmType feeCategory(String code) {
        return switch (code.charAt(0)) {
            case 'X' -> MedChrgitmType.WESTERN_MEDICINE;
            case 'Z' -> MedChrgitmType.CHINESE_PATENT_MEDICINE;
            case 'T' -> MedChrgitmType.HERBAL_PIECES;
            case 'C' -> MedChrgitmType.MATERIAL;
            default -> MedChrgitmType.OTHER;
        };
    }

    /** The batch's items with these must still fit one settlement's {@code medfee_sumamt}. */
    private static void requireSettleableTotal(Ctx ctx, FeeUpload.Input in) throws SQLException {
        FeeUpload.FeeDetail first = in.feedetail().get(0);
        long uploaded = Jdbc.one(ctx.c(), "SELECT COALESCE(SUM(pric_fen * cnt), 0) FROM fee WHERE mdtrt_id = ? "
                + "AND chrg_bchno = ? AND setl_id IS NULL", rs -> rs.getLong(1), first.mdtrtId(), first.chrgBchno())
                .orElse(0L);
        long total = uploaded;
        for (FeeUpload.FeeDetail d : in.feedetail()) {
            total = Math.addExact(total, d.detItemFeeSumamt().fen());
        }
        if (total > FeeUpload.MAX_BATCH_FEN) {
            throw refuse("chrg_bchno: batch " + first.chrgBchno() + " would total " + MoneyFormat.decimal(total)
                    + " with these items, more than one settlement can carry (at most "
                    + MoneyFormat.decimal(FeeUpload.MAX_BATCH_FEN) + "); put them in another batch");
        }
    }

    private static void requireUnsettled(Ctx ctx, String mdtrtId, String chrgBchno) throws SQLException {
        Optional<String> setl = Jdbc.one(ctx.c(), "SELECT setl_id FROM fee WHERE mdtrt_id = ? AND chrg_bchno = ? "
                + "AND setl_id IS NOT NULL LIMIT 1", rs -> rs.getString(1), mdtrtId, chrgBchno);
        if (setl.isPresent()) {
            throw refuse("chrg_bchno: batch " + chrgBchno + " is already settled as setl_id " + setl.get()
                    + "; cancel it (2208) first");
        }
    }

    private FeeWithdraw.Output withdrawFees(Ctx ctx, FeeWithdraw.Input in) throws SQLException {
        visit(ctx, in.mdtrtId(), in.psnNo());
        requireUnsettled(ctx, in.mdtrtId(), in.chrgBchno());
        int n = Jdbc.update(ctx.c(), "DELETE FROM fee WHERE mdtrt_id = ? AND chrg_bchno = ?", in.mdtrtId(), in.chrgBchno());
        return new FeeWithdraw.Output(in.mdtrtId(), in.chrgBchno(), (long) n);
    }

    // ---- catalog

    record CatalogRow(String code, String name, ChrgitmLv lv, Long capFen, int selfpayBp, String lmtUsedFlag,
            String updtTime) {
    }

    static final Jdbc.Row<CatalogRow> CATALOG_ROW = rs -> new CatalogRow(rs.getString("hilist_code"),
            rs.getString("hilist_name"), ChrgitmLv.of(rs.getString("chrgitm_lv")), Jdbc.optionalLong(rs, "price_cap_fen"),
            rs.getInt("selfpay_bp"), rs.getString("lmt_used_flag"), rs.getString("updt_time"));

    static Optional<CatalogRow> catalogRow(Connection c, String code) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM catalog WHERE hilist_code = ?", CATALOG_ROW, code);
    }

    // ---- 2206 / 2207

    private record Computed(VisitRow visit, Person person, int year, PersonYear before, SettlementOutcome outcome) {
    }

    private static List<CatalogItem> batchItems(Ctx ctx, String mdtrtId, String chrgBchno, String setlId)
            throws SQLException {
        return Jdbc.list(ctx.c(), "SELECT * FROM fee WHERE mdtrt_id = ? AND chrg_bchno = ? AND setl_id IS ? "
                + "ORDER BY feedetl_sn", rs -> new CatalogItem(rs.getString("med_list_codg"),
                ChrgitmLv.of(rs.getString("chrgitm_lv")), rs.getLong("pric_fen"), Jdbc.optionalLong(rs, "price_cap_fen"),
                rs.getInt("selfpay_bp"), rs.getLong("cnt")), mdtrtId, chrgBchno, setlId);
    }

    private Computed compute(Ctx ctx, PreSettlement.Input in) throws SQLException {
        Person p = checkedPerson(ctx, in.psnNo(), in.mdtrtCertType(), in.mdtrtCertNo());
        VisitRow v = visit(ctx, in.mdtrtId(), in.psnNo());
        if (!v.insutype().equals(in.insutype())) {
            throw refuse("insutype: the visit was registered under " + v.insutype().code());
        }
        if (!MedType.settled().contains(in.medType())) {
            throw refuse("med_type: " + in.medType().code() + " (" + in.medType().label()
                    + ") is not settled by this central service; it settles "
                    + MedType.settled().stream().map(MedType::code).toList());
        }
        requireUnsettled(ctx, in.mdtrtId(), in.chrgBchno());
        List<CatalogItem> items = batchItems(ctx, in.mdtrtId(), in.chrgBchno(), null);
        if (items.isEmpty()) {
            throw refuse("chrg_bchno: no fee details uploaded for batch " + in.chrgBchno() + " of visit " + in.mdtrtId());
        }
        long total = 0;
        for (CatalogItem i : items) {
            total = Math.addExact(total, i.amountFen());
        }
        if (total != in.medfeeSumamt().fen()) {
            throw refuse("medfee_sumamt: " + in.medfeeSumamt() + " differs from the uploaded items' total "
                    + Money.ofFen(total));
        }
        int year = ctx.now().getYear();
        PersonYear before = personYear(ctx.c(), p, year);
        InstitutionLevel level = InstitutionLevel.of(institutionLevel(ctx.c(), ctx.header().fixmedinsCode()));
        SettlementOutcome outcome = SettlementPolicy.settle(
                new Visit(in.insutype(), level, in.medType(), items, in.acctUsedFlag() == Flag.YES), before);
        return new Computed(v, p, year, before, outcome);
    }

    static int institutionLevel(Connection c, String fixmedinsCode) throws SQLException {
        return Jdbc.one(c, "SELECT level FROM institution WHERE fixmedins_code = ?", rs -> rs.getInt(1), fixmedinsCode)
                .orElse(DEFAULT_LEVEL);
    }

    private static PersonYear personYear(Connection c, Person p, int year) throws SQLException {
        return Jdbc.one(c, "SELECT deductible_fen, pool_paid_fen FROM person_year WHERE psn_no = ? AND year = ?",
                rs -> new PersonYear(rs.getLong(1), rs.getLong(2), p.balanceFen()), p.psnNo(), year)
                .orElse(new PersonYear(0, 0, p.balanceFen()));
    }

    private SettlementResult preSettle(Ctx ctx, PreSettlement.Input in) throws SQLException {
        Computed c = compute(ctx, in);
        return result(ctx, null, null, in.mdtrtId(), c.person(), in.mdtrtCertType(), in.insutype(), in.medType(), null,
                c.outcome(), c.before().accountBalanceFen() - c.outcome().acctPayFen());
    }

    private Handled settle(Ctx ctx, Settlement.Input in) throws SQLException {
        Computed c = compute(ctx, in.asPreSettlement());
        SettlementOutcome o = c.outcome();
        requireSame("fulamt_ownpay_amt", in.fulamtOwnpayAmt(), o.fulamtOwnpayFen());
        requireSame("overlmt_selfpay", in.overlmtSelfpay(), o.overlmtSelfpayFen());
        requireSame("preselfpay_amt", in.preselfpayAmt(), o.preselfpayFen());
        requireSame("inscp_scp_amt", in.inscpScpAmt(), o.inscpScpFen());
        String setlId = newSetlId(ctx);
        long balance = applyDelta(ctx.c(), c.person().psnNo(), c.year(), o.delta());
        insertSettlement(ctx, setlId, null, in.mdtrtId(), in.chrgBchno(), in.psnNo(), in.insutype(), in.medType(),
                c.year(), o, balance);
        Jdbc.update(ctx.c(), "UPDATE fee SET setl_id = ? WHERE mdtrt_id = ? AND chrg_bchno = ? AND setl_id IS NULL",
                setlId, in.mdtrtId(), in.chrgBchno());
        return new Handled(result(ctx, setlId, null, in.mdtrtId(), c.person(), in.mdtrtCertType(), in.insutype(),
                in.medType(), ctx.nowText(), o, balance), "settlement:" + setlId);
    }

    private static void requireSame(String field, Money sent, long computedFen) {
        if (sent.fen() != computedFen) {
            throw refuse(field + ": " + sent + " differs from the central computation " + Money.ofFen(computedFen)
                    + "; run 2206 again and settle the amounts it shows");
        }
    }

    private static String newSetlId(Ctx ctx) throws SQLException {
        return "ST" + Ids.day(ctx.now()) + Ids.digits(Database.next(ctx.c(), "setl_id"), 8);
    }

    /** Applies a state delta to the person's year and account; returns the new account balance. */
    static long applyDelta(Connection c, String psnNo, int year, StateDelta d) throws SQLException {
        Jdbc.update(c, "INSERT INTO person_year(psn_no, year, deductible_fen, pool_paid_fen) VALUES (?, ?, 0, 0) "
                + "ON CONFLICT(psn_no, year) DO NOTHING", psnNo, year);
        Jdbc.update(c, "UPDATE person_year SET deductible_fen = deductible_fen + ?, pool_paid_fen = pool_paid_fen + ? "
                + "WHERE psn_no = ? AND year = ?", d.deductibleConsumedFen(), d.poolPaidFen(), psnNo, year);
        Jdbc.update(c, "UPDATE person SET balance_fen = balance_fen + ? WHERE psn_no = ?", d.accountBalanceFen(), psnNo);
        return Jdbc.one(c, "SELECT balance_fen FROM person WHERE psn_no = ?", rs -> rs.getLong(1), psnNo).orElseThrow();
    }

    private static void insertSettlement(Ctx ctx, String setlId, String origSetlId, String mdtrtId, String chrgBchno,
            String psnNo, InsuType insutype, MedType medType, int year, SettlementOutcome o, long balance)
            throws SQLException {
        Jdbc.update(ctx.c(), "INSERT INTO settlement(setl_id, msgid, orig_setl_id, mdtrt_id, chrg_bchno, psn_no, "
                + "fixmedins_code, insutype, med_type, year, setl_time, medfee_fen, fulamt_fen, overlmt_fen, "
                + "preselfpay_fen, inscp_fen, dedc_fen, hifp_fen, pool_self_fen, fund_fen, psn_part_fen, acct_fen, "
                + "cash_fen, balc_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                setlId, ctx.header().msgid(), origSetlId, mdtrtId, chrgBchno, psnNo, ctx.header().fixmedinsCode(),
                insutype.code(), medType.code(), year, ctx.nowText(), o.medfeeSumamtFen(), o.fulamtOwnpayFen(),
                o.overlmtSelfpayFen(), o.preselfpayFen(), o.inscpScpFen(), o.actPayDedcFen(), o.hifpPayFen(),
                o.poolPropSelfpayFen(), o.fundPaySumamtFen(), o.psnPartAmtFen(), o.acctPayFen(), o.psnCashPayFen(),
                balance);
    }

    /**
     * The answer of 2206/2207/2208 with every member of setlinfo: the funds DOMAIN §5 does not pay are zero, the
     * ratio is the institution level's pool ratio (zero for a pharmacy sale, which the pool does not pay),
     * {@code medins_setl_id} the sender's msgid, cleared by this region item by item ({@code clr_way} 01).
     */
    private static SettlementResult result(Ctx ctx, String setlId, String origSetlId, String mdtrtId, Person p,
            MdtrtCertType certType, InsuType insutype, MedType medType, String setlTime, SettlementOutcome o,
            long balance) throws SQLException {
        Ratio poolRatio = medType == MedType.PHARMACY ? Ratio.ZERO : Ratio.ofBasisPoints(
                InstitutionLevel.of(institutionLevel(ctx.c(), ctx.header().fixmedinsCode())).poolRatioBasisPoints());
        SettlementResult.SetlInfo info = new SettlementResult.SetlInfo(mdtrtId, setlId, origSetlId, p.psnNo(),
                p.name(), PSN_CERT_TYPE_ID_CARD, p.certno(), Gender.of(p.gend()), null, p.brdy(), age(p, ctx), insutype,
                p.psnType(), CVLSERV_FLAG_NO, setlTime, certType, medType, m(o.medfeeSumamtFen()),
                m(o.fulamtOwnpayFen()), m(o.overlmtSelfpayFen()), m(o.preselfpayFen()), m(o.inscpScpFen()),
                m(o.actPayDedcFen()), m(o.hifpPayFen()), poolRatio, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
                Money.ZERO, Money.ZERO, m(o.fundPaySumamtFen()), m(o.psnPartAmtFen()), m(o.acctPayFen()),
                m(o.psnCashPayFen()), Money.ZERO, m(balance), Money.ZERO, ctx.header().msgid(), p.insuplc(),
                CLR_WAY_BY_ITEM, ClrType.of(medType));
        List<SettlementResult.SetlDetail> detail = new ArrayList<>();
        if (o.hifpPayFen() != 0) {
            boolean employee = insutype == InsuType.EMPLOYEE;
            detail.add(new SettlementResult.SetlDetail(employee ? "310100" : "390100", m(o.inscpScpFen()), null,
                    m(o.hifpPayFen()), employee ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险统筹基金", null));
        }
        return new SettlementResult(info, detail);
    }

    private static Money m(long fen) {
        return Money.ofFen(fen);
    }

    // ---- 2208 and 2601

    record StoredSettlement(String setlId, String msgid, String origSetlId, String cancelledBy, boolean reversed,
            String mdtrtId, String chrgBchno, String psnNo, String fixmedinsCode, InsuType insutype, MedType medType,
            int year, String setlTime, long medfee, long fulamt, long overlmt, long preselfpay, long inscp, long dedc,
            long hifp, long poolSelf, long fund, long psnPart, long acct, long cash, long balc) {
    }

    static final Jdbc.Row<StoredSettlement> SETTLEMENT_ROW = rs -> new StoredSettlement(rs.getString("setl_id"),
            rs.getString("msgid"), rs.getString("orig_setl_id"), rs.getString("cancelled_by"), rs.getInt("reversed") != 0,
            rs.getString("mdtrt_id"), rs.getString("chrg_bchno"), rs.getString("psn_no"), rs.getString("fixmedins_code"),
            InsuType.of(rs.getString("insutype")), MedType.of(rs.getString("med_type")), rs.getInt("year"),
            rs.getString("setl_time"), rs.getLong("medfee_fen"), rs.getLong("fulamt_fen"), rs.getLong("overlmt_fen"),
            rs.getLong("preselfpay_fen"), rs.getLong("inscp_fen"), rs.getLong("dedc_fen"), rs.getLong("hifp_fen"),
            rs.getLong("pool_self_fen"), rs.getLong("fund_fen"), rs.getLong("psn_part_fen"), rs.getLong("acct_fen"),
            rs.getLong("cash_fen"), rs.getLong("balc_fen"));

    /** The stored settlement rebuilt as a policy outcome (identities re-checked); never recomputed. */
    private static SettlementOutcome storedOutcome(Ctx ctx, StoredSettlement s) throws SQLException {
        List<ItemSplit> splits = new ArrayList<>();
        for (CatalogItem item : batchItems(ctx, s.mdtrtId(), s.chrgBchno(), s.setlId())) {
            splits.add(SettlementPolicy.split(item));
        }
        return new SettlementOutcome(splits, s.medfee(), s.fulamt(), s.overlmt(), s.preselfpay(), s.inscp(), s.dedc(),
                s.hifp(), s.poolSelf(), s.fund(), s.psnPart(), s.acct(), s.cash(),
                new StateDelta(s.dedc(), s.hifp(), -s.acct()));
    }

    private Handled cancel(Ctx ctx, SettlementCancel.Input in) throws SQLException {
        StoredSettlement s = Jdbc.one(ctx.c(), "SELECT * FROM settlement WHERE setl_id = ?", SETTLEMENT_ROW, in.setlId())
                .orElseThrow(() -> refuse("setl_id: no settlement " + in.setlId()));
        if (!s.fixmedinsCode().equals(ctx.header().fixmedinsCode())) {
            throw refuse("setl_id: settlement " + in.setlId() + " belongs to another institution; only a station of "
                    + "the institution that settled it may cancel it (2208). Nothing was changed");
        }
        if (s.origSetlId() != null) {
            throw refuse("setl_id: " + in.setlId() + " is itself a cancel and cannot be cancelled");
        }
        if (!s.mdtrtId().equals(in.mdtrtId()) || !s.psnNo().equals(in.psnNo())) {
            throw refuse("setl_id: settlement " + in.setlId() + " is not of this mdtrt_id and psn_no");
        }
        if (s.cancelledBy() != null) {
            throw refuse("setl_id: settlement " + in.setlId() + " is already cancelled by " + s.cancelledBy());
        }
        if (s.reversed()) {
            throw refuse("setl_id: settlement " + in.setlId() + " was reversed (2601); nothing to cancel");
        }
        SettlementOutcome reversing = storedOutcome(ctx, s).negate();
        String setlId = newSetlId(ctx);
        long balance = applyDelta(ctx.c(), s.psnNo(), s.year(), reversing.delta());
        insertSettlement(ctx, setlId, s.setlId(), s.mdtrtId(), s.chrgBchno(), s.psnNo(), s.insutype(), s.medType(),
                s.year(), reversing, balance);
        Jdbc.update(ctx.c(), "UPDATE settlement SET cancelled_by = ? WHERE setl_id = ?", setlId, s.setlId());
        Jdbc.update(ctx.c(), "UPDATE fee SET setl_id = NULL WHERE setl_id = ?", s.setlId());
        return new Handled(result(ctx, setlId, s.setlId(), s.mdtrtId(), personByNo(ctx, s.psnNo()), null, s.insutype(),
                s.medType(), ctx.nowText(), reversing, balance), null);
    }

    /**
     * 2601 is bound to its sender: only the device (dev_no) that sent the original may reverse it, and only for the
     * person the original was about. A reversal of a message that has not arrived binds only that device's message:
     * another device's 2601 cannot stop it.
     */
    private Reversal.Output reverse(Ctx ctx, Reversal.Input in) throws SQLException {
        if (!MsgId.parse(in.omsgid(), "input.omsgid").institutionCode().equals(ctx.header().fixmedinsCode())) {
            throw refuse("omsgid: a reversal must come from the institution that sent the original message");
        }
        String devNo = ctx.header().devNo();
        record Original(String infno, String devNo, String psnNo, String effect) {
        }
        Optional<Original> original = Jdbc.one(ctx.c(), "SELECT infno, dev_no, psn_no, effect FROM message WHERE msgid = ?",
                rs -> new Original(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), in.omsgid());
        if (original.isPresent()) {
            if (!original.get().devNo().equals(devNo)) {
                throw refuse("omsgid: message " + in.omsgid() + " was sent by another device; only the device that "
                        + "sent it may reverse it (2601). Nothing was changed");
            }
            if (original.get().psnNo() != null && !original.get().psnNo().equals(in.psnNo())) {
                throw refuse("psn_no: must be the person of message " + in.omsgid() + " (psn_no of the original); "
                        + "nothing was changed");
            }
        }
        Optional<String> earlier = Jdbc.one(ctx.c(), "SELECT took_effect FROM reversal WHERE omsgid = ? AND dev_no = ?",
                rs -> rs.getString(1), in.omsgid(), devNo);
        if (earlier.isPresent()) {
            return new Reversal.Output(in.omsgid(), in.oinfno(), Flag.of(earlier.get()));
        }
        if (original.isPresent() && !original.get().infno().equals(in.oinfno())) {
            throw refuse("oinfno: message " + in.omsgid() + " was a " + original.get().infno() + ", not " + in.oinfno());
        }
        boolean tookEffect = original.isPresent() && original.get().effect() != null;
        if (tookEffect) {
            undo(ctx, original.get().effect());
        } else if (original.isEmpty() && !Reversible.CODES.contains(in.oinfno())
                && !Reversible.NO_EFFECT_CODES.contains(in.oinfno())) {
            throw refuse("oinfno: " + in.oinfno() + " cannot be reversed by 2601");
        }
        Jdbc.update(ctx.c(), "INSERT INTO reversal(omsgid, dev_no, oinfno, took_effect, reversal_msgid) "
                + "VALUES (?, ?, ?, ?, ?)", in.omsgid(), devNo, in.oinfno(), tookEffect ? Flag.YES.code() : Flag.NO.code(),
                ctx.header().msgid());
        return new Reversal.Output(in.omsgid(), in.oinfno(), tookEffect ? Flag.YES : Flag.NO);
    }

    /** The person a message is about ({@code psn_no} of its input), or null for messages about no person. */
    static String personOf(TransactionInput input) {
        if (input instanceof Registration.Input r) {
            return r.psnNo();
        }
        if (input instanceof FeeUpload.Input f) {
            return f.feedetail().get(0).psnNo();
        }
        if (input instanceof FeeWithdraw.Input w) {
            return w.psnNo();
        }
        if (input instanceof PreSettlement.Input p) {
            return p.psnNo();
        }
        if (input instanceof Settlement.Input s) {
            return s.psnNo();
        }
        if (input instanceof SettlementCancel.Input c) {
            return c.psnNo();
        }
        if (input instanceof Reversal.Input r) {
            return r.psnNo();
        }
        return null;
    }

    /** Which transactions 2601 can undo, and which have no effect to undo. */
    static final class Reversible {
        static final java.util.Set<String> CODES = java.util.Set.of("2201", "2204", "2207");
        static final java.util.Set<String> NO_EFFECT_CODES =
                java.util.Set.of("9001", "1101", "2206", "3201", "3202", "1312", "1318", "1319", "C107",
                        "C108");

        private Reversible() {
        }
    }

    private void undo(Ctx ctx, String effect) throws SQLException {
        String kind = effect.substring(0, effect.indexOf(':'));
        String ref = effect.substring(effect.indexOf(':') + 1);
        switch (kind) {
            case "settlement" -> {
                StoredSettlement s = Jdbc.one(ctx.c(), "SELECT * FROM settlement WHERE setl_id = ?", SETTLEMENT_ROW, ref)
                        .orElseThrow();
                if (s.cancelledBy() != null) {
                    throw refuse("omsgid: its settlement " + ref + " was already cancelled by " + s.cancelledBy()
                            + " (2208); nothing left to reverse");
                }
                StateDelta restore = storedOutcome(ctx, s).negate().delta();
                applyDelta(ctx.c(), s.psnNo(), s.year(), restore);
                Jdbc.update(ctx.c(), "UPDATE settlement SET reversed = 1 WHERE setl_id = ?", ref);
                Jdbc.update(ctx.c(), "UPDATE fee SET setl_id = NULL WHERE setl_id = ?", ref);
            }
            case "fees" -> {
                if (Jdbc.one(ctx.c(), "SELECT 1 FROM fee WHERE upload_msgid = ? AND setl_id IS NOT NULL", rs -> 1, ref)
                        .isPresent()) {
                    throw refuse("omsgid: the fee details it uploaded are settled; cancel the settlement (2208) first");
                }
                Jdbc.update(ctx.c(), "DELETE FROM fee WHERE upload_msgid = ?", ref);
            }
            case "visit" -> {
                if (Jdbc.one(ctx.c(), "SELECT 1 FROM fee WHERE mdtrt_id = ?", rs -> 1, ref).isPresent()) {
                    throw refuse("omsgid: visit " + ref + " has fee details; withdraw them (2205) first");
                }
                Jdbc.update(ctx.c(), "UPDATE visit SET cancelled = 1 WHERE mdtrt_id = ?", ref);
            }
            default -> throw refuse("oinfno: this transaction cannot be reversed by 2601");
        }
    }

    // ---- 3201 / 3202

    private static boolean inPeriod(StoredSettlement s, String begin, String end) {
        String day = s.setlTime().substring(0, 10);
        return day.compareTo(begin) >= 0 && day.compareTo(end) <= 0;
    }

    private static List<StoredSettlement> settlements(Ctx ctx, String begin, String end) throws SQLException {
        List<StoredSettlement> all = Jdbc.list(ctx.c(), "SELECT * FROM settlement WHERE fixmedins_code = ? "
                + "AND reversed = 0 AND setl_time >= ? AND setl_time < ? ORDER BY setl_time, setl_id", SETTLEMENT_ROW,
                ctx.header().fixmedinsCode(), begin, LocalDate.parse(end).plusDays(1).toString());
        return all.stream().filter(s -> inPeriod(s, begin, end)).toList();
    }

    private TotalReconciliation.Output totalReconciliation(Ctx ctx, TotalReconciliation.Input in) throws SQLException {
        long medfee = 0;
        long fund = 0;
        long acct = 0;
        long count = 0;
        for (StoredSettlement s : settlements(ctx, in.stmtBegndate(), in.stmtEnddate())) {
            if (!s.insutype().equals(in.insutype()) || !ClrType.of(s.medType()).equals(in.clrType())) {
                continue;
            }
            medfee += s.medfee();
            fund += s.fund();
            acct += s.acct();
            count++;
        }
        long debits = 0;
        for (CardRegistry.BookedDebit d : CardRegistry.bookedDebits(ctx.c(), ctx.header().fixmedinsCode(),
                in.stmtBegndate(), in.stmtEnddate())) {
            if (d.insutype().equals(in.insutype()) && ClrType.PHARMACY.equals(in.clrType())) {
                medfee += d.amtFen();
                acct += d.amtFen();
                debits++;
            }
        }
        count += debits;
        List<String> differences = new ArrayList<>();
        compare(differences, "medfee_sumamt", in.medfeeSumamt().fen(), medfee);
        compare(differences, "fund_pay_sumamt", in.fundPaySumamt().fen(), fund);
        compare(differences, "acct_pay", in.acctPay().fen(), acct);
        if (in.fixmedinsSetlCnt() != count) {
            differences.add("fixmedins_setl_cnt: institution " + in.fixmedinsSetlCnt() + ", central " + count);
        }
        if (differences.isEmpty()) {
            return new TotalReconciliation.Output(in.setlOptins(), StmtResult.BALANCED,
                    "balanced: " + (count - debits) + " settlements and cancels, " + debits + " offline debits, "
                            + "medfee_sumamt " + Money.ofFen(medfee));
        }
        return new TotalReconciliation.Output(in.setlOptins(), StmtResult.NOT_BALANCED, notBalanced(differences));
    }

    /**
     * The differences as {@code stmt_rslt_dscr} (C(200)): as many whole differences as fit, then "…"; the rest shows
     * in detail reconciliation (3202).
     */
    static String notBalanced(List<String> differences) {
        StringBuilder text = new StringBuilder("not balanced: ");
        for (int i = 0; i < differences.size(); i++) {
            String next = (i == 0 ? "" : "; ") + differences.get(i);
            if (text.length() + next.length() > TotalReconciliation.Output.DSCR_MAX - 2) {
                return text.append(" …").toString();
            }
            text.append(next);
        }
        return text.toString();
    }

    private static void compare(List<String> out, String field, long institution, long central) {
        if (institution != central) {
            out.add(field + ": institution " + Money.ofFen(institution) + ", central " + Money.ofFen(central));
        }
    }

    /**
     * 3202: the uploaded detail file's rows (9101, {@code file_qury_no}) against the central's original settlements
     * and accepted offline debits of the period, in the file's order, then what only the central has; the result goes
     * into a result file for 9102. The request's totals must be the file's.
     */
    private DetailReconciliation.Output detailReconciliation(Ctx ctx, DetailReconciliation.Input in)
            throws SQLException {
        List<DetailFiles.UploadRow> uploaded = DetailFiles.readUpload(StoredFiles.find(ctx, StoredFiles.Kind.UPLOAD,
                in.fileQuryNo(), null, "upload the detail file (9101) again and send 3202 with its file_qury_no")
                .content());
        requireTotalsOf(in, uploaded);
        java.util.Map<String, StoredSettlement> central = new java.util.LinkedHashMap<>();
        for (StoredSettlement s : settlements(ctx, in.stmtBegndate(), in.stmtEnddate())) {
            if (s.origSetlId() == null) {
                central.put(s.setlId(), s);
            }
        }
        java.util.Map<String, CardRegistry.BookedDebit> debits = new java.util.LinkedHashMap<>();
        for (CardRegistry.BookedDebit d : CardRegistry.bookedDebits(ctx.c(), ctx.header().fixmedinsCode(),
                in.stmtBegndate(), in.stmtEnddate())) {
            debits.put(d.id(), d);
        }
        List<DetailFiles.ResultRow> rows = new ArrayList<>();
        for (DetailFiles.UploadRow d : uploaded) {
            CardRegistry.BookedDebit debit = debits.remove(d.setlId());
            if (debit != null) {
                rows.add(debitRow(d, debit));
                continue;
            }
            StoredSettlement s = central.remove(d.setlId());
            if (s == null) {
                rows.add(new DetailFiles.ResultRow(d.psnNo(), d.mdtrtId(), d.setlId(), null,
                        StmtDetailResult.ONLY_AT_INSTITUTION, d.refdSetlFlag(),
                        "no settlement " + d.setlId() + " at the central service in this period", d.medfeeSumamt(),
                        d.fundPaySumamt(), d.acctPay()));
                continue;
            }
            List<String> diff = new ArrayList<>();
            compare(diff, "medfee_sumamt", d.medfeeSumamt().fen(), s.medfee());
            compare(diff, "fund_pay_sumamt", d.fundPaySumamt().fen(), s.fund());
            compare(diff, "acct_pay", d.acctPay().fen(), s.acct());
            boolean cancelledHere = s.cancelledBy() != null;
            if (cancelledHere != (d.refdSetlFlag() == Flag.YES)) {
                diff.add(cancelledHere ? "cancelled at the central service (" + s.cancelledBy() + "), not at the institution"
                        : "cancelled at the institution, not at the central service");
            }
            rows.add(centralRow(s, diff.isEmpty() ? StmtDetailResult.MATCHED : StmtDetailResult.AMOUNTS_DIFFER,
                    memo(diff)));
        }
        for (StoredSettlement s : central.values()) {
            rows.add(centralRow(s, StmtDetailResult.ONLY_AT_CENTRAL,
                    "medfee_sumamt " + Money.ofFen(s.medfee()) + (s.cancelledBy() != null ? ", cancelled" : "")));
        }
        for (CardRegistry.BookedDebit d : debits.values()) {
            rows.add(new DetailFiles.ResultRow(d.psnNo(), d.id(), d.id(), d.msgid(), StmtDetailResult.ONLY_AT_CENTRAL,
                    Flag.NO, "offline debit of " + d.txnTime() + ", acct_pay " + Money.ofFen(d.amtFen()),
                    Money.ofFen(d.amtFen()), Money.ZERO, Money.ofFen(d.amtFen())));
        }
        String name = "3202-result-" + in.fileQuryNo();
        StoredFiles.Stored result = StoredFiles.store(ctx, StoredFiles.Kind.RESULT, name + ".zip",
                DetailFiles.writeResult(name + ".txt", rows));
        return new DetailReconciliation.Output(result.fileQuryNo(), result.filename(), result.dldEndtime());
    }

    /** Refuses a 3202 whose totals are not those of its detail file: the file is not the one the station meant. */
    private static void requireTotalsOf(DetailReconciliation.Input in, List<DetailFiles.UploadRow> rows) {
        long medfee = 0;
        long fund = 0;
        long cash = 0;
        for (DetailFiles.UploadRow r : rows) {
            medfee += r.medfeeSumamt().fen();
            fund += r.fundPaySumamt().fen();
            cash += r.medfeeSumamt().fen() - r.fundPaySumamt().fen() - r.acctPay().fen();
        }
        List<String> diff = new ArrayList<>();
        if (in.fixmedinsSetlCnt() != rows.size()) {
            diff.add("fixmedins_setl_cnt " + in.fixmedinsSetlCnt() + ", the file has " + rows.size() + " rows");
        }
        declared(diff, "medfee_sumamt", in.medfeeSumamt(), medfee);
        declared(diff, "fund_pay_sumamt", in.fundPaySumamt(), fund);
        declared(diff, "cash_payamt", in.cashPayamt(), cash);
        if (!diff.isEmpty()) {
            throw new ProtocolException(InfCode.VALIDATION, "input.data: not the totals of detail file "
                    + in.fileQuryNo() + " (" + String.join("; ", diff) + "); send the totals of the file uploaded");
        }
    }

    private static void declared(List<String> out, String field, Money declared, long inFile) {
        if (declared.fen() != inFile) {
            out.add(field + " " + declared + ", the file's " + Money.ofFen(inFile));
        }
    }

    /** A row of the result for a settlement the central has: its own ids, state and amounts. */
    private static DetailFiles.ResultRow centralRow(StoredSettlement s, StmtDetailResult result, String memo) {
        return new DetailFiles.ResultRow(s.psnNo(), s.mdtrtId(), s.setlId(), s.msgid(), result,
                s.cancelledBy() != null ? Flag.YES : Flag.NO, memo, Money.ofFen(s.medfee()), Money.ofFen(s.fund()),
                Money.ofFen(s.acct()));
    }

    /** The differences of one row as its memo: null when none, cut at 200 characters. */
    private static String memo(List<String> diff) {
        String memo = String.join("; ", diff);
        return diff.isEmpty() ? null : memo.length() > 200 ? memo.substring(0, 200) : memo;
    }

    /** An institution's row for an accepted offline debit: a personal-account payment that cannot be cancelled. */
    private static DetailFiles.ResultRow debitRow(DetailFiles.UploadRow d, CardRegistry.BookedDebit debit) {
        List<String> diff = new ArrayList<>();
        compare(diff, "medfee_sumamt", d.medfeeSumamt().fen(), debit.amtFen());
        compare(diff, "fund_pay_sumamt", d.fundPaySumamt().fen(), 0);
        compare(diff, "acct_pay", d.acctPay().fen(), debit.amtFen());
        if (d.refdSetlFlag() == Flag.YES) {
            diff.add("an offline debit cannot be cancelled");
        }
        return new DetailFiles.ResultRow(debit.psnNo(), d.mdtrtId(), debit.id(), debit.msgid(),
                diff.isEmpty() ? StmtDetailResult.MATCHED : StmtDetailResult.AMOUNTS_DIFFER, Flag.NO, memo(diff),
                Money.ofFen(debit.amtFen()), Money.ZERO, Money.ofFen(debit.amtFen()));
    }
}
