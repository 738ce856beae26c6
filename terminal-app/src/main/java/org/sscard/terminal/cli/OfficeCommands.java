package org.sscard.terminal.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.protocol.CardService;
import org.sscard.protocol.MedType;
import org.sscard.terminal.Station;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.desk.OfficeDesk;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.offline.PendingDebit;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.office.HolderRecord;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.offline.PendingDebit;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.sync.SyncResult;
import org.sscard.values.Money;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The card office, sync and offline debit commands ({@code card …}, {@code sync}, {@code offline debit|pending}).
 * Secrets never come from the command line: the holder's ID number from {@value #CERTNO} or the console, PINs from
 * {@value #CARD_PIN} / {@value #NEW_PIN} or the console (no echo).
 */
final class OfficeCommands {
    static final String CERTNO = "SSCARD_HOLDER_CERTNO";
    static final String CARD_PIN = "SSCARD_CARD_PIN";
    static final String NEW_PIN = "SSCARD_NEW_PIN";

    private OfficeCommands() {
    }

    static void register(CommandLine cmd, TerminalCli root) {
        cmd.addSubcommand("card", new CommandLine(new TerminalCli.Group("card"))
                .addSubcommand("issue", new Issue(root))
                .addSubcommand("loss", new ByNumber(root, "loss"))
                .addSubcommand("lift", new ByNumber(root, "lift"))
                .addSubcommand("suspend", new ByNumber(root, "suspend"))
                .addSubcommand("resume", new ByNumber(root, "resume"))
                .addSubcommand("status", new ByNumber(root, "status"))
                .addSubcommand("cancel", new ByNumber(root, "cancel"))
                .addSubcommand("reissue", new Reissue(root))
                .addSubcommand("replace", new Replace(root))
                .addSubcommand("pin-reset", new PinChange(root, false))
                .addSubcommand("pin-unblock", new PinChange(root, true)));
        cmd.addSubcommand("sync", new SyncCommand(root));
        CommandLine offline = cmd.getSubcommands().get("offline");
        offline.addSubcommand("debit", new OfflineDebit(root));
        offline.addSubcommand("pending", new Pending(root));
    }

    abstract static class OfficeCommand extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Option(names = "--reader", description = "PC/SC reader of the card (default: reader.card, else the first with a card)")
        String reader;

        OfficeCommand(TerminalCli root) {
            super(root);
        }

        CardOffice office(Station s) {
            return new CardOffice(s.config(), s.store(), s.cardKeys(), s.link(), s.authorizer(), java.time.Clock.systemDefaultZone());
        }

        /** The office desk over the card in {@code --reader} (and blank cards in {@code blankReader}, null: the same). */
        OfficeDesk desk(Station s, String blankReader) {
            return new OfficeDesk(office(s), () -> card(s, reader), blankReader == null ? null : () -> card(s, blankReader),
                    s.cardKeys());
        }

        CardTransport card(Station s, String readerName) {
            ReaderManager readers = root.readers.get();
            String name = readerName != null ? readerName : s.config().cardReaderName().orElseGet(() -> {
                List<String> withCard = readers.readersWithCard().stream()
                        .filter(r -> !r.equals(s.config().psamReader())).toList();
                if (withCard.isEmpty()) {
                    throw new CliException("no card in any reader: insert the card");
                }
                return withCard.get(0);
            });
            return CardTransports.standard(readers.connect(name));
        }

        String secret(String variable, String prompt) {
            char[] value = root.secrets.get(variable, prompt);
            try {
                return new String(value);
            } finally {
                java.util.Arrays.fill(value, '\0');
            }
        }

        void slip(HandoverSlip h) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("action", h.action());
            r.put("card_no", h.cardNo());
            r.put("card_sn", h.cardSn());
            r.put("name", h.name());
            r.put("certno", h.maskedCertno());
            r.put("issue_date", h.issueDate());
            r.put("expiry_date", h.expiryDate());
            r.put("card_state", h.cardState());
            r.put("old_card_no", h.oldCardNo() == null ? "-" : h.oldCardNo());
            r.put("operator", h.operator());
            r.put("time", h.time());
            print(r);
        }

        void status(CardService.CardStatus st) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("card_no", st.cardNo());
            r.put("card_sn", st.cardSn());
            r.put("card_state", st.cardStas().name());
            r.put("since", st.stasTime());
            print(r);
        }
    }

    @Command(name = "issue", description = "Personalise the blank card in the reader for the holder in FILE, register it (C101), print the handover slip (card clerk).")
    static final class Issue extends OfficeCommand {
        @Option(names = "--holder", required = true, description = "holder data (JSON, docs/terminal.md)")
        Path holder;

        @Option(names = "--card-sn", required = true, description = "the blank card's identification code (supplier's list)")
        String cardSn;

        Issue(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            HolderRecord h = HolderRecord.read(holder);
            try (Station s = open()) {
                loginOnline(s, operator, Permission.CARD_OFFICE, "issue");
                char[] pin = root.secrets.get(NEW_PIN, "Initial PIN (the holder types it)");
                slip(desk(s, null).issue(h, CardIdentificationCode.ofHex(cardSn), pin));
                return 0;
            }
        }
    }

    @Command(name = "reissue", description = "After a loss: personalise a blank card for the holder, C104 (old card cancelled for good).")
    static final class Reissue extends OfficeCommand {
        @Option(names = "--card-no", required = true, description = "the lost card's number")
        String cardNo;

        @Option(names = "--holder", required = true)
        Path holder;

        @Option(names = "--card-sn", required = true, description = "the blank card's identification code")
        String cardSn;

        Reissue(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            HolderRecord h = HolderRecord.read(holder);
            try (Station s = open()) {
                loginOnline(s, operator, Permission.CARD_OFFICE, "reissue " + cardNo);
                char[] pin = root.secrets.get(NEW_PIN, "Initial PIN (the holder types it)");
                slip(desk(s, null).reissue(cardNo, h, CardIdentificationCode.ofHex(cardSn), pin));
                return 0;
            }
        }
    }

    @Command(name = "replace", description = "Old card in --reader, blank card in --blank-reader: C105, data carried over, old card blocked.")
    static final class Replace extends OfficeCommand {
        @Option(names = "--holder", required = true)
        Path holder;

        @Option(names = "--card-sn", required = true, description = "the blank card's identification code")
        String cardSn;

        @Option(names = "--blank-reader", required = true)
        String blankReader;

        Replace(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            HolderRecord h = HolderRecord.read(holder);
            try (Station s = open()) {
                loginOnline(s, operator, Permission.CARD_OFFICE, "replace");
                char[] pin = root.secrets.get(NEW_PIN, "Initial PIN (the holder types it)");
                slip(desk(s, blankReader).replace(h, CardIdentificationCode.ofHex(cardSn), pin));
                return 0;
            }
        }
    }

    @Command(name = "card-by-number", description = "loss (C102), lift (C103), suspend (C111, --reason required), resume (C112), status (C107), cancel (C106, supervisor; --block blocks the card in the reader)")
    static final class ByNumber extends OfficeCommand {
        private final String action;

        @Option(names = "--card-no", required = true)
        String cardNo;

        @Option(names = "--reason")
        String reason;

        @Option(names = "--block", description = "cancel: the card is in the reader; block it")
        boolean block;

        ByNumber(TerminalCli root, String action) {
            super(root);
            this.action = action;
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                Permission p = "cancel".equals(action) ? Permission.CARD_CANCEL : Permission.CARD_OFFICE;
                loginOnline(s, operator, p, action + " " + cardNo);
                CardOffice office = office(s);
                if ("status".equals(action)) {
                    status(office.status(cardNo));
                    return 0;
                }
                String certno = secret(CERTNO, "Holder's ID number (from the ID card)");
                status(switch (action) {
                    case "loss" -> office.reportLoss(cardNo, certno, reason);
                    case "lift" -> office.liftLoss(cardNo, certno);
                    case "suspend" -> {
                        if (reason == null || reason.isBlank()) {
                            throw new CliException("suspending a card needs --reason");
                        }
                        yield office.suspend(cardNo, certno, reason);
                    }
                    case "resume" -> office.resume(cardNo, certno);
                    case "cancel" -> {
                        if (reason == null || reason.isBlank()) {
                            throw new CliException("cancelling a card needs --reason");
                        }
                        yield desk(s, null).cancel(cardNo, certno, reason, block);
                    }
                    default -> throw new CliException("unknown card action " + action);
                });
                return 0;
            }
        }
    }

    @Command(name = "pin-change", description = "pin-reset (RELOAD PIN) / pin-unblock (UNBLOCK PIN) of the card in the reader, after C109")
    static final class PinChange extends OfficeCommand {
        private final boolean unblock;

        PinChange(TerminalCli root, boolean unblock) {
            super(root);
            this.unblock = unblock;
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                loginOnline(s, operator, Permission.CARD_OFFICE, unblock ? "unblock PIN" : "reset PIN");
                String certno = secret(CERTNO, "Holder's ID number (from the ID card)");
                char[] pin = root.secrets.get(NEW_PIN, "New PIN (the holder types it)");
                OfficeDesk desk = desk(s, null);
                String auth = unblock ? desk.unblockPin(certno, pin) : desk.resetPin(certno, pin);
                print(Map.of("authorisation", auth, "result", unblock ? "PIN unblocked" : "PIN reset"));
                return 0;
            }
        }
    }

    @Command(name = "sync", description = "Download the catalog (1312 items, 1318 price caps, 1319 self-pay ratios) and/or the"
            + " blacklist (C108) changes now.")
    static final class SyncCommand extends TerminalCli.StationCommand {
        @Parameters(arity = "0..1", description = "catalog or blacklist (default: both)")
        String what;

        @Option(names = "--operator", required = true)
        String operator;

        SyncCommand(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            if (what != null && !what.equals("catalog") && !what.equals("blacklist")) {
                throw new CliException("sync catalog, sync blacklist, or sync (both)");
            }
            try (Station s = open()) {
                loginOnline(s, operator, Permission.SYNC, what == null ? "all" : what);
                Sync sync = new Sync(s.link(), s.store(), s.authorizer(), java.time.Clock.systemDefaultZone());
                Map<String, Object> r = new LinkedHashMap<>();
                if (what == null || what.equals("blacklist")) {
                    put(r, sync.blacklist());
                }
                if (what == null || what.equals("catalog")) {
                    put(r, sync.catalog());
                }
                print(r);
                return 0;
            }
        }

        private static void put(Map<String, Object> r, SyncResult x) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", x.requests());
            m.put("rows", x.rows());
            m.put("from_version", x.fromVersion());
            m.put("to_version", x.toVersion());
            if (x.through() != null) {
                m.put("through", x.through());
            }
            for (SyncResult.Part p : x.parts()) {
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("requests", p.requests());
                part.put("rows", p.rows());
                part.put("through", p.through());
                m.put(p.infno(), part);
            }
            r.put(x.kind(), m);
        }
    }

    @Command(name = "debit", description = "Offline debit from the card in the reader (pharmacist); PIN from SSCARD_CARD_PIN or the console.")
    static final class OfflineDebit extends OfficeCommand {
        @Option(names = "--amount", required = true, description = "yuan, e.g. 12.50")
        String amount;

        OfflineDebit(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            Money total;
            try {
                total = Money.parse(amount);
            } catch (IllegalArgumentException e) {
                throw new CliException("--amount: yuan with at most 2 decimals, e.g. 12.50");
            }
            try (Station s = open()) {
                login(s, operator, Permission.PHARMACY_SALE, "offline debit");
                OfflineSale sale = new OfflineSale(s.config(), s.store(), s.link(), s.offlinePolicy(), s.authorizer(),
                        java.time.Clock.systemDefaultZone());
                OfflineSale.Receipt rc;
                try (CounterDesk desk = CounterCommands.linkDownDesk(root, s, MedType.PHARMACY, reader, sale, null)) {
                    rc = ((NextStep.SoldOffline) CounterCommands.payLinkDown(root, desk, CounterDesk.Order.ofTotal(total)))
                            .sold();
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("msgid", rc.msgid());
                r.put("card_no", rc.cardNo());
                r.put("amount", rc.amount().toString());
                r.put("balance_after", rc.balanceAfter().toString());
                r.put("term_id", rc.termId());
                r.put("term_seq", rc.termSeq());
                r.put("time", rc.txnTime());
                r.put("tac", rc.tac());
                r.put("mac2_verified", rc.mac2Verified());
                if (rc.advice() != null) {
                    r.put("records", rc.records().name());
                    r.put("message", rc.advice().english());
                }
                print(r);
                return rc.advice() == null ? 0 : CounterCommands.RECORDS_BEHIND;
            }
        }
    }

    @Command(name = "pending", description = "Offline debits whose outcome on the card is unknown (present the card to resolve).")
    static final class Pending extends OfficeCommand {
        Pending(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.LINK_STATUS, "offline pending");
                OfflineSale sale = new OfflineSale(s.config(), s.store(), s.link(), s.offlinePolicy(), s.authorizer(),
                        java.time.Clock.systemDefaultZone());
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                for (PendingDebit p : sale.pending()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("msgid", p.msgid());
                    m.put("card_no", p.cardNo());
                    m.put("amount", p.amount().toString());
                    m.put("time", p.txnTime());
                    m.put("state", p.state());
                    rows.add(m);
                }
                print(Map.of("pending", rows));
                return 0;
            }
        }
    }
}
