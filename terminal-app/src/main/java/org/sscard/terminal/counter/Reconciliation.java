package org.sscard.terminal.counter;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.DetailReconciliation;
import org.sscard.protocol.Fields;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.StmtDetailResult;
import org.sscard.protocol.StmtResult;
import org.sscard.protocol.TotalReconciliation;
import org.sscard.protocol.Transaction;
import org.sscard.store.StationStore;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * Daily reconciliation (对账): a 3201 per insurance type and clearing type ({@link ClrType#of(org.sscard.protocol.MedType)}
 * of each record's med_type; cancels carry their settlement's) with the totals of the station's own settled records
 * ({@link SettledRecords}: settlements, deferred visits settled on replay, cancels negative, and accepted offline
 * debits as personal-account payments); when any type does not balance, a 3202 with the station's original
 * settlements and accepted offline debits of the period (cancelled settlements flagged) lists the differences: the
 * detail file goes up with 9101 and the result file comes down with 9102 (docs/terminal.md). Reconciliation settles
 * nothing, so any failure of it is repaired by running it again. The
 * result also says how many offline debits of the period are still pending (not in the books until accepted).
 * Authorised as RECONCILIATION (supervisor) and audited.
 */
public final class Reconciliation {
    /** The longest memo of a difference, as the central service cuts its own. */
    private static final int MEMO_MAX = 200;
    private final StationStore store;
    private final CentralLink link;
    private final Authorizer authorizer;
    private final SettledRecords records;

    public Reconciliation(StationStore store, CentralLink link, Authorizer authorizer, SettledRecords records) {
        this.store = store;
        this.link = link;
        this.authorizer = authorizer;
        this.records = records;
    }

    /** Totals of one insurance type (of one clearing type, as sent in 3201, or of all, in the reports). */
    public record Totals(InsuType insutype, Money medfee, Money fund, Money acct, Money cash, long count,
                         Map<String, Money> otherFunds) {
        /**
         * {@code otherFunds}: the sums of the funds besides the pool fund that are not zero, by wire name, in the
         * order of setlinfo ({@code SetlInfo#OTHER_FUND_NAMES}).
         */
        public Totals {
            Map<String, Money> ordered = new LinkedHashMap<>();
            for (String member : SettlementResult.SetlInfo.OTHER_FUND_NAMES.keySet()) {
                if (otherFunds.containsKey(member)) {
                    ordered.put(member, otherFunds.get(member));
                }
            }
            ordered.putAll(otherFunds);
            otherFunds = Collections.unmodifiableMap(ordered);
        }

        /** These totals with one more record, or with other totals of the same insurance type. */
        Totals plus(Money medfee, Money fund, Money acct, Money cash, long count, Map<String, Money> funds) {
            Map<String, Money> sum = new LinkedHashMap<>(otherFunds);
            funds.forEach((name, amount) -> sum.merge(name, amount, Money::plus));
            sum.values().removeIf(Money::isZero);
            return new Totals(insutype, this.medfee.plus(medfee), this.fund.plus(fund), this.acct.plus(acct),
                    this.cash.plus(cash), this.count + count, sum);
        }

    }

    /** One 3201 answer: the totals of {@code totals().insutype()} under {@code clrType}. */
    public record TypeResult(ClrType clrType, Totals totals, boolean balanced, String description) {
    }

    /** One 3202 row that did not match. */
    public record Difference(String setlId, String msgid, String result, String memo) {
    }

    /** {@code debitsOutside}: offline debits of the period not in its books (still pending, or refused). */
    public record Result(LocalDate from, LocalDate to, List<TypeResult> types, List<Difference> differences,
                         SettledRecords.DebitsOutside debitsOutside) {
        public boolean balanced() {
            return types.stream().allMatch(TypeResult::balanced);
        }

        /** The reconciled totals per insurance type over all clearing types (what the reports' 合计 rows show). */
        public Map<InsuType, Totals> byInsutype() {
            Map<InsuType, Totals> out = new TreeMap<>();
            for (TypeResult r : types) {
                Totals t = r.totals();
                out.merge(t.insutype(), t,
                        (a, b) -> a.plus(b.medfee(), b.fund(), b.acct(), b.cash(), b.count(), b.otherFunds()));
            }
            return out;
        }
    }

    /**
     * The station's totals per insurance type over [from, to] (every settled type, zero when none, and any other type a
     * record carries).
     */
    public static Map<InsuType, Totals> totals(List<SettledRecords.Record> rows) {
        Map<InsuType, Totals> out = new TreeMap<>();
        for (InsuType t : InsuType.settled()) {
            out.put(t, zero(t));
        }
        for (SettledRecords.Record r : rows) {
            Totals t = out.getOrDefault(r.insutype(), zero(r.insutype()));
            out.put(r.insutype(), t.plus(r.medfee(), r.fund(), r.acct(), r.cash(), 1, r.otherFunds()));
        }
        return out;
    }

    /**
     * The totals per clearing type and insurance type, as 3201 sends them: every clearing type the known med_types
     * fall under ({@link ClrType#settled}), every insurance type, zero when none.
     */
    public static Map<ClrType, Map<InsuType, Totals>> totalsByClearing(List<SettledRecords.Record> rows) {
        Map<ClrType, Map<InsuType, Totals>> out = new TreeMap<>();
        for (ClrType clr : ClrType.settled()) {
            out.put(clr, totals(rows.stream().filter(r -> ClrType.of(r.medType()).equals(clr)).toList()));
        }
        return out;
    }

    private static Totals zero(InsuType t) {
        return new Totals(t, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, 0, Map.of());
    }

    public Result reconcile(LocalDate from, LocalDate to) {
        return reconcile(from, to, records.between(from, to), records.debitsOutside(from, to), "reconcile");
    }

    /**
     * The institution's reconciliation over [{@code from}, {@code to}] from {@code rows}, the records of every station
     * (the hospital ledger's), audited as {@code reconcile.institution}. Offline debits still pending at other stations
     * are not known here: {@code debitsOutside} counts none.
     */
    public Result reconcileInstitution(LocalDate from, LocalDate to, List<SettledRecords.Record> rows) {
        return reconcile(from, to, rows, new SettledRecords.DebitsOutside(0, Money.ZERO, 0), "reconcile.institution");
    }

    private Result reconcile(LocalDate from, LocalDate to, List<SettledRecords.Record> rows,
            SettledRecords.DebitsOutside outside, String action) {
        Session s = authorizer.require(Permission.RECONCILIATION, from + ".." + to);
        List<TypeResult> types = new ArrayList<>();
        for (Map.Entry<ClrType, Map<InsuType, Totals>> byClearing : totalsByClearing(rows).entrySet()) {
            for (Totals t : byClearing.getValue().values()) {
                TotalReconciliation.Input input = new TotalReconciliation.Input(t.insutype(), byClearing.getKey(),
                        link.config().insuranceRegion(), from.toString(), to.toString(), t.medfee(), t.fund(), t.acct(), t.count());
                LinkOutcome<TotalReconciliation.Output> outcome = link.call(Transaction.TOTAL_RECONCILIATION, input,
                        s.opter());
                TotalReconciliation.Output out = answered(outcome, "3201");
                types.add(new TypeResult(byClearing.getKey(), t, out.stmtRslt() == StmtResult.BALANCED,
                        out.stmtRsltDscr()));
            }
        }
        List<Difference> differences = types.stream().allMatch(TypeResult::balanced) ? List.of()
                : differences(s, from, to, rows);
        Result result = new Result(from, to, types, differences, outside);
        store.audit().record(s.operatorId(), action, from + ".." + to, (result.balanced() ? "balanced" : "NOT balanced")
                + ", " + rows.size() + " records, " + differences.size() + " differences, " + outside.pending()
                + " offline debits pending, " + outside.refused() + " refused");
        return result;
    }

    /**
     * Detail reconciliation (3202) of [{@code from}, {@code to}] on its own, whatever the totals say: the rows that
     * do not match (none when the station's and the central's records agree one by one).
     */
    public List<Difference> detail(LocalDate from, LocalDate to) {
        Session s = authorizer.require(Permission.RECONCILIATION, "detail " + from + ".." + to);
        List<Difference> differences = differences(s, from, to, records.between(from, to));
        store.audit().record(s.operatorId(), "reconcile.detail", from + ".." + to, differences.size() + " differences");
        return differences;
    }

    /**
     * 3202 through files: the detail file of the original settlements up (9101), 3202 with its totals, the result file
     * down (9102), its rows not matched as the differences.
     */
    private List<Difference> differences(Session s, LocalDate from, LocalDate to, List<SettledRecords.Record> rows) {
        List<DetailFiles.UploadRow> details = new ArrayList<>();
        Map<String, String> msgids = new HashMap<>();
        Money medfee = Money.ZERO;
        Money fund = Money.ZERO;
        Money cash = Money.ZERO;
        for (SettledRecords.Record r : rows) {
            if (r.isCancel()) {
                continue;
            }
            boolean cancelled = rows.stream().anyMatch(c -> r.setlId().equals(c.origSetlId()));
            // An offline debit has no visit: its own id stands for the mdtrt_id the detail row requires.
            details.add(new DetailFiles.UploadRow(r.setlId(), r.mdtrtId() != null ? r.mdtrtId() : r.setlId(),
                    r.psnNo() != null ? r.psnNo() : r.setlId(), r.medfee(), r.fund(), r.acct(),
                    cancelled ? Flag.YES : Flag.NO));
            msgids.putIfAbsent(r.setlId(), r.msgid());
            medfee = medfee.plus(r.medfee());
            fund = fund.plus(r.fund());
            cash = cash.plus(r.medfee().minus(r.fund()).minus(r.acct()));
        }
        String name = "3202-" + from.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + to.format(DateTimeFormatter.BASIC_ISO_DATE);
        FileTransfer.Uploaded uploaded = answered(link.call(Transaction.FILE_UPLOAD, upload(name, details),
                s.opter()), "9101");
        DetailReconciliation.Output fileinfo = answered(link.call(Transaction.DETAIL_RECONCILIATION,
                new DetailReconciliation.Input(link.config().insuranceRegion(), uploaded.fileQuryNo(), from.toString(),
                        to.toString(), medfee, fund, cash, (long) details.size()), s.opter()), "3202");
        List<Difference> differences = new ArrayList<>();
        for (DetailFiles.ResultRow row : result(s, fileinfo)) {
            Difference d = difference(row, msgids.get(row.setlId()));
            if (d != null) {
                differences.add(d);
            }
        }
        return differences;
    }

    /** The detail file as 9101 sends it; one that cannot be made or is too large for 9101 is a clear refusal. */
    private FileTransfer.Upload upload(String name, List<DetailFiles.UploadRow> details) {
        try {
            FileTransfer.Upload upload = new FileTransfer.Upload(DetailFiles.writeUpload(name + ".txt", details),
                    name + ".zip", link.config().institutionCode());
            upload.validate(new Fields(Transaction.FILE_UPLOAD.inputPath()));
            return upload;
        } catch (ProtocolException e) {
            throw new CounterException(Problem.of(Reason.RECONCILIATION_DETAIL_FILE, e.getMessage()));
        }
    }

    /** The result file's rows (9102); a file that cannot be had or read says to reconcile again. */
    private List<DetailFiles.ResultRow> result(Session s, DetailReconciliation.Output fileinfo) {
        LinkOutcome<FileTransfer.Content> download = link.call(Transaction.FILE_DOWNLOAD, new FileTransfer.Download(
                fileinfo.fileQuryNo(), fileinfo.filename(), link.config().institutionCode()), s.opter());
        String problem;
        if (download instanceof LinkOutcome.Answered<FileTransfer.Content> file) {
            try {
                return DetailFiles.readResult(file.output().bytes());
            } catch (ProtocolException e) {
                problem = e.getMessage();
            }
        } else {
            problem = download instanceof LinkOutcome.Refused<FileTransfer.Content> r ? r.errMsg() : download.message();
        }
        throw new CounterException(Problem.of(Reason.RECONCILIATION_RESULT_LOST, fileinfo.fileQuryNo(),
                fileinfo.dldEndtime(), problem));
    }

    /**
     * The difference a result row shows, or null when it matches. The detail file carries no msgid, so a settlement
     * the central service holds under another msgid than the station's ({@code own}) is found here: amounts differ,
     * {@code msgid differs} added to the memo, as the central's own 3202 says it.
     */
    private static Difference difference(DetailFiles.ResultRow row, String own) {
        StmtDetailResult rslt = row.stmtRslt();
        String memo = row.memo();
        boolean bothHaveIt = rslt == StmtDetailResult.MATCHED || rslt == StmtDetailResult.AMOUNTS_DIFFER;
        if (bothHaveIt && own != null && row.msgid() != null && !own.equals(row.msgid())) {
            rslt = StmtDetailResult.AMOUNTS_DIFFER;
            memo = memo == null ? "msgid differs" : memo + "; msgid differs";
            memo = memo.length() > MEMO_MAX ? memo.substring(0, MEMO_MAX) : memo;
        }
        return rslt == StmtDetailResult.MATCHED ? null
                : new Difference(row.setlId(), row.msgid() != null ? row.msgid() : own, rslt.name(), memo);
    }

    private static <O extends org.sscard.protocol.TransactionOutput> O answered(LinkOutcome<O> outcome, String infno) {
        if (outcome instanceof LinkOutcome.Answered<O> a) {
            return a.output();
        }
        throw new CounterException(outcome instanceof LinkOutcome.Refused<O> r
                ? Problem.of(Reason.RECONCILIATION_REFUSED, infno, r.operatorMessage())
                : Problem.of(Reason.RECONCILIATION_NO_ANSWER, infno, outcome.message()));
    }
}
