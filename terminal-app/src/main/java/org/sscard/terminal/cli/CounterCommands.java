package org.sscard.terminal.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.Station;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.card.HolderView;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.PdfReports;
import org.sscard.terminal.counter.ReceiptText;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.counter.ShiftSummary;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.Permission;
import org.sscard.values.MoneyFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The online counter on the command line: card read, hospital visit, pharmacy sale, resume, cancel, reconciliation,
 * reports and shift close (docs/terminal.md §7). Exit codes beyond the common ones: 5 the visit is left open (pending,
 * unknown outcome, or not confirmed: {@code visit resume}), 6 reconciliation not balanced, 7 money may have moved and
 * the station's records are behind (kept in the recovery reserve, or not recorded at all): the message says what is
 * known and what the station does; never repeat the operation.
 */
final class CounterCommands {
    static final int VISIT_OPEN = 5;
    static final int NOT_BALANCED = 6;
    static final int RECORDS_BEHIND = 7;

    private CounterCommands() {
    }

    static void register(CommandLine cmd, TerminalCli root) {
        CommandLine card = cmd.getSubcommands().get("card");
        if (card == null) {
            card = new CommandLine(new TerminalCli.Group("card"));
            cmd.addSubcommand("card", card);
        }
        card.addSubcommand("read", new CardRead(root));
        cmd.addSubcommand("visit", new CommandLine(new VisitCommand(root, MedType.OUTPATIENT))
                .addSubcommand("list", new VisitList(root)).addSubcommand("resume", new VisitResume(root)));
        cmd.addSubcommand("sale", new VisitCommand(root, MedType.PHARMACY));
        cmd.addSubcommand("cancel", new Cancel(root));
        cmd.addSubcommand("reconcile", new Reconcile(root));
        cmd.addSubcommand("report", new Report(root));
        cmd.addSubcommand("shift", new CommandLine(new TerminalCli.Group("shift")).addSubcommand("close", new ShiftClose(root)));
    }

    /**
     * The desk of the link-down work the operator chose on the command line ({@code offline debit}, {@code visit
     * --deferred}) over the card in {@code reader} (null: the configured reader, else the first with a card); the
     * workflows check the link themselves. {@code sale} or {@code deferred} is null when the command takes the other.
     */
    static CounterDesk linkDownDesk(TerminalCli root, Station s, MedType medType, String reader, OfflineSale sale,
                                    DeferredVisits deferred) {
        CardSlot slot = new CardSlot(root.readers.get(), reader != null ? reader : s.config().cardReader(),
                s.config().psamReader());
        CardPresentation presentation = new CardPresentation(slot, s.cardKeys(), s.store(), s.link(), s.authorizer());
        Counter counter = new Counter(s.config(), s.store(), s.link(), s.authorizer(), Clock.systemDefaultZone());
        return new CounterDesk(new CounterDesk.Setup(presentation, counter, s.config().institutionName(),
                s.config().deviceNumber(), sale, slot, s.cardKeys(), () -> true, deferred), medType);
    }

    /**
     * The link-down payment of {@code order} at {@code desk}: the card read, the desk's checks, the total agreed (the
     * command line's operator agreed it by running the command), the holder's PIN from SSCARD_CARD_PIN or the console,
     * paid. A refusal of the offline policy is thrown as such (it did nothing to the card).
     */
    static NextStep payLinkDown(TerminalCli root, CounterDesk desk, CounterDesk.Order order) {
        try {
            NextStep step = desk.readCard(Optional::empty);
            if (step instanceof NextStep.CheckHolder) {
                step = desk.go(order);
            }
            if (!(step instanceof NextStep.ConfirmLinkDownPayment)) {
                throw new CliException("the desk did not take the payment: " + step);
            }
            step = desk.payLinkDown(order, root.secrets.get(Secrets.CARD_PIN, "Card PIN (the holder types it)"));
            if (step instanceof NextStep.OfflineRefused r) {
                throw new OfflineRefusedException(r.decision());
            }
            return step;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while the card was read");
        }
    }

    /** A command run by a logged-in operator at the counter. */
    abstract static class CounterCommand extends TerminalCli.StationCommand {
        @Option(names = "--operator", description = "the operator, required (password from SSCARD_OPERATOR_PASSWORD"
                + " or the console)")
        String operator;

        CounterCommand(TerminalCli root) {
            super(root);
        }

        /** Checked here rather than by picocli, which would also demand it of 'visit' when 'visit list' is run. */
        String operator() {
            if (operator == null || operator.isBlank()) {
                throw new CliException("--operator ID is required");
            }
            return operator;
        }

        Counter counter(Station s) {
            return new Counter(s.config(), s.store(), s.link(), s.authorizer(), Clock.systemDefaultZone());
        }

        /** The counter desk of this command (online: the command line takes no link-down work here). */
        CounterDesk desk(Station s, Counter counter, MedType medType) {
            CardPresentation presentation = new CardPresentation(new CardSlot(root.readers.get(),
                    s.config().cardReader(), s.config().psamReader()), s.cardKeys(), s.store(), s.link(), s.authorizer());
            return new CounterDesk(new CounterDesk.Setup(presentation, counter, s.config().institutionName(),
                    s.config().deviceNumber()), medType);
        }

        /** The holder's PIN from SSCARD_CARD_PIN or the console. */
        Optional<char[]> pin() {
            return Optional.of(root.secrets.get(Secrets.CARD_PIN, "Card PIN (the holder types it)"));
        }

        /** The 医保码 instead of the card: decoded by the platform, the person queried; no card, no PIN. */
        HolderView presentEcode(CounterDesk desk, String code) {
            if (desk.presentEcode(code) instanceof NextStep.CheckHolder read) {
                return read.holder();
            }
            throw ecodeNeedsLink(null);
        }

        /** Connects to the card and runs the card-presented checks (the desk's first step). */
        HolderView present(CounterDesk desk) {
            try {
                return ((NextStep.CheckHolder) desk.readCard(this::pin)).holder();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while the card was presented");
            }
        }

        /** A 医保码 needs the link: the sign-in's failure (if any) and why, in English and Chinese. */
        static CliException ecodeNeedsLink(String failure) {
            Problem p = Problem.of(Reason.ECODE_NEEDS_LINK);
            return new CliException((failure == null ? "" : failure + ". ") + p.english() + " "
                    + p.in(Locale.SIMPLIFIED_CHINESE));
        }

        void text(String text) {
            if (!json) {
                root.out.print(text);
                root.out.flush();
            }
        }
    }


    static Map<String, Object> holderFields(HolderView h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("sex", h.sexText());
        m.put("birth_date", h.birthDate().toString());
        m.put("id_number", h.maskedIdNumber());
        m.put("card_no", h.cardNumber());
        if (h.cardNumber() == null) {
            m.put("mdtrt_cert", Receipt.E_VOUCHER);
        }
        m.put("psn_no", h.personNumber());
        m.put("insutype", h.insuranceType());
        m.put("psn_type", h.personType());
        m.put("psn_insu_stas", h.insuranceStatus());
        m.put("insuplc_admdvs", h.insuredRegion());
        m.put("balance", h.balance().toString());
        return m;
    }

    static String holderText(HolderView h) {
        return "持卡人 (check person, ID and card match 人证卡相符):\n"
                + "  姓名 " + h.name() + "  性别 " + h.sexText() + "  出生日期 " + h.birthDate() + "\n"
                + "  身份证号 " + h.maskedIdNumber() + (h.cardNumber() == null ? "  就诊凭证 " + Receipt.E_VOUCHER
                        : "  社保卡号 " + h.cardNumber()) + "  人员编号 " + h.personNumber() + "\n"
                + "  险种 " + (h.insuranceType() == null ? "" : InsuType.of(h.insuranceType()).labelWithCode())
                + "  参保地 " + h.insuredRegion() + "  账户余额 " + h.balance() + "\n";
    }

    @Command(name = "read", description = "Present the card (mutual authentication, blacklist, PIN, 1101) and show the"
            + " holder for the 人证卡相符 check (cashier, pharmacist, card clerk).")
    static final class CardRead extends CounterCommand {
        CardRead(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator(), Permission.PERSON_QUERY, "card read");
                signIn(s);
                try (CounterDesk desk = desk(s, counter(s), MedType.OUTPATIENT)) {
                    HolderView holder = present(desk);
                    if (json) {
                        print(holderFields(holder));
                    } else {
                        text(holderText(holder));
                    }
                    return 0;
                }
            }
        }
    }

    /** Settles a visit that is PRE_SETTLED after the confirmation, and prints the outcome. */
    abstract static class SettlingCommand extends CounterCommand {
        @Option(names = "--yes", description = "settle without asking (the split is still printed)")
        boolean yes;

        SettlingCommand(TerminalCli root) {
            super(root);
        }

        int confirmAndSettle(CounterDesk desk, NextStep step, Map<String, Object> result) {
            Visit v = ((NextStep.OfVisit) step).visit();
            if (step instanceof NextStep.ConfirmSettlement) {
                Map<String, String> preview = ReceiptText.preview(v.preview());
                result.put("preview", preview);
                StringBuilder b = new StringBuilder("预结算 pre-settlement of " + v.mdtrtId() + ":\n");
                preview.forEach((k, val) -> b.append("  ").append(k).append(": ").append(val).append('\n'));
                text(b.toString());
                boolean go = yes || root.secrets.confirm("Settle " + v.mdtrtId() + ": total " + preview.get("medfee_sumamt")
                        + ", fund " + preview.get("fund_pay_sumamt") + ", account " + preview.get("acct_pay") + ", cash "
                        + preview.get("psn_cash_pay") + "?");
                if (!go) {
                    result.put("state", v.state().name());
                    result.put("message", "not settled; the visit stays open: terminal visit resume " + v.mdtrtId());
                    finishOutput(result, null);
                    return VISIT_OPEN;
                }
                v = ((NextStep.OfVisit) desk.settle()).visit();
            }
            result.put("state", v.state().name());
            if (v.settlementMsgid() != null) {
                result.put("known", v.known().name());
            }
            Problem advice = v.advice();
            if (advice != null) {
                result.put("records", v.records().name());
                result.put("message", advice.english());
            } else if (v.reason() != null) {
                result.put("message", v.reason());
            }
            if (v.state() == VisitState.SETTLED) {
                result.put("receipt", ReceiptText.fields(v.receipt()));
                finishOutput(result, v.receipt());
                if (advice != null) {
                    text("visit " + v.mdtrtId() + ": " + advice + "\n");
                    return RECORDS_BEHIND;
                }
                return 0;
            }
            finishOutput(result, null);
            if (advice != null) {
                return RECORDS_BEHIND;
            }
            return v.state() == VisitState.PENDING || v.state() == VisitState.OUTCOME_UNKNOWN
                    || v.state() == VisitState.PRE_SETTLED ? VISIT_OPEN : 1;
        }

        private void finishOutput(Map<String, Object> result, Receipt receipt) {
            if (json) {
                print(result);
                return;
            }
            if (receipt != null) {
                text(ReceiptText.format(receipt));
            } else {
                text("visit " + result.get("mdtrt_id") + ": " + result.get("state") + (result.get("message") == null ? ""
                        : " - " + result.get("message")) + "\n");
            }
        }
    }

    @Command(name = "visit", description = "A hospital outpatient visit (cashier): card → 2201 → 2204 → 2206 shown →"
            + " confirmation (or --yes) → 2207 → card update → receipt; with --ecode the holder's 医保码 instead of the card"
            + " (C201, no PIN, no card update); with --deferred while the link is down, a deferred settlement."
            + " Sub-commands: list, resume.")
    static final class VisitCommand extends SettlingCommand {
        private final MedType medType;

        @Option(names = "--items", description = "items file: one line per item, 'LOCAL_CODE COUNT' (docs/terminal.md)")
        Path items;

        @Option(names = "--dept", description = "department code of the registration, one of the station's"
                + " department.<code> settings (default: OUTPATIENT; PHARMACY for a sale)")
        String dept;

        @Option(names = "--doctor", description = "doctor's name, one of the station's doctor.<code> settings"
                + " (default: 门诊医生; 药师 for a sale)")
        String doctor;

        @Option(names = "--ecode", paramLabel = "CODE", description = "the holder's 医保码 (医保电子凭证, scanned from the"
                + " phone) instead of the card: no card, no PIN; needs the link")
        String ecode;

        @Option(names = "--deferred", description = "the link is down: take the hospital visit as a deferred settlement"
                + " (the patient pays the whole total in cash; 'forward' settles it when the link is back and the fund"
                + " share is refunded — 'deferred list', 'deferred refund-paid')")
        boolean deferred;

        VisitCommand(TerminalCli root, MedType medType) {
            super(root);
            this.medType = medType;
        }

        @Override
        public Integer call() {
            if (items == null) {
                throw new CliException("--items FILE is required (or use a sub-command: list, resume)");
            }
            List<CounterItem> lines = ItemsFile.read(items);
            boolean pharmacy = medType == MedType.PHARMACY;
            if (deferred && ecode != null) {
                throw ecodeNeedsLink("--deferred and --ecode");
            }
            if (deferred) {
                if (pharmacy) {
                    throw new CliException("--deferred is for hospital visits; offline pharmacy sales are"
                            + " 'offline debit'");
                }
                try (Station s = open()) {
                    login(s, operator(), Permission.VISIT, "deferred visit");
                    DeferredReceipt r = DeferredCommands.take(root, s, lines, dept != null ? dept : "OUTPATIENT",
                            doctor != null ? doctor : "门诊医生");
                    if (json) {
                        print(DeferredCommands.receiptFields(r));
                    } else {
                        text(DeferredCommands.receiptText(r));
                    }
                    return 0;
                }
            }
            try (Station s = open()) {
                login(s, operator(), pharmacy ? Permission.PHARMACY_SALE : Permission.VISIT, pharmacy ? "sale" : "visit");
                Counter counter = counter(s);
                counter.basket(lines);
                try {
                    signIn(s);
                } catch (CliException e) {
                    throw ecode != null ? ecodeNeedsLink(e.getMessage()) : pharmacy ? e : new CliException(e.getMessage()
                            + ". While the link is down the visit can be taken as a deferred settlement: add --deferred");
                }
                try (CounterDesk desk = desk(s, counter, medType)) {
                    HolderView holder = ecode != null ? presentEcode(desk, ecode) : present(desk);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("holder", holderFields(holder));
                    text(holderText(holder));
                    NextStep step = desk.go(CounterDesk.Order.of(lines, dept, doctor));
                    result.put("mdtrt_id", ((NextStep.OfVisit) step).visit().mdtrtId());
                    return confirmAndSettle(desk, step, result);
                }
            }
        }
    }

    @Command(name = "resume", description = "Carry on with a stored visit in this process: a pending message is sent"
            + " again, a settlement undone by a reversal (or never sent) is pre-settled and settled after the"
            + " confirmation, a settlement delivered meanwhile gets its card update and receipt. The holder's card must"
            + " be presented, or with --ecode the holder's 医保码.")
    static final class VisitResume extends SettlingCommand {
        @Parameters(index = "0", description = "the visit's mdtrt_id (see 'visit list --open')")
        String mdtrtId;

        @Option(names = "--ecode", paramLabel = "CODE", description = "the holder's 医保码 instead of the card")
        String ecode;

        VisitResume(TerminalCli root) {
            super(root);
        }

        /** The credential the visit was begun with, presented again: the card, or a fresh 医保码 with --ecode. */
        private NextStep.ConfirmResume presentForResume(CounterDesk desk, String mdtrtId) {
            NextStep presented;
            if (ecode != null) {
                presented = desk.presentEcodeForResume(mdtrtId, ecode);
            } else {
                try {
                    presented = desk.presentForResume(mdtrtId, this::pin);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException("interrupted while the card was presented");
                }
            }
            if (presented instanceof NextStep.ConfirmResume confirm) {
                return confirm;
            }
            if (presented instanceof NextStep.EcodeNeedsLink) {
                throw ecodeNeedsLink(null);
            }
            if (presented instanceof NextStep.PresentCardToResume) {
                throw new CliException("visit " + mdtrtId + " was begun with the holder's card: resume it with the"
                        + " card (without --ecode)");
            }
            if (presented instanceof NextStep.ScanEcodeToResume) {
                throw new CliException("visit " + mdtrtId + " was begun with a 医保码: resume it with a fresh 医保码 of"
                        + " its holder (--ecode CODE)");
            }
            throw new CliException("visit " + mdtrtId + " was not resumed: " + (presented instanceof
                    NextStep.NotWhileLinkDown ? "not while the link is down" : presented));
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator(), Permission.LINK_STATUS, "visit resume " + mdtrtId);
                signIn(s);
                try (CounterDesk desk = desk(s, counter(s), MedType.OUTPATIENT)) {
                    NextStep.ConfirmResume presented = presentForResume(desk, mdtrtId);
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("holder", holderFields(presented.holder()));
                    result.put("mdtrt_id", mdtrtId);
                    NextStep step = desk.resume();
                    Visit v = ((NextStep.OfVisit) step).visit();
                    if (step instanceof NextStep.OutcomeUnknown) {
                        result.put("state", v.state().name());
                        result.put("message", "the outcome of " + v.reason() + " is not known yet: a supervisor runs"
                                + " 'terminal forward' (2601 reversal) first, then resume again");
                        if (json) {
                            print(result);
                        } else {
                            text("visit " + mdtrtId + ": " + result.get("message") + "\n");
                        }
                        return VISIT_OPEN;
                    }
                    return confirmAndSettle(desk, step, result);
                }
            }
        }
    }

    @Command(name = "list", description = "The visits of the last 30 days from the station store; --open: only those"
            + " not finished (pending, unknown outcome, settled without card update, reversed, fees uploaded).")
    static final class VisitList extends CounterCommand {
        @Option(names = "--open", description = "only visits that are not finished")
        boolean open;

        VisitList(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator(), Permission.LINK_STATUS, "visit list");
                List<Map<String, Object>> rows = new ArrayList<>();
                for (OpenVisits.OpenVisit v : counter(s).visits(open)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("mdtrt_id", v.mdtrtId());
                    row.put("med_type", v.medType().code());
                    row.put("status", v.status().name());
                    row.put("psn_no", v.psnNo());
                    row.put("mdtrt_cert", v.begunWith().name());
                    row.put("operator", v.operatorId());
                    row.put("created_at", v.createdAt().toString());
                    row.put("total", v.total().toString());
                    row.put("detail", v.detail());
                    rows.add(row);
                }
                if (json) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("visits", rows);
                    print(r);
                } else if (rows.isEmpty()) {
                    text(open ? "no open visits\n" : "no visits\n");
                } else {
                    for (Map<String, Object> row : rows) {
                        text(row.get("mdtrt_id") + "  " + row.get("mdtrt_cert") + "  " + row.get("status") + "  med_type "
                                + row.get("med_type") + "  "
                                + row.get("total") + "  " + row.get("operator") + "  " + row.get("created_at") + "  "
                                + row.get("detail") + "\n");
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "cancel", description = "Cancel a settlement (2208): a cashier their own of the current shift, a"
            + " supervisor any. --card presents the holder's card to write the balance back.")
    static final class Cancel extends CounterCommand {
        @Option(names = "--setl-id", required = true, description = "the settlement number on the receipt")
        String setlId;

        @Option(names = "--card", description = "present the holder's card (PIN) to write the balance back")
        boolean withCard;

        Cancel(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator(), Permission.LINK_STATUS, "cancel " + setlId);
                signIn(s);
                Receipt r;
                try (CounterDesk desk = desk(s, counter(s), MedType.OUTPATIENT)) {
                    if (withCard) {
                        present(desk);
                    }
                    r = ((NextStep.Cancelled) desk.cancel(setlId)).done();
                }
                if (json) {
                    print(ReceiptText.fields(r));
                } else {
                    text(ReceiptText.format(r));
                }
                return 0;
            }
        }
    }

    @Command(name = "reconcile", description = "Daily reconciliation (supervisor): 3201 per insurance type, and 3202"
            + " listing the differences when not balanced. Exit 6 when not balanced.")
    static final class Reconcile extends CounterCommand {
        @Option(names = "--date", description = "the day, yyyy-MM-dd (default: today)")
        String date;

        @Option(names = "--institution", description = "the whole institution's books from the hospital ledger (every"
                + " station's, after this station's own are copied there), not this station's own")
        boolean institution;

        Reconcile(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            LocalDate day = day(date);
            try (Station s = open()) {
                login(s, operator(), Permission.RECONCILIATION, day.toString());
                signIn(s);
                Counter counter = counter(s);
                Reconciliation reconciliation = new Reconciliation(s.store(), s.link(), s.authorizer(), counter.records());
                Reconciliation.Result res;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("date", day.toString());
                if (institution) {
                    InstitutionBooks books = institutionBooks(s, reconciliation,
                            new Reports(s.store(), s.authorizer(), counter.records()));
                    res = books.reconcile(day, day);
                    r.put("scope", "institution " + s.config().institutionCode() + ", stations "
                            + String.join(" ", books.stations()));
                } else {
                    res = reconciliation.reconcile(day, day);
                }
                r.put("balanced", res.balanced());
                List<Map<String, Object>> types = new ArrayList<>();
                for (Reconciliation.TypeResult t : res.types()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("insutype", t.totals().insutype().code());
                    row.put("clr_type", t.clrType().code());
                    row.put("count", t.totals().count());
                    row.put("medfee_sumamt", t.totals().medfee().toString());
                    row.put("fund_pay_sumamt", t.totals().fund().toString());
                    row.put("acct_pay", t.totals().acct().toString());
                    t.totals().otherFunds().forEach((member, amount) -> row.put(member, amount.toString()));
                    row.put("balanced", t.balanced());
                    row.put("description", t.description());
                    types.add(row);
                }
                r.put("types", types);
                List<Map<String, Object>> diffs = new ArrayList<>();
                for (Reconciliation.Difference d : res.differences()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("setl_id", d.setlId());
                    row.put("msgid", d.msgid());
                    row.put("result", d.result());
                    row.put("memo", d.memo());
                    diffs.add(row);
                }
                r.put("differences", diffs);
                r.put("offline_debits_pending", res.debitsOutside().pending());
                r.put("offline_debits_pending_amount", res.debitsOutside().pendingAmount().toString());
                r.put("offline_debits_refused", res.debitsOutside().refused());
                if (json) {
                    print(r);
                } else {
                    StringBuilder b = new StringBuilder("reconciliation " + day + (institution ? " (" + r.get("scope")
                            + ")" : "") + ": " + (res.balanced() ? "balanced" : "NOT balanced") + "\n");
                    for (Map<String, Object> t : types) {
                        StringBuilder others = new StringBuilder();
                        Receipt.OTHER_FUND_LABELS.forEach((member, label) -> {
                            if (t.containsKey(member)) {
                                others.append(others.isEmpty() ? " (其中 " : ", ").append(label).append(' ')
                                        .append(t.get(member));
                            }
                        });
                        b.append("  ").append(t.get("insutype")).append(" clr_type ").append(t.get("clr_type")).append(": ").append(t.get("count")).append(" records, medfee ")
                                .append(t.get("medfee_sumamt")).append(", fund ").append(t.get("fund_pay_sumamt"))
                                .append(others.isEmpty() ? "" : others + ")")
                                .append(", account ").append(t.get("acct_pay")).append(" - ")
                                .append(Boolean.TRUE.equals(t.get("balanced")) ? "balanced" : "not balanced: "
                                        + t.get("description")).append('\n');
                    }
                    if (res.debitsOutside().pending() > 0) {
                        b.append("  ").append(res.debitsOutside().pending()).append(" offline debits (")
                                .append(res.debitsOutside().pendingAmount())
                                .append(") still pending: not in these books until the central service accepts them\n");
                    }
                    if (res.debitsOutside().refused() > 0) {
                        b.append("  ").append(res.debitsOutside().refused())
                                .append(" offline debits not accepted by the central service: not counted\n");
                    }
                    for (Map<String, Object> d : diffs) {
                        b.append("  difference: setl_id ").append(d.get("setl_id")).append(" msgid ").append(d.get("msgid"))
                                .append(" ").append(d.get("result")).append(" ").append(d.get("memo")).append('\n');
                    }
                    text(b.toString());
                }
                return res.balanced() ? 0 : NOT_BALANCED;
            }
        }
    }

    @Command(name = "report", description = "Settlement reports (supervisor, auditor): daily (--date), monthly"
            + " (--month), stats (--date: that day, --month: that month); from the hospital ledger, every station's"
            + " records: daily and monthly with --institution, stations (per station), operators (per operator),"
            + " institution (per station and operator; these three --date or --month). As CSV or PDF.")
    static final class Report extends CounterCommand {
        @Parameters(index = "0", description = "daily, monthly, stats, stations, operators or institution")
        String kind;

        @Option(names = "--date", description = "yyyy-MM-dd (default: today)")
        String date;

        @Option(names = "--month", description = "yyyy-MM (default: this month)")
        String month;

        @Option(names = "--institution", description = "daily or monthly of the whole institution from the hospital"
                + " ledger (every station; this station's latest records are replicated first)")
        boolean institution;

        @Option(names = "--format", defaultValue = "csv", description = "csv or pdf (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--out", required = true, description = "the file to write")
        Path out;

        Report(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() throws Exception {
            String fmt = format.toLowerCase(Locale.ROOT);
            if (!fmt.equals("csv") && !fmt.equals("pdf")) {
                throw new CliException("--format must be csv or pdf, got " + format);
            }
            if (!List.of("daily", "monthly", "stats", "stations", "operators", "institution").contains(kind)) {
                throw new CliException("report kind must be daily, monthly, stats, stations, operators or institution,"
                        + " got " + kind);
            }
            if (institution && !kind.equals("daily") && !kind.equals("monthly")) {
                throw new CliException("--institution goes with daily or monthly; stations, operators and institution"
                        + " always read the hospital ledger");
            }
            try (Station s = open()) {
                login(s, operator(), Permission.REPORTS, "report " + kind);
                Counter counter = counter(s);
                Reports reports = new Reports(s.store(), s.authorizer(), counter.records());
                boolean fromLedger = institution || List.of("stations", "operators", "institution").contains(kind);
                InstitutionBooks books = fromLedger ? institutionBooks(s,
                        new Reconciliation(s.store(), s.link(), s.authorizer(), counter.records()), reports) : null;
                LocalDate from = month != null ? month(month).atDay(1) : day(date);
                LocalDate to = month != null ? month(month).atEndOfMonth() : day(date);
                Reports.Report report = switch (kind) {
                    case "daily" -> institution ? books.daily(day(date)) : reports.daily(day(date));
                    case "monthly" -> institution ? books.monthly(month(month))
                            : reports.monthly(month(month));
                    case "stats" -> reports.stats(from, to);
                    case "stations" -> books.byStation(from, to);
                    case "operators" -> books.byOperator(from, to);
                    case "institution" -> books.summary(from, to);
                    default -> throw new IllegalStateException(kind);
                };
                if (fmt.equals("pdf")) {
                    PdfReports.write(report, out);
                } else {
                    Files.writeString(out, Reports.csv(report), StandardCharsets.UTF_8);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("report", report.title());
                r.put("rows", report.rows().size());
                r.put("format", fmt);
                r.put("out", out.toString());
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "close", description = "Close your shift: the summary of your settlements, cancels, deferred"
            + " visits settled and accepted offline debits since the shift started (counts, totals by fund, offline"
            + " debits still pending), printed and audited.")
    static final class ShiftClose extends CounterCommand {
        ShiftClose(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator(), Permission.LINK_STATUS, "shift close");
                ShiftSummary sum = counter(s).closeShift();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("operator", sum.operatorId());
                r.put("from", sum.from().toString());
                r.put("closed_at", sum.closedAt().toString());
                r.put("settlements", sum.settlements());
                r.put("cancels", sum.cancels());
                r.put("deferred_settled", sum.deferred());
                r.put("offline_debits", sum.offlineDebits());
                r.put("offline_debits_pending", sum.debitsOutside().pending());
                r.put("medfee_sumamt", sum.medfee().toString());
                r.put("hifp_pay", sum.pool().toString());
                r.put("fund_pay_sumamt", sum.fund().toString());
                r.put("acct_pay", sum.acct().toString());
                r.put("psn_cash_pay", sum.cash().toString());
                print(r);
                return 0;
            }
        }
    }

    static LocalDate day(String text) {
        if (text == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException("--date must be yyyy-MM-dd, got " + text);
        }
    }

    static YearMonth month(String text) {
        if (text == null) {
            return YearMonth.now();
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException("--month must be yyyy-MM, got " + text);
        }
    }
}
