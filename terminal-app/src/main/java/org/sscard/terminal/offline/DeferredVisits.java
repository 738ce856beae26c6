package org.sscard.terminal.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.protocol.MedType;
import org.sscard.protocol.Transaction;
import org.sscard.store.DeferredVisitRows;
import org.sscard.store.OfflineTotals;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.ItemPricing;
import org.sscard.terminal.counter.PricedLine;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * Hospital visits taken while the link is down (DOMAIN §6 "Hospital offline"), for the cashier window and the CLI:
 * no pool-fund estimate is given, the patient pays the whole total in cash, the visit is stored and settled by the
 * forwarder when the link is back ({@link DeferredSettlement}); the fund share is then owed back to the patient
 * and paid out by the cashier ({@link #refundPaid}). See docs/terminal.md §10.
 */
public final class DeferredVisits {
    /** How long a finished visit (refund paid, refusal acknowledged, settlement cancelled) stays in the journal. */
    public static final Duration RETENTION = Duration.ofDays(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final StationConfig config;
    private final StationStore store;
    private final CentralLink link;
    private final OfflinePolicy policy;
    private final LinkMonitor monitor;
    private final Authorizer authorizer;
    private final Clock clock;
    private final ItemPricing pricing;

    public DeferredVisits(StationConfig config, StationStore store, CentralLink link, OfflinePolicy policy,
                          LinkMonitor monitor, Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.link = link;
        this.policy = policy;
        this.monitor = monitor;
        this.authorizer = authorizer;
        this.clock = clock;
        this.pricing = new ItemPricing(store.catalog());
    }

    /**
     * Takes an outpatient visit (med_type 11) as deferred: the link monitor must say OFFLINE; the items are priced
     * from the station catalog (every problem at once); the card is read with mutual authentication; the offline
     * policy decides ({@link OfflinePolicy#evaluateDeferred}: blacklist current, card not listed, queue limits); the
     * PIN is verified; then the whole visit is stored in one write and only then the receipt data are returned.
     * The PIN array is wiped.
     *
     * @throws OfflineRefusedException  the policy refused (nothing stored)
     * @throws DeferredVisitException   the link is not down
     */
    public DeferredReceipt take(CardSession session, char[] pin, List<CounterItem> items, String deptCode,
                                String doctorName) {
        try {
            Session operator = authorizer.require(Permission.VISIT, "deferred visit");
            LinkState link = monitor.state();
            if (link != LinkState.OFFLINE) {
                throw new DeferredVisitException(Reason.DEFERRED_LINK_UP, link);
            }
            // registered later with these: refused now, while the holder is here, if the settings do not list them
            Counter.department(config.departments(), deptCode);
            Counter.doctorCode(config.departments(), doctorName);
            List<PricedLine> lines = pricing.price(items).lines();
            Money total = Money.ZERO;
            List<DeferredVisit.Item> stored = new ArrayList<>();
            for (PricedLine l : lines) {
                total = total.plus(l.amount());
                stored.add(new DeferredVisit.Item(l.serial(), l.local().localCode(), l.national().code(), l.local().name(),
                        l.count(), l.price(), l.amount()));
            }
            CardData card = session.readCard();
            String cardNo = card.issuer().cardNumber().value();
            OfflineDecision decision = policy.evaluateDeferred(card.issuer().identificationCode(), cardNo, total);
            if (!decision.allowed()) {
                store.audit().record(operator.operatorId(), "deferred.refused", store.audit().cardRef(cardNo), decision.reason() + " total_fen="
                        + total.fen());
                throw new OfflineRefusedException(decision);
            }
            session.verifyPin(pin);
            return store(operator, card, stored, total, deptCode, doctorName);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private DeferredReceipt store(Session operator, CardData card, List<DeferredVisit.Item> items, Money total,
                                  String deptCode, String doctorName) {
        String cardNo = card.issuer().cardNumber().value();
        String ref = "DF" + link.msgIds().next().substring(12);
        String visitTime = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(WIRE_TIME);
        DeferredVisit visit = new DeferredVisit(ref, DeferredState.QUEUED, clock.instant().toString(), visitTime,
                operator.operatorId(), operator.displayName(), MedType.OUTPATIENT.code(), deptCode, doctorName, cardNo,
                card.issuer().identificationCode().hex().toUpperCase(Locale.ROOT), card.holder().name(),
                card.medical().insuredRegion(), card.medical().insuranceType(), items, total, null, null, Money.ZERO, Money.ZERO, null,
                null, null, null);
        DeferredJournal.add(store, visit);
        store.audit().record(operator.operatorId(), "deferred.take", ref, store.audit().cardRef(cardNo) + " items=" + items.size()
                + " total_fen=" + total.fen());
        return new DeferredReceipt(ref, config.institutionCode(), config.institutionName(), operator.operatorId(),
                visitTime, cardNo, visit.holderName(), deptCode, doctorName, items, total, total, DeferredReceipt.NOTE);
    }

    /** The answered cancels (2208) the station sent between {@code from} and {@code to}, by the setl_id they cancel. */
    private static Map<String, OutboxEntry> answeredCancels(StationStore store, Instant from, Instant to) {
        Map<String, OutboxEntry> bySetlId = new HashMap<>();
        for (OutboxEntry e : store.outbox().byInfno(Transaction.SETTLEMENT_CANCEL.infno(), from, to)) {
            String setlId = Transaction.SETTLEMENT_CANCEL.inputMembers(request(e)).path("setl_id").asText(null);
            if (e.state() == OutboxState.DONE && setlId != null) {
                bySetlId.putIfAbsent(setlId, e);
            }
        }
        return bySetlId;
    }

    private static JsonNode request(OutboxEntry e) {
        try {
            return JSON.readTree(e.payload());
        } catch (java.io.IOException x) {
            throw new IllegalStateException("a stored message is not JSON", x);
        }
    }

    /** Count, total and the oldest creation time of the deferred visits not yet settled or refused (no personal data). */
    public static OfflineTotals queuedTotals(StationStore store) {
        return DeferredJournal.queued(store);
    }

    /**
     * Every deferred visit of the station, oldest first (DEFERRED_VISITS; audited as a query). Before listing, a
     * SETTLED visit whose settlement the station has cancelled (2208 answered) becomes CANCELLED, and the visits
     * finished more than {@link #RETENTION} ago are pruned ({@link #prune}).
     */
    public List<DeferredVisit> list() {
        Session s = authorizer.require(Permission.DEFERRED_VISITS, "deferred list");
        recordCancels(store, clock);
        prune(store, clock);
        List<DeferredVisit> all = DeferredJournal.all(store);
        store.audit().record(s.operatorId(), "deferred.list", "-", all.size() + " visits");
        return all;
    }

    /** The visits not {@link DeferredVisit#finished() finished}, oldest first: what still needs someone (as {@link #list}). */
    public List<DeferredVisit> listOpen() {
        return list().stream().filter(v -> !v.finished()).toList();
    }

    /**
     * A supervisor (DEAD_LETTERS) acknowledges a REFUSED visit once the patient has been dealt with (the cash paid
     * covered the whole visit, so nothing is owed): it leaves the open list and is pruned after the retention.
     * Audited {@code deferred.refusal_ack} with the refusal's reason and the supervisor's {@code note}.
     */
    public DeferredVisit acknowledgeRefused(String ref, String note) {
        Session s = authorizer.require(Permission.DEAD_LETTERS, "acknowledge deferred " + ref);
        if (note == null || note.isBlank()) {
            throw new DeferredVisitException(Reason.DEFERRED_NOTE_REQUIRED, ref);
        }
        String now = clock.instant().toString();
        DeferredVisit done = DeferredJournal.update(store, ref, v -> {
            if (v.state() != DeferredState.REFUSED) {
                throw new DeferredVisitException(Reason.DEFERRED_NOT_REFUSED, ref, v.state());
            }
            if (v.closedAt() != null) {
                throw new DeferredVisitException(Reason.DEFERRED_ALREADY_ACKNOWLEDGED, ref, v.closedAt(),
                        v.closedBy());
            }
            return v.acknowledged(s.operatorId(), now);
        });
        store.audit().record(s.operatorId(), "deferred.refusal_ack", ref, "refused: " + done.reason() + "; note: "
                + note.strip());
        return done;
    }

    /**
     * Turns every SETTLED visit whose settlement has an answered cancel (2208) into CANCELLED (refund due 0; the
     * cancel's msgid, operator and time kept), audited {@code deferred.cancelled}. Returns how many changed.
     */
    static int recordCancels(StationStore store, Clock clock) {
        List<DeferredVisitRows.Key> settled = store.deferredVisits().keysIn(DeferredState.SETTLED.name()).stream()
                .filter(k -> k.setlId() != null).toList();
        if (settled.isEmpty()) {
            return 0;
        }
        Instant from = settled.get(0).createdAt();
        Map<String, OutboxEntry> cancels = answeredCancels(store, from, clock.instant().plus(Duration.ofDays(1)));
        int changed = 0;
        for (DeferredVisitRows.Key k : settled) {
            OutboxEntry c = cancels.get(k.setlId());
            if (c == null) {
                continue;
            }
            String by = request(c).path("opter").asText("-");
            Problem detail = Problem.of(Reason.DEFERRED_CANCELLED_BY, k.setlId(), c.msgid());
            Money[] refundDue = new Money[1];
            DeferredJournal.update(store, k.ref(), x -> {
                refundDue[0] = x.refundDue();
                return x.state() == DeferredState.SETTLED ? x.cancelled(detail, by, c.updatedAt().toString()) : x;
            });
            store.audit().record(by, "deferred.cancelled", k.ref(), detail.english() + "; refund due was "
                    + refundDue[0]);
            changed++;
        }
        return changed;
    }

    /**
     * Drops the visits finished (refund paid, refusal acknowledged, settlement cancelled) more than {@link #RETENTION}
     * ago from the journal, audited {@code deferred.prune} with their references; returns how many.
     */
    static int prune(StationStore store, Clock clock) {
        List<DeferredVisit> pruned = DeferredJournal.prune(store, clock.instant().minus(RETENTION));
        if (!pruned.isEmpty()) {
            store.audit().record(DeferredSettlement.OPERATOR, "deferred.prune", pruned.size() + " visits",
                    "finished before " + clock.instant().minus(RETENTION) + ": " + String.join(" ",
                    pruned.stream().map(v -> v.ref() + "=" + v.state()).toList()));
        }
        return pruned.size();
    }

    /**
     * Records that the fund share of a SETTLED deferred visit was paid back to the patient (DEFERRED_VISITS), audited
     * {@code deferred.refund_paid} with the amount. Refused when the station has cancelled (2208) the settlement.
     */
    public DeferredVisit refundPaid(String ref) {
        Session s = authorizer.require(Permission.DEFERRED_VISITS, "refund " + ref);
        recordCancels(store, clock);
        String now = clock.instant().toString();
        Money[] amount = new Money[1];
        DeferredVisit paid = DeferredJournal.update(store, ref, v -> {
            if (v.state() == DeferredState.CANCELLED) {
                throw new DeferredVisitException(Reason.DEFERRED_CANCELLED_NOTHING_OWED, ref, v.reason());
            }
            if (v.state() != DeferredState.SETTLED) {
                throw v.state() == DeferredState.REFUND_PAID
                        ? new DeferredVisitException(Reason.DEFERRED_REFUND_ALREADY_PAID, ref, v.state(),
                                v.refundPaidAt(), v.refundPaidBy())
                        : new DeferredVisitException(Reason.DEFERRED_NOTHING_TO_REFUND, ref, v.state());
            }
            amount[0] = v.refundDue();
            return v.refundPaid(s.operatorId(), now);
        });
        store.audit().record(s.operatorId(), "deferred.refund_paid", ref, "setl_id=" + paid.setlId() + " refund="
                + amount[0]);
        return paid;
    }
}
