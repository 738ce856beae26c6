package org.sscard.terminal.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.session.Application;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.DebitOutcomeUnknownException;
import org.sscard.card.session.DebitRequest;
import org.sscard.card.session.DebitResult;
import org.sscard.card.session.DebitUnconfirmedException;
import org.sscard.card.tlv.Codecs;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.Sm3;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Transaction;
import org.sscard.store.DebitJournal;
import org.sscard.store.OutboxMessage;
import org.sscard.store.RecoveryOp;
import org.sscard.store.StationCounters;
import org.sscard.store.StationStore;
import org.sscard.store.StoreException;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * Pharmacy offline debit from the card's personal-account balance (DOMAIN §6), for any screen or command to call.
 *
 * <p>Order, chosen so that a card pulled or a station stopped at any point loses nothing and charges nothing twice:
 * <ol>
 * <li>the card is read (mutual authentication); any earlier debit of this card whose outcome is unknown is resolved
 * first ({@link #resolvePending});</li>
 * <li>the offline policy decides (blacklist age and entry, every limit); the PIN is verified;</li>
 * <li>the debit is written to the station's journal (store state, one fsynced transaction) with every field of
 * its C110 record that exists before the card answers — msgid, terminal id and sequence, card, amount, time,
 * the card's offline sequence number and the balance after. The TAC, the last field, is made by the DEBIT
 * itself, so the C110 cannot be complete before the card has answered;</li>
 * <li>INITIALIZE FOR DEBIT + DEBIT (MAC1 from the security module, MAC2 verified by card-lib);</li>
 * <li>the complete C110 (TAC included) is queued in the durable outbox under the reserved msgid and the journal
 * entry removed, in that order (a crash in between leaves a journal entry whose msgid is already queued, which
 * {@link #resolvePending} recognises);</li>
 * <li>only then the receipt.</li>
 * </ol>
 * If the card gives no answer to DEBIT, card-lib raises {@link DebitOutcomeUnknownException}: the journal entry
 * becomes UNKNOWN and stays until the card is presented again. Then the card's offline sequence number tells: not
 * advanced → the card was not debited (entry dropped, nothing to forward); advanced → the card's medical EF06
 * records (read with {@code readCyclicRecord}) hold the record of this terminal, time, amount and sequence number,
 * with the TAC, and the C110 is queued from it. The central service books each (term_id, term_seq) once, so the
 * record can never be counted twice.
 */
public final class OfflineSale {
    public static final String STREAM = "offline-debit";
    private static final Logger LOG = LoggerFactory.getLogger(OfflineSale.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).registerModule(StoredMoney.module());
    private static final int EF06_RECORDS = 10;

    private final StationConfig config;
    private final StationStore store;
    private final CentralLink link;
    private final OfflinePolicy policy;
    private final Authorizer authorizer;
    private final Clock clock;
    private final byte[] terminalId;

    public OfflineSale(StationConfig config, StationStore store, CentralLink link, OfflinePolicy policy,
            Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.link = link;
        this.policy = policy;
        this.authorizer = authorizer;
        this.clock = clock;
        this.terminalId = terminalId(config);
    }

    /** The 6-byte terminal id of the debit commands: the first 6 bytes of SM3("term-id|" institution "|" dev_no). */
    public static byte[] terminalId(StationConfig config) {
        byte[] digest = Sm3.hash(("term-id|" + config.institutionCode() + "|" + config.deviceNumber())
                .getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest, 6);
    }

    /**
     * What the receipt shows. {@code mac2Verified} false: the card debited but its MAC2 was wrong (the central checks
     * the TAC). {@code records}: where the station's record of the debit (its C110) is — not up to date when the
     * station database could not be written after the card had debited; the debit stands all the same.
     */
    public record Receipt(String msgid, String cardNo, Money amount, Money balanceAfter, String termId, long termSeq,
                          String txnTime, String tac, boolean mac2Verified, String operator, Records records) {
        /** For the operator when the records are not up to date (the debit is made; never repeat it); else null. */
        public Problem advice() {
            return records == Records.UP_TO_DATE ? null : Problem.of(Reason.OFFLINE_DEBITED_RECORDS_BEHIND,
                    amount.toString(), balanceAfter.toString(), records.advice());
        }
    }

    /** How an unknown debit was settled when its card came back. */
    public record Resolution(String msgid, long termSeq, Money amount, boolean debited, String detail) {
    }

    /**
     * Reads the card, resolves its pending debits, checks the policy, verifies the PIN and debits
     * {@code amount}. The PIN array is wiped.
     *
     * @throws OfflineRefusedException       a limit or the blacklist refuses (nothing was done to the card)
     * @throws DebitOutcomeUnknownException the card did not answer the DEBIT: kept as unknown; present the card again
     */
    public Receipt debit(CardSession session, char[] pin, Money amount) {
        Session operator;
        CardData card;
        try {
            operator = authorizer.require(Permission.PHARMACY_SALE, "offline debit");
            card = session.readCard();
            resolvePending(session, card);
        } catch (RuntimeException e) {
            Arrays.fill(pin, '\0');
            throw e;
        }
        String cardNo = card.issuer().cardNumber().toString();
        String cardSn = card.issuer().identificationCode().hex().toUpperCase(Locale.ROOT);
        OfflineDecision decision = policy.evaluate(card.issuer().identificationCode(), cardNo, amount);
        if (!decision.allowed()) {
            Arrays.fill(pin, '\0');
            store.audit().record(operator.operatorId(), "offline.refused", store.audit().cardRef(cardNo), decision.reason() + " amount_fen=" + amount.fen());
            throw new OfflineRefusedException(decision);
        }
        session.verifyPin(pin);
        if (card.medical().balance().compareTo(amount) < 0) {
            throw new org.sscard.card.InsufficientBalanceException();
        }
        long termSeq = store.counters().update(StationCounters.Counter.OFFLINE_TERM, last -> (last + 1) & 0xFFFF_FFFFL);
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        PendingDebit pending = new PendingDebit(link.msgIds().next(), termSeq, cardNo, cardSn, amount,
                Fields.DATE_TIME.format(now), card.medical().offlineSeq(), card.medical().balance().minus(amount),
                operator.operatorId(), operator.displayName(), PendingDebit.PENDING);
        journal(pending);
        store.audit().record(operator.operatorId(), "offline.debit.start", pending.msgid(),
                store.audit().cardRef(cardNo) + " amount_fen=" + amount.fen() + " term_seq=" + termSeq);
        DebitResult result;
        boolean mac2Verified = true;
        try {
            result = session.debit(new DebitRequest(amount, terminalId, termSeq, now));
        } catch (DebitOutcomeUnknownException e) {
            // A journal entry left PENDING is treated as unknown all the same when the card comes back.
            journalQuietly(() -> journal(pending.withState(PendingDebit.UNKNOWN)));
            Records.keep(store, "audit the unknown debit " + pending.msgid(), new RecoveryOp.Audit(operator.operatorId(),
                    "offline.debit.unknown", pending.msgid(), store.audit().cardRef(cardNo) + " term_seq=" + termSeq));
            throw e;
        } catch (DebitUnconfirmedException e) {
            result = e.result();
            mac2Verified = false;
            LOG.warn("offline debit {}: the card's MAC2 did not verify; the TAC goes to the central service", pending.msgid());
        } catch (RuntimeException e) {
            // DEBIT was not sent (card-lib raises DebitOutcomeUnknownException once it was): nothing was debited. An entry
            // left in the journal is found not taken when the card comes back.
            journalQuietly(() -> store.debitJournal().remove(pending.msgid()));
            throw e;
        }
        DebitData d = result.data();
        Money balanceAfter = Money.ofFen(d.balanceAfter());
        if (d.offlineSeq() != pending.offlineSeq() || !balanceAfter.equals(pending.balanceAfter())) {
            LOG.warn("offline debit {}: the card reported offline seq {} / balance after {} instead of the {} / {} read before",
                    pending.msgid(), d.offlineSeq(), balanceAfter, pending.offlineSeq(), pending.balanceAfter());
        }
        PendingDebit done = new PendingDebit(pending.msgid(), termSeq, cardNo, cardSn, amount, pending.txnTime(),
                d.offlineSeq(), balanceAfter, pending.operator(), pending.operatorName(), pending.state());
        String tac = HEX.formatHex(result.tac());
        Records records = queue(done, tac).and(Records.keep(store, "audit the debit " + pending.msgid(),
                new RecoveryOp.Audit(operator.operatorId(), mac2Verified ? "offline.debit" : "offline.debit.mac2_wrong",
                        pending.msgid(), store.audit().cardRef(cardNo) + " amount_fen=" + amount.fen() + " term_seq=" + termSeq)));
        return new Receipt(pending.msgid(), cardNo, amount, balanceAfter, HEX.formatHex(terminalId), termSeq,
                pending.txnTime(), tac, mac2Verified, operator.operatorId(), records);
    }

    /**
     * Settles every journal entry of the card in {@code session} ({@code card} = what was just read from it): queues
     * the C110 of a debit the card made, drops one it did not make. Entries whose record the card no longer holds
     * (more than 10 later debits elsewhere) stay for the supervisor.
     */
    public List<Resolution> resolvePending(CardSession session, CardData card) {
        String cardSn = card.issuer().identificationCode().hex().toUpperCase(Locale.ROOT);
        List<Resolution> out = new ArrayList<>();
        for (PendingDebit p : pending()) {
            if (!p.cardSn().equals(cardSn)) {
                continue;
            }
            if (store.outbox().find(p.msgid()).isPresent()) {
                store.debitJournal().remove(p.msgid());
                out.add(new Resolution(p.msgid(), p.termSeq(), p.amount(), true, "already queued"));
                continue;
            }
            if (card.medical().offlineSeq() == p.offlineSeq()) {
                store.debitJournal().remove(p.msgid());
                store.audit().record(p.operator(), "offline.debit.not_taken", p.msgid(), store.audit().cardRef(p.cardNo())
                        + " term_seq=" + p.termSeq() + ": the card's offline sequence number did not advance");
                out.add(new Resolution(p.msgid(), p.termSeq(), p.amount(), false,
                        "the card was not debited; nothing is charged (the sale must be paid again)"));
                continue;
            }
            byte[] tac = findTac(session, p);
            if (tac == null) {
                LOG.warn("offline debit {}: the card no longer holds its record; it stays unresolved", p.msgid());
                continue;
            }
            queue(p, HEX.formatHex(tac));
            store.audit().record(p.operator(), "offline.debit.recovered", p.msgid(), store.audit().cardRef(p.cardNo()) + " term_seq="
                    + p.termSeq() + ": record and TAC read from the card's EF06");
            out.add(new Resolution(p.msgid(), p.termSeq(), p.amount(), true, "the card was debited; its record was queued"));
        }
        return out;
    }

    /** The journal: debits being made or of unknown outcome, oldest first. */
    public List<PendingDebit> pending() {
        return journal(store);
    }

    /** The debit journal of {@code store} (see {@link #pending}). */
    public static List<PendingDebit> journal(StationStore store) {
        List<PendingDebit> out = new ArrayList<>();
        for (DebitJournal.Entry e : store.debitJournal().all()) {
            try {
                out.add(JSON.readValue(e.body(), PendingDebit.class));
            } catch (JsonProcessingException x) {
                throw new IllegalStateException("offline debit " + e.msgid() + " in the journal is not readable", x);
            }
        }
        return out;
    }

    private byte[] findTac(CardSession session, PendingDebit p) {
        byte[] dateTime = Codecs.encodeDateTime(LocalDateTime.parse(p.txnTime(), Fields.DATE_TIME), "txn_time");
        for (int n = 1; n <= EF06_RECORDS; n++) {
            byte[] r;
            try {
                r = session.readCyclicRecord(Application.EF06, n);
            } catch (CardFileNotFoundException e) {
                return null;
            }
            boolean match = Arrays.equals(r, 0, 6, terminalId, 0, 6) && Arrays.equals(r, 6, 13, dateTime, 0, 7)
                    && Codecs.decodeAmount(Arrays.copyOfRange(r, 13, 17), "amount") == p.amount().fen()
                    && Codecs.decodeUnsigned(Arrays.copyOfRange(r, 21, 23), 2, "offline seq") == p.offlineSeq();
            if (match) {
                return Arrays.copyOfRange(r, 23, 27);
            }
        }
        return null;
    }

    /**
     * Queues the C110 of a debit the card made (idempotent by msgid; in the recovery reserve if the database cannot be
     * written), then drops its journal entry (an entry left behind is recognised as queued when the card comes back).
     */
    private Records queue(PendingDebit p, String tac) {
        CardService.OfflineDebit record = new CardService.OfflineDebit(HEX.formatHex(terminalId), p.termSeq(), p.cardNo(),
                p.cardSn(), (long) p.offlineSeq(), p.txnTime(), p.amount(), p.balanceAfter(), tac);
        PreparedMessage m = link.prepare(Transaction.OFFLINE_DEBITS, new CardService.OfflineDebits(List.of(record)),
                new Opter(p.operator(), p.operatorName()), config.insuranceRegion(), p.msgid());
        Records records = Records.keep(store, "queue the C110 of debit " + p.msgid(), new RecoveryOp.Enqueue(p.operator(),
                new OutboxMessage(m.msgid(), STREAM, m.infno(), m.body(), true, p.cardSn(),
                        p.amount())));
        if (records == Records.UP_TO_DATE) {
            store.debitJournal().remove(p.msgid());
        }
        return records;
    }

    private void journalQuietly(Runnable change) {
        try {
            change.run();
        } catch (StoreException e) {
            LOG.warn("the offline debit journal could not be updated: {}", e.getMessage());
        }
    }

    /** Journals the debit, or replaces its journaled entry, in one write of its row. */
    private void journal(PendingDebit debit) {
        try {
            store.debitJournal().put(new DebitJournal.Entry(debit.msgid(), debit.state(), JSON.writeValueAsString(debit)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write offline debit " + debit.msgid() + " to the journal", e);
        }
    }
}
