package org.sscard.terminal.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.protocol.MedType;
import org.sscard.terminal.Station;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.session.Permission;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hospital deferred settlement: {@code visit --deferred} (taken here, see {@link #take}), {@code deferred list},
 * {@code deferred refund-paid} and {@code deferred acknowledge}. The forwarder ({@code forward}) settles the visits when the link is back.
 */
final class DeferredCommands {
    private DeferredCommands() {
    }

    static void register(CommandLine cmd, TerminalCli root) {
        cmd.addSubcommand("deferred", new CommandLine(new TerminalCli.Group("deferred"))
                .addSubcommand("list", new ListCommand(root))
                .addSubcommand("refund-paid", new RefundPaid(root))
                .addSubcommand("acknowledge", new Acknowledge(root)));
    }

    static DeferredVisits visits(Station s, LinkMonitor monitor) {
        return new DeferredVisits(s.config(), s.store(), s.link(), s.offlinePolicy(), monitor, s.authorizer(),
                Clock.systemDefaultZone());
    }

    /**
     * Takes the visit as deferred at the counter desk (the operator is logged in): probes the link, which must be down,
     * reads the card in the configured reader with the PIN from SSCARD_CARD_PIN or the console; returns the receipt.
     */
    static DeferredReceipt take(TerminalCli root, Station s, List<CounterItem> items, String dept, String doctor) {
        LinkMonitor monitor = LinkMonitor.of(s.link());
        monitor.probeNow();
        CounterDesk.Order order = CounterDesk.Order.of(items, dept, doctor);
        try (CounterDesk desk = CounterCommands.linkDownDesk(root, s, MedType.OUTPATIENT, null, null,
                visits(s, monitor))) {
            return ((NextStep.TakenDeferred) CounterCommands.payLinkDown(root, desk, order)).taken();
        }
    }

    static Map<String, Object> receiptFields(DeferredReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deferred_ref", r.ref());
        m.put("state", "QUEUED");
        m.put("institution", r.institutionName() + " (" + r.institutionCode() + ")");
        m.put("operator", r.operator());
        m.put("time", r.visitTime());
        m.put("card_no", r.cardNo());
        m.put("name", r.holderName());
        m.put("dept_code", r.deptCode());
        m.put("doctor", r.doctorName());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (DeferredVisit.Item i : r.items()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("code", i.localCode());
            l.put("national_code", i.nationalCode());
            l.put("name", i.name());
            l.put("count", i.count());
            l.put("price", i.price().toString());
            l.put("amount", i.amount().toString());
            lines.add(l);
        }
        m.put("items", lines);
        m.put("total", r.total().toString());
        m.put("paid_cash", r.paidCash().toString());
        m.put("fund", "to be settled later");
        m.put("note", r.note());
        return m;
    }

    static String receiptText(DeferredReceipt r) {
        StringBuilder b = new StringBuilder();
        b.append("        ").append(r.institutionName()).append("\n");
        b.append("   门诊收费（脱网延后结算）deferred settlement\n");
        b.append("延后结算号 ref      ").append(r.ref()).append('\n');
        b.append("时间 time           ").append(r.visitTime()).append('\n');
        b.append("收费员 operator     ").append(r.operator()).append('\n');
        b.append("姓名 name           ").append(r.holderName()).append('\n');
        b.append("社保卡号 card       ").append(r.cardNo()).append('\n');
        b.append("--------------------------------\n");
        for (DeferredVisit.Item i : r.items()) {
            b.append(i.name()).append(" x").append(i.count()).append("  ").append(i.amount()).append('\n');
        }
        b.append("--------------------------------\n");
        b.append("合计 total          ").append(r.total()).append('\n');
        b.append("现金已付 paid cash  ").append(r.paidCash()).append('\n');
        b.append("医保基金 fund       待结算 to be settled later\n");
        b.append(r.note()).append('\n');
        return b.toString();
    }

    abstract static class DeferredCommand extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true, description = "a cashier or supervisor")
        String operator;

        DeferredCommand(TerminalCli root) {
            super(root);
        }
    }

    @Command(name = "list", description = "The deferred hospital visits of this station and their state (QUEUED,"
            + " SETTLING, SETTLED with the refund due, REFUND_PAID, REFUSED with the reason, CANCELLED).")
    static final class ListCommand extends DeferredCommand {
        ListCommand(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.DEFERRED_VISITS, "deferred list");
                List<Map<String, Object>> rows = new ArrayList<>();
                for (DeferredVisit v : visits(s, LinkMonitor.of(s.link())).list()) {
                    rows.add(row(v));
                }
                if (json) {
                    print(Map.of("deferred", rows));
                } else if (rows.isEmpty()) {
                    root.out.println("no deferred visits");
                } else {
                    for (Map<String, Object> r : rows) {
                        root.out.println(r.get("ref") + "  " + r.get("state") + "  " + r.get("created_at") + "  "
                                + r.get("card_no") + "  " + r.get("name") + "  total " + r.get("total")
                                + (r.containsKey("setl_id") ? "  setl_id " + r.get("setl_id") + "  refund due "
                                + r.get("refund_due") : "") + (r.containsKey("reason") ? "  " + r.get("reason") : ""));
                    }
                }
                return 0;
            }
        }

        private static Map<String, Object> row(DeferredVisit v) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", v.ref());
            m.put("state", v.state().name());
            m.put("created_at", v.createdAt());
            m.put("operator", v.operator());
            m.put("card_no", v.cardNo());
            m.put("name", v.holderName());
            m.put("total", v.total().toString());
            if (v.mdtrtId() != null) {
                m.put("mdtrt_id", v.mdtrtId());
            }
            if (v.setlId() != null) {
                m.put("setl_id", v.setlId());
                m.put("fund", v.fund().toString());
                m.put("refund_due", v.refundDue().toString());
            }
            if (v.refundPaidBy() != null) {
                m.put("refund_paid_by", v.refundPaidBy());
                m.put("refund_paid_at", v.refundPaidAt());
            }
            if (v.closedAt() != null) {
                m.put("closed_by", v.closedBy());
                m.put("closed_at", v.closedAt());
            }
            if (v.reason() != null) {
                m.put("reason", v.reason().english());
            }
            return m;
        }
    }

    @Command(name = "refund-paid", description = "Record that the fund share of a settled deferred visit was paid back"
            + " to the patient (cashier or supervisor).")
    static final class RefundPaid extends DeferredCommand {
        @Option(names = "--ref", required = true, description = "the deferred reference on the receipt (DF…)")
        String ref;

        RefundPaid(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.DEFERRED_VISITS, "refund " + ref);
                DeferredVisit v = visits(s, LinkMonitor.of(s.link())).refundPaid(ref);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ref", v.ref());
                m.put("state", v.state().name());
                m.put("setl_id", v.setlId());
                m.put("refund_paid", v.fund().toString());
                m.put("refund_paid_by", v.refundPaidBy());
                m.put("refund_paid_at", v.refundPaidAt());
                print(m);
                return 0;
            }
        }
    }

    @Command(name = "acknowledge", description = "A supervisor acknowledges a deferred visit the central service"
            + " refused, once the patient has been dealt with; it leaves the open list.")
    static final class Acknowledge extends DeferredCommand {
        @Option(names = "--ref", required = true, description = "the deferred reference (DF…)")
        String ref;

        @Option(names = "--note", required = true, description = "what was done for the patient (kept in the audit log)")
        String note;

        Acknowledge(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.DEAD_LETTERS, "acknowledge deferred " + ref);
                DeferredVisit v = visits(s, LinkMonitor.of(s.link())).acknowledgeRefused(ref, note);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ref", v.ref());
                m.put("state", v.state().name());
                m.put("reason", v.reason().english());
                m.put("closed_by", v.closedBy());
                m.put("closed_at", v.closedAt());
                print(m);
                return 0;
            }
        }
    }
}
