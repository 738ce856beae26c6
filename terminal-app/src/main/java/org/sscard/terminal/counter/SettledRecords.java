package org.sscard.terminal.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sscard.protocol.CardService;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Fields;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.Outbox;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.terminal.offline.DeferredSettlement;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.offline.PendingDebit;
import org.sscard.values.Money;

/**
 * The station's own record of what it settled: the answered 2207 (settlements, deferred visits settled on replay)
 * and 2208 (cancels, negative amounts) in the outbox, with the central service's answer kept there, and the offline
 * debits the central service accepted (answered C110). A 2207 resolved by a reversal is not a settlement (the
 * central service leaves it out of reconciliation too); an offline debit not (yet) accepted is not in the books
 * ({@link #debitsOutside}). Reconciliation, reports and the shift close read only this.
 */
public final class SettledRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A message's setl_time may fall a little after the day it was created (around midnight). */
    private static final Duration MARGIN = Duration.ofDays(1);

    private final StationStore store;
    private final Outbox outbox;
    private final java.time.Clock clock;
    private final ZoneId zone;

    SettledRecords(StationStore store, java.time.Clock clock) {
        this.store = store;
        this.outbox = store.outbox();
        this.clock = clock;
        this.zone = clock.getZone();
    }

    /**
     * Marks the visit {@code mdtrtId} finished by settlement {@code setlId} and keeps the card holder's name with it,
     * sealed in the visit's row (one fsynced write): the outbox holds no
     * name (2207 carries none), and a rebuilt receipt needs one. Used by the counter and by deferred settlement.
     */
    public static void keepHolder(StationStore store, String mdtrtId, String setlId, String holderName) {
        String value = finishedValue(setlId, holderName);
        store.visits().finish(mdtrtId, value);
    }

    /** The value of a visit's finished mark ({@link #keepHolder}). */
    static String finishedValue(String setlId, String holderName) {
        ObjectNode value = MAPPER.createObjectNode().put("setl_id", setlId).put("holder_name", holderName);
        return value.toString();
    }

    /**
     * The card holder's name kept with settlement {@code setlId} ({@link #keepHolder}); empty when there is no such
     * settlement or it was finished by a version of the station that did not keep names. Not audited: the caller
     * shows it to the operator who already holds the settlement (reprint), like the receipt it goes on.
     */
    public Optional<String> holderName(String setlId) {
        return findSettlement(setlId).flatMap(this::holderName);
    }

    /** The card holder's name kept with this settlement (or with the settlement this cancel undid), if any. */
    public Optional<String> holderName(Record r) {
        if (r.mdtrtId() == null) {
            return Optional.empty();
        }
        String settled = r.isCancel() ? r.origSetlId() : r.setlId();
        return store.visits().finishedMark(r.mdtrtId()).flatMap(stored -> {
            if (!stored.startsWith("{")) {
                return Optional.empty(); // an earlier version kept only the setl_id
            }
            JsonNode kept = json(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return settled.equals(kept.path("setl_id").asText()) ? Optional.ofNullable(kept.path("holder_name")
                    .asText(null)) : Optional.empty();
        });
    }

    /** What a record of the day's books is; its name is the 类型 of the reports. */
    public enum Kind {
        /** a 2207 at the counter */
        SETTLEMENT("结算"),
        /** a 2208 (negative amounts) */
        CANCEL("撤销"),
        /** a hospital visit taken offline and settled (2207) when the link returned */
        DEFERRED("补结算"),
        /** a pharmacy offline debit (C110) the central service accepted: paid from the personal account */
        OFFLINE_DEBIT("脱机扣款");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One settlement, cancel or accepted offline debit as the station recorded it; amounts are negative for a
     * cancel. An offline debit has no 2207: its {@code setlId} is {@link CardService#offlineDebitId}, its
     * {@code setlTime} the debit's txn_time, {@code medfee} = {@code acct} = the amount, no fund share and no
     * mdtrt_id; psn_no and insutype are the ones the central's C110 answer named.
     */
    public record Record(String setlId, String origSetlId, String msgid, String mdtrtId, String psnNo,
                         InsuType insutype, MedType medType, LocalDateTime setlTime, Money medfee, Money fulamtOwnpay,
                         Money overlmt, Money preselfpay, Money inscp, Money deductible, Money hifp, Money fund,
                         Money acct, Money cash, String operatorId, Instant createdAt, String cardNumber,
                         String insuredRegion, String stream, String batchNumber, Kind kind,
                         Map<String, Money> otherFunds) {
        /**
         * @param otherFunds the funds of setlinfo besides the pool fund that are not zero, by wire name
         *                   ({@code SettlementResult.SetlInfo#otherFunds()}); empty for a record without a
         *                   central answer (an offline debit); the hospital ledger keeps them too (a row a station
         *                   of an earlier version wrote has none)
         */
        public Record {
            otherFunds = Map.copyOf(otherFunds);
        }

        /** A record whose funds are the pool fund alone. */
        public Record(String setlId, String origSetlId, String msgid, String mdtrtId, String psnNo, InsuType insutype,
                      MedType medType, LocalDateTime setlTime, Money medfee, Money fulamtOwnpay, Money overlmt,
                      Money preselfpay, Money inscp, Money deductible, Money hifp, Money fund, Money acct, Money cash,
                      String operatorId, Instant createdAt, String cardNumber, String insuredRegion, String stream,
                      String batchNumber, Kind kind) {
            this(setlId, origSetlId, msgid, mdtrtId, psnNo, insutype, medType, setlTime, medfee, fulamtOwnpay, overlmt,
                    preselfpay, inscp, deductible, hifp, fund, acct, cash, operatorId, createdAt, cardNumber,
                    insuredRegion, stream, batchNumber, kind, Map.of());
        }

        public boolean isCancel() {
            return origSetlId != null;
        }
    }

    /**
     * Offline debits of a period that are not in its books: {@code pending} not yet answered by the central service
     * (queued, in flight, of unknown outcome, or still in the debit journal), {@code refused} answered but not
     * accepted (TAC invalid, card unknown, or the C110 refused).
     */
    public record DebitsOutside(long pending, Money pendingAmount, long refused) {
    }

    /**
     * Settlements, cancels and accepted offline debits whose setl_time (a debit's txn_time) falls on a day in
     * [{@code from}, {@code to}], oldest first.
     */
    public List<Record> between(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant().minus(MARGIN);
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant().plus(MARGIN);
        List<Record> out = new ArrayList<>();
        for (String infno : List.of(Transaction.SETTLEMENT.infno(), Transaction.SETTLEMENT_CANCEL.infno())) {
            for (OutboxEntry e : outbox.byInfno(infno, start, end)) {
                if (e.state() != OutboxState.DONE) {
                    continue;
                }
                Record r = record(outbox, e);
                LocalDate day = r.setlTime().toLocalDate();
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    out.add(r);
                }
            }
        }
        for (OutboxEntry e : debitMessages(start)) {
            if (e.state() == OutboxState.DONE) {
                for (Record r : acceptedDebits(e)) {
                    if (inPeriod(r.setlTime(), from, to)) {
                        out.add(r);
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Record::setlTime).thenComparing(Record::setlId));
        return out;
    }

    /**
     * The offline debits whose txn_time falls in [{@code from}, {@code to}] but which are not (yet) in the books. A
     * debit is queued after its txn_time (a recovered one possibly days later), so C110 messages are looked for from
     * the start of the period to now.
     */
    public DebitsOutside debitsOutside(LocalDate from, LocalDate to) {
        return debitsOutside(from.atStartOfDay(zone).toInstant().minus(MARGIN), t -> inPeriod(t, from, to), null);
    }

    /** The offline debits of {@code operatorId} made since {@code since} that are not (yet) in the books. */
    public DebitsOutside debitsOutside(String operatorId, Instant since) {
        LocalDateTime start = LocalDateTime.ofInstant(since, zone).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return debitsOutside(since.minus(MARGIN), t -> !t.isBefore(start), operatorId);
    }

    private DebitsOutside debitsOutside(Instant searchFrom, java.util.function.Predicate<LocalDateTime> when,
            String operatorId) {
        long pending = 0;
        Money pendingAmount = Money.ZERO;
        long refused = 0;
        for (OutboxEntry e : debitMessages(searchFrom)) {
            org.sscard.protocol.Request<CardService.OfflineDebits> request =
                    MessageCodec.readStoredRequest(e.payload(), Transaction.OFFLINE_DEBITS);
            if (operatorId != null && !operatorId.equals(request.header().opter())) {
                continue;
            }
            if (e.state() == OutboxState.DONE) {
                for (CardService.OfflineDebitRow row : MessageCodec.readStoredResponse(e.response(),
                        Transaction.OFFLINE_DEBITS).output().result()) {
                    CardService.OfflineDebit d = debitOf(e, row);
                    if (d != null && row.rslt() != OfflineDebitResult.ACCEPTED
                            && row.rslt() != OfflineDebitResult.DUPLICATE && when.test(txnTime(d))) {
                        refused++;
                    }
                }
                continue;
            }
            for (CardService.OfflineDebit d : request.input().records()) {
                if (!when.test(txnTime(d))) {
                    continue;
                }
                if (e.state().pending()) {
                    pending++;
                    pendingAmount = pendingAmount.plus(d.amt());
                } else if (e.state() == OutboxState.DEAD) {
                    refused++;
                }
            }
        }
        for (PendingDebit p : OfflineSale.journal(store)) {
            if ((operatorId == null || operatorId.equals(p.operator()))
                    && when.test(LocalDateTime.parse(p.txnTime(), Fields.DATE_TIME))) {
                pending++;
                pendingAmount = pendingAmount.plus(p.amount());
            }
        }
        return new DebitsOutside(pending, pendingAmount, refused);
    }

    private static boolean inPeriod(LocalDateTime time, LocalDate from, LocalDate to) {
        LocalDate day = time.toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static LocalDateTime txnTime(CardService.OfflineDebit d) {
        return LocalDateTime.parse(d.txnTime(), Fields.DATE_TIME);
    }

    private List<OutboxEntry> debitMessages(Instant from) {
        return outbox.byInfno(Transaction.OFFLINE_DEBITS.infno(), from, clock.instant().plus(MARGIN));
    }

    private static List<CardService.OfflineDebit> debits(OutboxEntry e) {
        return MessageCodec.readStoredRequest(e.payload(), Transaction.OFFLINE_DEBITS).input().records();
    }

    /** The record of {@code e} that {@code row} answers, or null. */
    private static CardService.OfflineDebit debitOf(OutboxEntry e, CardService.OfflineDebitRow row) {
        for (CardService.OfflineDebit d : debits(e)) {
            if (d.termId().equalsIgnoreCase(row.termId()) && d.termSeq().equals(row.termSeq())) {
                return d;
            }
        }
        return null;
    }

    /** The transaction codes whose answered messages are the books (2207, 2208, C110). */
    public static final List<String> BOOK_INFNOS = List.of(Transaction.SETTLEMENT.infno(),
            Transaction.SETTLEMENT_CANCEL.infno(), Transaction.OFFLINE_DEBITS.infno());

    /**
     * The records of the books one message of {@code outbox} holds: none unless it is answered (DONE) and one of
     * {@link #BOOK_INFNOS}; a 2207 or 2208 holds one, an answered C110 one per accepted debit.
     */
    public static List<Record> booksOf(Outbox outbox, OutboxEntry e) {
        if (e.state() != OutboxState.DONE) {
            return List.of();
        }
        if (Transaction.OFFLINE_DEBITS.infno().equals(e.infno())) {
            return acceptedDebits(e);
        }
        if (Transaction.SETTLEMENT.infno().equals(e.infno()) || Transaction.SETTLEMENT_CANCEL.infno().equals(e.infno())) {
            return List.of(record(outbox, e));
        }
        return List.of();
    }

    /** The records of an answered C110 that the central service accepted, as records of the books. */
    private static List<Record> acceptedDebits(OutboxEntry e) {
        JsonNode request = json(e.payload());
        List<Record> out = new ArrayList<>();
        for (CardService.OfflineDebitRow row : MessageCodec.readStoredResponse(e.response(), Transaction.OFFLINE_DEBITS)
                .output().result()) {
            CardService.OfflineDebit d = row.rslt() == OfflineDebitResult.ACCEPTED ? debitOf(e, row) : null;
            if (d == null) {
                continue;
            }
            String id = CardService.offlineDebitId(d.termId(), d.termSeq());
            // A central that names no insurance type: personal accounts are the employee insurance's.
            InsuType insutype = row.insutype() != null ? row.insutype() : InsuType.EMPLOYEE;
            out.add(new Record(id, null, e.msgid(), null, row.psnNo(), insutype, MedType.PHARMACY, txnTime(d), d.amt(),
                    Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, d.amt(),
                    Money.ZERO, request.path("opter").asText(), e.createdAt(), d.cardNo(),
                    request.path("insuplc_admdvs").asText(null), e.stream(), null, Kind.OFFLINE_DEBIT));
        }
        return out;
    }

    /** How far back a settlement is looked for: a settlement older than this cannot be cancelled at the station. */
    private static final Duration LOOKBACK = Duration.ofDays(400);

    /** The settlement (2207) with this setl_id, looked for in the last 400 days. */
    public Optional<Record> findSettlement(String setlId) {
        return recent(Transaction.SETTLEMENT.infno()).stream().filter(r -> r.setlId().equals(setlId)).findFirst();
    }

    /** The cancel (2208) of this settlement, if any. */
    public Optional<Record> findCancelOf(String setlId) {
        return recent(Transaction.SETTLEMENT_CANCEL.infno()).stream().filter(r -> setlId.equals(r.origSetlId())).findFirst();
    }

    private List<Record> recent(String infno) {
        Instant now = clock.instant();
        List<Record> out = new ArrayList<>();
        for (OutboxEntry e : outbox.byInfno(infno, now.minus(LOOKBACK), now.plus(LOOKBACK))) {
            if (e.state() == OutboxState.DONE) {
                out.add(record(outbox, e));
            }
        }
        return out;
    }

    /** The item lines (2204 answers) of the batch a settlement settled, for statistics by item class. */
    public List<FeeUpload.FeeResult> items(Record r) {
        List<FeeUpload.FeeResult> out = new ArrayList<>();
        for (OutboxEntry e : outbox.stream(r.stream())) {
            if (Transaction.FEE_UPLOAD.infno().equals(e.infno()) && e.state() == OutboxState.DONE
                    && r.batchNumber().equals(Transaction.FEE_UPLOAD.inputMembers(json(e.payload())).path("feedetail").path(0)
                    .path("chrg_bchno").asText())) {
                out.addAll(MessageCodec.readStoredResponse(e.response(), Transaction.FEE_UPLOAD).output().result());
            }
        }
        return out;
    }

    /**
     * The record of an answered 2207 or 2208. A cancel is recorded as the cancel of the settlement its request named
     * (input setl_id), with that settlement's person, insurance type and medical type: a platform's 2208 answer need
     * not carry them (the table's 2208 output has no person fields and no med_type).
     */
    private static Record record(Outbox outbox, OutboxEntry e) {
        JsonNode request = json(e.payload());
        SettlementResult.SetlInfo i = MessageCodec.readStoredResponse(e.response(), Transaction.SETTLEMENT).output().setlinfo();
        boolean cancel = Transaction.SETTLEMENT_CANCEL.infno().equals(e.infno());
        JsonNode input = (cancel ? Transaction.SETTLEMENT_CANCEL : Transaction.SETTLEMENT).inputMembers(request);
        if (cancel) {
            i = asCancel(outbox, e, i, input.path("setl_id").asText(), input.path("psn_no").asText(null));
        }
        // mdtrt_cert_no is the card number only with type 03; a 医保码's token (01) is not kept in the records
        String card = MdtrtCertType.SOCIAL_SECURITY_CARD.code().equals(input.path("mdtrt_cert_type").asText())
                ? input.path("mdtrt_cert_no").asText() : null;
        String batch = input.path("chrg_bchno").isTextual() ? input.path("chrg_bchno").asText() : null;
        return new Record(i.setlId(), i.origSetlId(), e.msgid(), i.mdtrtId(), i.psnNo(), i.insutype(), i.medType(),
                LocalDateTime.parse(i.setlTime(), Counter.WIRE_TIME), i.medfeeSumamt(), i.fulamtOwnpayAmt(),
                i.overlmtSelfpay(), i.preselfpayAmt(), i.inscpScpAmt(), i.actPayDedc(), i.hifpPay(), i.fundPaySumamt(),
                i.acctPay(), i.psnCashPay(), request.path("opter").asText(), e.createdAt(), card,
                request.path("insuplc_admdvs").asText(null), e.stream(), batch,
                cancel ? Kind.CANCEL : e.stream().startsWith(DeferredSettlement.STREAM_PREFIX)
                        ? Kind.DEFERRED : Kind.SETTLEMENT, i.otherFunds());
    }

    /**
     * A 2208 answer as the cancel of settlement {@code cancelled}, with its insurance type and medical type. The
     * settlement is looked for first on the cancel's own stream (a counter visit's 2207 and 2208 share it), then among
     * the 2207s of the {@link #LOOKBACK} before the cancel (a deferred visit's 2207 is on a stream of its own). Only
     * when the station no longer holds it do the answer's own insutype and med_type stand, if it has them.
     */
    private static SettlementResult.SetlInfo asCancel(Outbox outbox, OutboxEntry e, SettlementResult.SetlInfo answer,
            String cancelled, String psnNo) {
        Optional<SettlementResult.SetlInfo> original = settlementIn(outbox.stream(e.stream()), cancelled)
                .or(() -> settlementIn(outbox.byInfno(Transaction.SETTLEMENT.infno(), e.createdAt().minus(LOOKBACK),
                        e.createdAt().plus(MARGIN)), cancelled));
        if (original.isPresent()) {
            SettlementResult.SetlInfo o = original.get();
            return answer.asCancelOf(cancelled, o.psnNo(), o.insutype(), o.medType());
        }
        if (answer.insutype() == null || answer.medType() == null) {
            throw new IllegalStateException("cancel " + e.msgid() + ": settlement " + cancelled
                    + " it cancels is not in the station's outbox, and the answer names no insutype and med_type");
        }
        return answer.asCancelOf(cancelled, answer.psnNo() != null ? answer.psnNo() : psnNo, answer.insutype(),
                answer.medType());
    }

    /** The setlinfo of the answered 2207 among {@code entries} that settled {@code setlId}, if any. */
    private static Optional<SettlementResult.SetlInfo> settlementIn(List<OutboxEntry> entries, String setlId) {
        for (OutboxEntry s : entries) {
            if (Transaction.SETTLEMENT.infno().equals(s.infno()) && s.state() == OutboxState.DONE) {
                SettlementResult.SetlInfo i = MessageCodec.readStoredResponse(s.response(), Transaction.SETTLEMENT)
                        .output().setlinfo();
                if (setlId.equals(i.setlId())) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode json(byte[] payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored message is not JSON", e);
        }
    }
}
