package org.sscard.centralsim;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sscard.protocol.CatalogCodes;
import org.sscard.protocol.CatalogPaging;
import org.sscard.protocol.CatalogQuery;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.Flag;
import org.sscard.protocol.PriceCapQuery;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.SelfpayRatioQuery;
import org.sscard.values.Money;

/**
 * The catalogue as 1312, 1318 and 1319 publish it, kept beside the {@code catalog} table the settlement policy reads:
 * one record per item, per price cap and per self-pay ratio, each a change log entry when made or changed. A query
 * answers the records changed on or after its {@code updt_time} (the day of their last change), ordered by their first
 * change on or after it: a record changed again between two pages keeps its place and a new one comes last, so paging
 * through a catalogue that changes meanwhile neither skips nor repeats a record.
 */
final class CatalogRecords {
    /** Central-sim's rules hold for every insured person of the province it plays. */
    static final String INSU_ADMDVS = Gateway.CENTRAL_REGION;
    /** Its one price-cap key pair (hilist_lmtpric_type, overlmt_dspo_way): a cap above which the person pays. */
    static final String LMTPRIC_TYPE = "1";
    static final String OVERLMT_DSPO_WAY = "1";
    /** Its one ratio key pair (selfpay_prop_psn_type, selfpay_prop_type): every person, the item's own ratio. */
    static final String SELFPAY_PSN_TYPE = "1";
    static final String SELFPAY_PROP_TYPE = "1";

    private CatalogRecords() {
    }

    /**
     * Publishes every item of {@code catalog} that has no 1312 record yet, with its cap (1318, when it has one) and its
     * ratio (1319), dated as the item; returns how many items were published.
     */
    static int publishMissing(Connection c) throws SQLException {
        List<Transactions.CatalogRow> missing = Jdbc.list(c, "SELECT * FROM catalog WHERE hilist_code NOT IN "
                + "(SELECT hilist_code FROM catalog_record WHERE infno = '1312') ORDER BY updt_time, hilist_code",
                Transactions.CATALOG_ROW);
        for (Transactions.CatalogRow r : missing) {
            String day = r.updtTime().substring(0, 10);
            insert(c, "1312", r.code(), null, null, day, null, day);
            if (r.capFen() != null) {
                insert(c, "1318", r.code(), LMTPRIC_TYPE, OVERLMT_DSPO_WAY, day, Money.ofFen(r.capFen()).toString(), day);
            }
            insert(c, "1319", r.code(), SELFPAY_PSN_TYPE, SELFPAY_PROP_TYPE, day,
                    Ratio.ofBasisPoints(r.selfpayBp()).toString(), day);
        }
        return missing.size();
    }

    /**
     * Changes the price cap of {@code code} from {@code today}: the cap in force ends (vali_flag 0, enddate the day
     * before) and, unless {@code capFen} is null (the cap withdrawn), a new one begins. The settlement policy applies
     * the new cap from now on.
     */
    static void changeCap(Connection c, String code, Long capFen, LocalDate today) throws SQLException {
        end(c, "1318", code, today);
        if (capFen != null) {
            insert(c, "1318", code, LMTPRIC_TYPE, OVERLMT_DSPO_WAY, today.toString(), Money.ofFen(capFen).toString(),
                    today.toString());
        }
        Jdbc.update(c, "UPDATE catalog SET price_cap_fen = ?, updt_time = ? WHERE hilist_code = ?", capFen,
                today.toString(), code);
    }

    /** Changes the self-pay ratio of {@code code} from {@code today}, as {@link #changeCap}. */
    static void changeRatio(Connection c, String code, int selfpayBp, LocalDate today) throws SQLException {
        end(c, "1319", code, today);
        insert(c, "1319", code, SELFPAY_PSN_TYPE, SELFPAY_PROP_TYPE, today.toString(),
                Ratio.ofBasisPoints(selfpayBp).toString(), today.toString());
        Jdbc.update(c, "UPDATE catalog SET selfpay_bp = ?, updt_time = ? WHERE hilist_code = ?", selfpayBp,
                today.toString(), code);
    }

    private static void end(Connection c, String infno, String code, LocalDate today) throws SQLException {
        for (String rid : Jdbc.list(c, "SELECT rid FROM catalog_record WHERE infno = ? AND hilist_code = ? "
                + "AND vali_flag = '1'", rs -> rs.getString(1), infno, code)) {
            Jdbc.update(c, "UPDATE catalog_record SET vali_flag = '0', enddate = ?, updt_time = ? WHERE rid = ?",
                    today.minusDays(1).toString(), today.toString(), rid);
            Jdbc.update(c, "INSERT INTO catalog_change(rid, updt_time) VALUES (?, ?)", rid, today.toString());
        }
    }

    private static void insert(Connection c, String infno, String code, String key1, String key2, String begndate,
            String value, String day) throws SQLException {
        String rid = infno + "-" + code + "-" + Database.next(c, "rid." + infno);
        Jdbc.update(c, "INSERT INTO catalog_record(rid, infno, hilist_code, key1, key2, insu_admdvs, begndate, enddate, "
                + "value, vali_flag, updt_time, crte_time) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, '1', ?, ?)", rid, infno,
                code, key1, key2, INSU_ADMDVS, begndate, value, day, day);
        Jdbc.update(c, "INSERT INTO catalog_change(rid, updt_time) VALUES (?, ?)", rid, day);
    }

    // ---- the queries

    /** One record as stored, with its item's catalogue columns for 1312. */
    private record Record(String rid, String code, String key1, String key2, String insuAdmdvs, String begndate,
            String enddate, String value, Flag valiFlag, String updtTime, String crteTime, String name, ChrgitmLv lv,
            Flag lmtUsedFlag) {
    }

    private static final Jdbc.Row<Record> RECORD = rs -> new Record(rs.getString("rid"), rs.getString("hilist_code"),
            rs.getString("key1"), rs.getString("key2"), rs.getString("insu_admdvs"), rs.getString("begndate"),
            rs.getString("enddate"), rs.getString("value"), Flag.of(rs.getString("vali_flag")),
            rs.getString("updt_time"), rs.getString("crte_time"), rs.getString("hilist_name"),
            ChrgitmLv.of(rs.getString("chrgitm_lv")), Flag.of(rs.getString("lmt_used_flag")));

    /** The filters of one query as SQL conditions on the record ({@code r}) and its item ({@code cat}). */
    private static final class Where {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> args = new ArrayList<>();

        Where equal(String column, Object value) {
            if (value != null) {
                sql.append(" AND ").append(column).append(" = ?");
                args.add(value.toString());
            }
            return this;
        }

        /** Records in force on {@code day}. */
        Where inForceOn(String day) {
            if (day != null) {
                sql.append(" AND r.begndate <= ? AND (r.enddate IS NULL OR r.enddate >= ?)");
                args.add(day);
                args.add(day);
            }
            return this;
        }
    }

    /** A filter of the interface this service does not apply is refused, never ignored. */
    private static void notFiltered(String name, Object value) {
        if (value != null) {
            throw Transactions.refuse("input.data." + name + ": central-sim does not filter by " + name
                    + "; leave it out");
        }
    }

    private record Page(List<Record> rows, long total, long pageNum, long pageSize) {
        long pages() {
            return (total + pageSize - 1) / pageSize;
        }

        long startRow() {
            return rows.isEmpty() ? 0 : (pageNum - 1) * pageSize + 1;
        }
    }

    private static Page page(Connection c, String infno, String updtTime, long pageNum, long pageSize, Where where)
            throws SQLException {
        if (pageSize > CatalogPaging.MAX_PAGE_ROWS) {
            throw Transactions.refuse("input.data.page_size: at most " + CatalogPaging.MAX_PAGE_ROWS
                    + " rows a page");
        }
        String from = " FROM catalog_record r JOIN catalog cat ON cat.hilist_code = r.hilist_code"
                + " JOIN (SELECT rid, MIN(seq) AS pos FROM catalog_change WHERE updt_time >= ? GROUP BY rid) ch"
                + " ON ch.rid = r.rid WHERE r.infno = ?" + where.sql;
        List<Object> args = new ArrayList<>(List.of(updtTime, infno));
        args.addAll(where.args);
        long total = Jdbc.one(c, "SELECT COUNT(*)" + from, rs -> rs.getLong(1), args.toArray()).orElse(0L);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(pageSize);
        pageArgs.add((pageNum - 1) * pageSize);
        List<Record> rows = Jdbc.list(c, "SELECT r.*, cat.hilist_name, cat.chrgitm_lv, cat.lmt_used_flag" + from
                + " ORDER BY ch.pos, r.rid LIMIT ? OFFSET ?", RECORD, pageArgs.toArray());
        return new Page(rows, total, pageNum, pageSize);
    }

    static CatalogQuery.Output items(Connection c, CatalogQuery.Input in) throws SQLException {
        notFiltered("hilist_name", in.hilistName());
        notFiltered("wubi", in.wubi());
        notFiltered("pinyin", in.pinyin());
        notFiltered("med_chrgitm_type", in.medChrgitmType());
        notFiltered("list_type", in.listType());
        notFiltered("med_use_flag", in.medUseFlag());
        notFiltered("matn_used_flag", in.matnUsedFlag());
        notFiltered("hilist_use_type", in.hilistUseType());
        notFiltered("lmt_cpnd_type", in.lmtCpndType());
        Page p = page(c, "1312", in.updtTime(), in.pageNum(), in.pageSize(), new Where()
                .equal("r.hilist_code", in.hilistCode()).equal("r.insu_admdvs", in.insuAdmdvs())
                .equal("r.begndate", in.begndate()).equal("cat.chrgitm_lv", in.chrgitmLv())
                .equal("cat.lmt_used_flag", in.lmtUsedFlag()).equal("r.vali_flag", in.valiFlag())
                .inForceOn(in.queryDate()));
        List<CatalogQuery.Row> rows = new ArrayList<>();
        for (Record r : p.rows()) {
            rows.add(new CatalogQuery.Row(r.code(), r.name(), r.insuAdmdvs(), r.begndate(), r.enddate(),
                    Transactions.feeCategory(r.code()), r.lv(), r.lmtUsedFlag(), listType(r.code()), Flag.YES,
                    Flag.YES, CatalogCodes.HilistUseType.of("1"), CatalogCodes.LmtCpndType.of("0"), null, null, null,
                    r.valiFlag(), r.rid(), r.updtTime(), null, null, r.crteTime(), INSU_ADMDVS, null, null, null, null,
                    null));
        }
        return new CatalogQuery.Output(p.pageNum(), p.pageSize(), p.total(), p.pages(), 1L, p.pages(),
                (long) rows.size(), p.startRow(), rows);
    }

    static PriceCapQuery.Output caps(Connection c, PriceCapQuery.Input in) throws SQLException {
        notFiltered("tabname", in.tabname());
        notFiltered("poolarea_no", in.poolareaNo());
        Page p = page(c, "1318", in.updtTime(), in.pageNum(), in.pageSize(), new Where()
                .equal("r.hilist_code", in.hilistCode()).equal("r.key1", in.hilistLmtpricType())
                .equal("r.key2", in.overlmtDspoWay()).equal("r.insu_admdvs", in.insuAdmdvs())
                .equal("r.begndate", in.begndate()).equal("r.enddate", in.enddate())
                .equal("r.vali_flag", in.valiFlag()).equal("r.rid", in.rid()).inForceOn(in.queryDate()));
        List<PriceCapQuery.Row> rows = new ArrayList<>();
        for (Record r : p.rows()) {
            rows.add(new PriceCapQuery.Row(r.code(), CatalogCodes.LmtpricType.of(r.key1()),
                    CatalogCodes.OverlmtDspoWay.of(r.key2()), r.insuAdmdvs(), r.begndate(), r.enddate(),
                    new BigDecimal(r.value()), r.valiFlag(), r.rid(), r.updtTime(), null, null,
                    r.crteTime(), INSU_ADMDVS, null, null, null, null, null, null));
        }
        return new PriceCapQuery.Output(p.pageNum(), p.pageSize(), p.total(), p.pages(), 1L, p.pages(),
                (long) rows.size(), p.startRow(), rows);
    }

    static SelfpayRatioQuery.Output ratios(Connection c, SelfpayRatioQuery.Input in) throws SQLException {
        notFiltered("tabname", in.tabname());
        notFiltered("poolarea_no", in.poolareaNo());
        Page p = page(c, "1319", in.updtTime(), in.pageNum(), in.pageSize(), new Where()
                .equal("r.hilist_code", in.hilistCode()).equal("r.key1", in.selfpayPropPsnType())
                .equal("r.key2", in.selfpayPropType()).equal("r.insu_admdvs", in.insuAdmdvs())
                .equal("r.begndate", in.begndate()).equal("r.enddate", in.enddate())
                .equal("r.vali_flag", in.valiFlag()).equal("r.rid", in.rid()).inForceOn(in.queryDate()));
        List<SelfpayRatioQuery.Row> rows = new ArrayList<>();
        for (Record r : p.rows()) {
            rows.add(new SelfpayRatioQuery.Row(r.code(), CatalogCodes.SelfpayPropPsnType.of(r.key1()),
                    CatalogCodes.SelfpayPropType.of(r.key2()), r.insuAdmdvs(), r.begndate(), r.enddate(),
                    Ratio.parse(r.value(), "value"), r.valiFlag(), r.rid(), r.updtTime(), null, null, r.crteTime(),
                    INSU_ADMDVS, null, null, null, null, null, null));
        }
        return new SelfpayRatioQuery.Output(p.pageNum(), p.pageSize(), p.total(), p.pages(), 1L, p.pages(),
                (long) rows.size(), p.startRow(), rows);
    }

    /** {@code list_type} of a code by its first letter, as {@link Transactions#feeCategory}: 101 drugs, 102 herbal, 301 materials, 201 services. */
    private static CatalogCodes.ListType listType(String code) {
        return CatalogCodes.ListType.of(switch (code.charAt(0)) {
            case 'X', 'Z' -> "101";
            case 'T' -> "102";
            case 'C' -> "301";
            default -> "201";
        });
    }
}
