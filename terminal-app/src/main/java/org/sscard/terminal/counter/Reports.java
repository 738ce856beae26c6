package org.sscard.terminal.counter;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.InsuType;
import org.sscard.store.StationStore;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * Settlement reports from the station's own settled records (the same records and the same per-type totals
 * ({@link Reconciliation#totals}) that daily reconciliation sends in 3201, so report and reconciliation agree to the
 * fen): daily summary, monthly statement (月对账单), statistics by insurance type, kind of record, fund and item
 * class. Settlements, cancels, deferred visits settled on replay and accepted offline debits each show as their own
 * 类型 and count in every total. The institution's reports take the hospital ledger's records of every station
 * instead: daily, monthly, per station, per operator, and the summary per station and operator. Authorised as
 * REPORTS and audited ({@code report.daily|monthly|stats}, {@code report.institution[.daily|monthly|stations|operators]}).
 */
public final class Reports {
    private final StationStore store;
    private final Authorizer authorizer;
    private final SettledRecords records;

    public Reports(StationStore store, Authorizer authorizer, SettledRecords records) {
        this.store = store;
        this.authorizer = authorizer;
        this.records = records;
    }

    /** A table: title, column names, rows of cells (money as yuan with two decimals). */
    public record Report(String title, List<String> columns, List<List<String>> rows) {
        public Report {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /**
     * 日结: one row per record of the day (settlement, cancel, deferred visit settled on replay, accepted offline
     * debit; 笔数 1 each), then a 小计 row per kind of record present, a 合计 row per insurance type, and 未入账 rows
     * for the day's offline debits still pending or refused (not in the totals).
     */
    public Report daily(LocalDate day) {
        Session s = authorizer.require(Permission.REPORTS, "daily " + day);
        List<SettledRecords.Record> rows = records.between(day, day);
        List<List<String>> out = dailyRows(rows, false);
        SettledRecords.DebitsOutside outside = records.debitsOutside(day, day);
        if (outside.pending() > 0) {
            out.add(List.of("未入账", "金额 " + m(outside.pendingAmount()), PENDING_DEBITS, "", "", "", "", "", "", "",
                    String.valueOf(outside.pending())));
        }
        if (outside.refused() > 0) {
            out.add(List.of("未入账", "", REFUSED_DEBITS, "", "", "", "", "", "", "", String.valueOf(outside.refused())));
        }
        store.audit().record(s.operatorId(), "report.daily", day.toString(), rows.size() + " records, "
                + outside.pending() + " offline debits pending");
        return new Report("日结算汇总 " + day, DAILY_COLUMNS, out);
    }

    private static final List<String> DAILY_COLUMNS = List.of("时间", "结算号", "类型", "险种", "医疗类别", "操作员",
            "医疗费总额", "基金支付", "个人账户", "现金", "笔数");

    /**
     * 院内日结: the daily summary of the whole institution from the hospital ledger's records of every station
     * ({@code rows}, the device number in {@link SettledRecords.Record#stream}): the columns of {@link #daily} and
     * 终端 last. Offline debits still pending at the stations are not in the ledger, so there are no 未入账 rows.
     */
    public Report institutionDaily(LocalDate day, List<SettledRecords.Record> rows) {
        Session s = authorizer.require(Permission.REPORTS, "institution daily " + day);
        List<List<String>> out = dailyRows(rows, true);
        store.audit().record(s.operatorId(), "report.institution.daily", day.toString(), rows.size() + " records of "
                + stationCount(rows) + " stations");
        List<String> columns = new ArrayList<>(DAILY_COLUMNS);
        columns.add("终端");
        return new Report("院内日结算汇总 " + day, columns, out);
    }

    /** The daily rows: one per record, a 小计 per kind, a 合计 per insurance type; with the station last if asked. */
    static List<List<String>> dailyRows(List<SettledRecords.Record> rows, boolean withStation) {
        List<List<String>> out = new ArrayList<>();
        for (SettledRecords.Record r : rows) {
            out.add(withStation(withStation, r.stream(), r.setlTime().format(Counter.WIRE_TIME), r.setlId(), type(r),
                    r.insutype().code(), r.medType().code(), r.operatorId(), m(r.medfee()), m(r.fund()), m(r.acct()),
                    m(r.cash()), "1"));
        }
        for (Map.Entry<SettledRecords.Kind, KindTotals> e : byKind(rows).entrySet()) {
            KindTotals t = e.getValue();
            out.add(withStation(withStation, "", "小计", "", e.getKey().label(), "", "", "", m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash()), String.valueOf(t.count())));
        }
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            out.add(withStation(withStation, "", "合计", "", "", t.insutype().code(), "", "", m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash()), String.valueOf(t.count())));
            // the funds besides the pool within 基金支付, each that is not zero (公务员医疗补助, 医疗救助 ...)
            t.otherFunds().forEach((member, amount) -> out.add(withStation(withStation, "", "其中",
                    Receipt.OTHER_FUND_LABELS.get(member), "", t.insutype().code(), "", "", "", m(amount), "", "", "")));
        }
        return out;
    }

    private static List<String> withStation(boolean withStation, String station, String... cells) {
        List<String> row = new ArrayList<>(List.of(cells));
        if (withStation) {
            row.add(station);
        }
        return List.copyOf(row);
    }

    private static long stationCount(List<SettledRecords.Record> rows) {
        return rows.stream().map(SettledRecords.Record::stream).distinct().count();
    }

    /** 类型 of a daily row that lists offline debits still waiting for the central service's answer. */
    public static final String PENDING_DEBITS = "脱机扣款待确认";
    /** 类型 of a daily row that lists offline debits the central service did not accept. */
    public static final String REFUSED_DEBITS = "脱机扣款未被接受";

    private static String type(SettledRecords.Record r) {
        return r.isCancel() ? r.kind().label() + " " + r.origSetlId() : r.kind().label();
    }

    /** The totals of one kind of record. */
    private record KindTotals(Money medfee, Money fund, Money acct, Money cash, long count) {
    }

    /** The totals of each kind of record present, in the order of {@link SettledRecords.Kind}. */
    private static Map<SettledRecords.Kind, KindTotals> byKind(List<SettledRecords.Record> rows) {
        Map<SettledRecords.Kind, List<SettledRecords.Record>> grouped = new java.util.EnumMap<>(SettledRecords.Kind.class);
        for (SettledRecords.Record r : rows) {
            grouped.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
        }
        Map<SettledRecords.Kind, KindTotals> out = new java.util.EnumMap<>(SettledRecords.Kind.class);
        for (Map.Entry<SettledRecords.Kind, List<SettledRecords.Record>> e : grouped.entrySet()) {
            Money medfee = Money.ZERO;
            Money fund = Money.ZERO;
            Money acct = Money.ZERO;
            Money cash = Money.ZERO;
            for (SettledRecords.Record r : e.getValue()) {
                medfee = medfee.plus(r.medfee());
                fund = fund.plus(r.fund());
                acct = acct.plus(r.acct());
                cash = cash.plus(r.cash());
            }
            out.put(e.getKey(), new KindTotals(medfee, fund, acct, cash, e.getValue().size()));
        }
        return out;
    }

    /**
     * 月对账单: one row per day, insurance type and kind of record (类型), then the month's totals per kind and per
     * insurance type.
     */
    public Report monthly(YearMonth month) {
        Session s = authorizer.require(Permission.REPORTS, "monthly " + month);
        List<SettledRecords.Record> rows = records.between(month.atDay(1), month.atEndOfMonth());
        store.audit().record(s.operatorId(), "report.monthly", month.toString(), rows.size() + " records");
        return new Report("月对账单 " + month, MONTHLY_COLUMNS, monthlyRows(rows));
    }

    /**
     * 院内月对账单: the monthly statement of the whole institution from the hospital ledger's records of every station
     * ({@code rows}), laid out as {@link #monthly}.
     */
    public Report institutionMonthly(YearMonth month, List<SettledRecords.Record> rows) {
        Session s = authorizer.require(Permission.REPORTS, "institution monthly " + month);
        store.audit().record(s.operatorId(), "report.institution.monthly", month.toString(), rows.size()
                + " records of " + stationCount(rows) + " stations");
        return new Report("院内月对账单 " + month, MONTHLY_COLUMNS, monthlyRows(rows));
    }

    private static final List<String> MONTHLY_COLUMNS = List.of("日期", "险种", "类型", "笔数", "医疗费总额", "基金支付",
            "个人账户", "现金");

    private static List<List<String>> monthlyRows(List<SettledRecords.Record> rows) {
        Map<String, List<SettledRecords.Record>> byDay = new TreeMap<>();
        for (SettledRecords.Record r : rows) {
            byDay.computeIfAbsent(r.setlTime().toLocalDate() + " " + r.insutype().code() + " " + r.kind().ordinal(),
                    k -> new ArrayList<>()).add(r);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<SettledRecords.Record> group : byDay.values()) {
            SettledRecords.Record first = group.get(0);
            Reconciliation.Totals t = Reconciliation.totals(group).get(first.insutype());
            out.add(List.of(first.setlTime().toLocalDate().toString(), first.insutype().code(), first.kind().label(),
                    String.valueOf(t.count()), m(t.medfee()), m(t.fund()), m(t.acct()), m(t.cash())));
        }
        for (Map.Entry<SettledRecords.Kind, KindTotals> e : byKind(rows).entrySet()) {
            KindTotals t = e.getValue();
            out.add(List.of("小计", "", e.getKey().label(), String.valueOf(t.count()), m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash())));
        }
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            out.add(List.of("合计", t.insutype().code(), "", String.valueOf(t.count()), m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash())));
            out.addAll(otherFundRows(t, 8, 1, 2, 5));
        }
        return out;
    }

    /**
     * The 其中 rows under a 合计 row: each fund besides the pool within 基金支付 that is not zero (公务员医疗补助, 医疗救助
     * ...), named as the receipt names it; a row of {@code width} cells with the insurance type at {@code insutypeAt}
     * (none when negative), the name at {@code nameAt} and the amount at {@code amountAt}.
     */
    private static List<List<String>> otherFundRows(Reconciliation.Totals t, int width, int insutypeAt, int nameAt,
            int amountAt) {
        List<List<String>> out = new ArrayList<>();
        t.otherFunds().forEach((member, amount) -> {
            String[] row = new String[width];
            java.util.Arrays.fill(row, "");
            row[0] = "其中";
            if (insutypeAt >= 0) {
                row[insutypeAt] = t.insutype().code();
            }
            row[nameAt] = Receipt.OTHER_FUND_LABELS.get(member);
            row[amountAt] = m(amount);
            out.add(List.of(row));
        });
        return out;
    }

    /**
     * 院内汇总 over [from, to] from the hospital ledger's records of every station ({@code rows}, the station's device
     * number in {@link SettledRecords.Record#stream}): one row per station, operator and kind of record, a 小计 row per
     * station, and a 合计 row per insurance type over the institution.
     */
    public Report institution(LocalDate from, LocalDate to, List<SettledRecords.Record> rows) {
        Session s = authorizer.require(Permission.REPORTS, "institution " + from + ".." + to);
        Map<String, List<SettledRecords.Record>> byOperator = new TreeMap<>();
        Map<String, List<SettledRecords.Record>> byStation = new TreeMap<>();
        for (SettledRecords.Record r : rows) {
            byOperator.computeIfAbsent(r.stream() + "\t" + r.operatorId() + "\t" + r.kind().ordinal(),
                    k -> new ArrayList<>()).add(r);
            byStation.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<SettledRecords.Record> group : byOperator.values()) {
            SettledRecords.Record first = group.get(0);
            out.add(row(first.stream(), first.operatorId(), first.kind().label(), group));
        }
        for (Map.Entry<String, List<SettledRecords.Record>> e : byStation.entrySet()) {
            out.add(row("小计", e.getKey(), "", e.getValue()));
        }
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            out.add(List.of("合计", t.insutype().code(), "", String.valueOf(t.count()), m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash())));
            out.addAll(otherFundRows(t, 8, 1, 2, 5));
        }
        store.audit().record(s.operatorId(), "report.institution", from + ".." + to, rows.size() + " records of "
                + byStation.size() + " stations");
        return new Report("院内汇总 " + from + (from.equals(to) ? "" : ".." + to), List.of("终端", "操作员", "类型", "笔数",
                "医疗费总额", "基金支付", "个人账户", "现金"), out);
    }

    /**
     * 按终端: the institution's records over [from, to] from the hospital ledger ({@code rows}) per station: one row per
     * station and kind of record, a 小计 row per station, a 合计 row per insurance type.
     */
    public Report byStation(LocalDate from, LocalDate to, List<SettledRecords.Record> rows) {
        return grouped(from, to, rows, "stations", "按终端汇总 ", "终端", SettledRecords.Record::stream);
    }

    /**
     * 按操作员: the institution's records over [from, to] from the hospital ledger ({@code rows}) per operator, whatever
     * station they worked at: one row per operator and kind of record, a 小计 row per operator, a 合计 row per
     * insurance type.
     */
    public Report byOperator(LocalDate from, LocalDate to, List<SettledRecords.Record> rows) {
        return grouped(from, to, rows, "operators", "按操作员汇总 ", "操作员", SettledRecords.Record::operatorId);
    }

    private Report grouped(LocalDate from, LocalDate to, List<SettledRecords.Record> rows, String what, String title,
            String column, java.util.function.Function<SettledRecords.Record, String> key) {
        Session s = authorizer.require(Permission.REPORTS, "institution " + what + " " + from + ".." + to);
        Map<String, Map<SettledRecords.Kind, List<SettledRecords.Record>>> groups = new TreeMap<>();
        for (SettledRecords.Record r : rows) {
            groups.computeIfAbsent(key.apply(r), k -> new java.util.EnumMap<>(SettledRecords.Kind.class))
                    .computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, Map<SettledRecords.Kind, List<SettledRecords.Record>>> g : groups.entrySet()) {
            for (Map.Entry<SettledRecords.Kind, List<SettledRecords.Record>> k : g.getValue().entrySet()) {
                out.add(groupRow(g.getKey(), k.getKey().label(), k.getValue()));
            }
        }
        for (Map.Entry<String, Map<SettledRecords.Kind, List<SettledRecords.Record>>> g : groups.entrySet()) {
            out.add(groupRow("小计", g.getKey(), g.getValue().values().stream().flatMap(List::stream).toList()));
        }
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            out.add(List.of("合计", t.insutype().code(), String.valueOf(t.count()), m(t.medfee()), m(t.fund()),
                    m(t.acct()), m(t.cash())));
            out.addAll(otherFundRows(t, 7, -1, 1, 4));
        }
        store.audit().record(s.operatorId(), "report.institution." + what, from + ".." + to, rows.size()
                + " records of " + stationCount(rows) + " stations");
        return new Report(title + from + (from.equals(to) ? "" : ".." + to), List.of(column, "类型", "笔数", "医疗费总额",
                "基金支付", "个人账户", "现金"), out);
    }

    private static List<String> groupRow(String first, String second, List<SettledRecords.Record> group) {
        List<String> out = new ArrayList<>(List.of(first, second));
        out.addAll(amounts(group));
        return List.copyOf(out);
    }

    private static List<String> row(String first, String second, String third, List<SettledRecords.Record> group) {
        List<String> out = new ArrayList<>(List.of(first, second, third));
        out.addAll(amounts(group));
        return List.copyOf(out);
    }

    /** 笔数 and the four amounts of a group of records. */
    private static List<String> amounts(List<SettledRecords.Record> group) {
        Money medfee = Money.ZERO;
        Money fund = Money.ZERO;
        Money acct = Money.ZERO;
        Money cash = Money.ZERO;
        for (SettledRecords.Record r : group) {
            medfee = medfee.plus(r.medfee());
            fund = fund.plus(r.fund());
            acct = acct.plus(r.acct());
            cash = cash.plus(r.cash());
        }
        return List.of(String.valueOf(group.size()), m(medfee), m(fund), m(acct), m(cash));
    }

    /**
     * Statistics over [from, to]: by insurance type, by kind of record (类型), by fund (pool, account, cash) and by
     * item class (甲/乙/丙; an offline debit has no item lines).
     */
    public Report stats(LocalDate from, LocalDate to) {
        Session s = authorizer.require(Permission.REPORTS, "stats " + from + ".." + to);
        List<SettledRecords.Record> rows = records.between(from, to);
        List<List<String>> out = new ArrayList<>();
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            out.add(List.of("险种", t.insutype().code(), String.valueOf(t.count()), m(t.medfee())));
        }
        for (Map.Entry<SettledRecords.Kind, KindTotals> e : byKind(rows).entrySet()) {
            out.add(List.of("类型", e.getKey().label(), String.valueOf(e.getValue().count()), m(e.getValue().medfee())));
        }
        Money pool = Money.ZERO;
        Money acct = Money.ZERO;
        Money cash = Money.ZERO;
        Map<String, long[]> byClass = new TreeMap<>();
        for (SettledRecords.Record r : rows) {
            pool = pool.plus(r.hifp());
            acct = acct.plus(r.acct());
            cash = cash.plus(r.cash());
            long sign = r.isCancel() ? -1 : 1;
            SettledRecords.Record settled = r.isCancel() ? records.findSettlement(r.origSetlId()).orElse(null) : r;
            if (settled == null || settled.batchNumber() == null) {
                continue;
            }
            for (FeeUpload.FeeResult item : records.items(settled)) {
                long[] c = byClass.computeIfAbsent(item.chrgitmLv().code(), k -> new long[2]);
                c[0] += sign;
                c[1] += sign * item.detItemFeeSumamt().fen();
            }
        }
        out.add(List.of("基金", "统筹基金", "", m(pool)));
        Map<String, Money> others = new LinkedHashMap<>();
        for (Reconciliation.Totals t : Reconciliation.totals(rows).values()) {
            t.otherFunds().forEach((member, amount) -> others.merge(member, amount, Money::plus));
        }
        others.forEach((member, amount) -> {
            if (!amount.isZero()) {
                out.add(List.of("基金", Receipt.OTHER_FUND_LABELS.get(member), "", m(amount)));
            }
        });
        out.add(List.of("基金", "个人账户", "", m(acct)));
        out.add(List.of("基金", "现金", "", m(cash)));
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            out.add(List.of("收费类别", e.getKey(), String.valueOf(e.getValue()[0]), m(Money.ofFen(e.getValue()[1]))));
        }
        store.audit().record(s.operatorId(), "report.stats", from + ".." + to, rows.size() + " records");
        return new Report("统计 " + from + " 至 " + to, List.of("分类", "项目", "笔数", "金额"), out);
    }

    static String m(Money money) {
        return money.toString();
    }

    /** RFC 4180 CSV (UTF-8, CRLF, fields quoted when needed), title as the first line. */
    public static String csv(Report report) {
        StringBuilder b = new StringBuilder();
        b.append(cell(report.title())).append("\r\n");
        b.append(String.join(",", report.columns().stream().map(Reports::cell).toList())).append("\r\n");
        for (List<String> row : report.rows()) {
            b.append(String.join(",", row.stream().map(Reports::cell).toList())).append("\r\n");
        }
        return b.toString();
    }

    private static String cell(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** The type totals of a set of records (for comparing a report with reconciliation). */
    public Map<InsuType, Reconciliation.Totals> totals(LocalDate from, LocalDate to) {
        return Reconciliation.totals(records.between(from, to));
    }
}
