package org.sscard.terminal.desk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.crypto.SecurityModule;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.card.Credential;
import org.sscard.terminal.card.HolderView;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.card.PresentedEcode;
import org.sscard.terminal.counter.Basket;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.CounterException;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.PricedLine;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.values.Money;

/**
 * One counter window (hospital visits, med_type 11, or pharmacy sales, 41): it holds the presented card and the
 * visit, and it alone decides what the operator can do next ({@link NextStep}). The JavaFX counter screen and the
 * command line are views over it: they ask for the PIN and the confirmations, show the step and print the receipt it
 * makes. Online: the card is presented (PIN, 1101), the holder checked, the visit registered (2201), its items
 * uploaded and pre-settled (2204, 2206), confirmed and settled (2207, card updated); a visit left pending or unknown is
 * resumed later with what it was begun with (the card, or a fresh 医保码 of the same person). Instead of the card the
 * holder may show the 医保码 (医保电子凭证, {@link #presentEcode}): the same visit, with no PIN and no card write; it needs
 * the link. While the link is down the pharmacy debits the card offline and the cashier window takes the visit as
 * deferred. Not thread-safe: one window, one worker.
 */
public final class CounterDesk implements AutoCloseable {
    /** The words of the receipts the desk makes ({@code desk.properties}, zh_CN root, {@code _en}). */
    public static final String RECEIPT_WORDS = "org.sscard.terminal.desk.desk";

    /**
     * What a counter window works with (all of terminal-app). {@code offlineSale}, {@code cardSlot}, {@code module},
     * {@code linkDown} and {@code deferredVisits} may be null: then the window works online only (or without deferred
     * visits).
     *
     * @param linkDown true while the link monitor reports the central service unreachable
     */
    public record Setup(CardPresentation presentation, Counter counter, String institutionName, String deviceNumber,
                        OfflineSale offlineSale, CardSlot cardSlot, SecurityModule module, BooleanSupplier linkDown,
                        DeferredVisits deferredVisits) {
        /** Online only. */
        public Setup(CardPresentation presentation, Counter counter, String institutionName, String deviceNumber) {
            this(presentation, counter, institutionName, deviceNumber, null, null, null, null, null);
        }

        boolean offline() {
            return linkDown != null && linkDown.getAsBoolean();
        }

        boolean offlineDebitAvailable() {
            return offlineSale != null && cardSlot != null && module != null;
        }

        boolean deferredAvailable() {
            return deferredVisits != null && cardSlot != null && module != null;
        }
    }

    /**
     * One line as the operator entered it: the item, its name and amount as shown, and whether the catalog maps it.
     * {@code item} is null for an amount without items (the command line's offline debit).
     */
    public record Line(CounterItem item, String name, Money amount, boolean matched) {
    }

    /**
     * What the operator entered for the visit: the lines, department and doctor (empty: this counter's defaults), and
     * whether the person, the ID and the card were checked to match (人证卡相符).
     */
    public record Order(List<Line> lines, String department, String doctor, boolean holderConfirmed) {
        public Order {
            lines = List.copyOf(lines);
            department = department == null ? "" : department.trim();
            doctor = doctor == null ? "" : doctor.trim();
        }

        /** An order of items only (the command line: names and amounts come from the catalog). */
        public static Order of(List<CounterItem> items, String department, String doctor) {
            return new Order(items.stream().map(i -> new Line(i, i.code(), Money.ZERO, true)).toList(), department, doctor, true);
        }

        /** An amount to debit offline without items (the command line's offline debit of {@code --amount}). */
        public static Order ofTotal(Money total) {
            return new Order(List.of(new Line(null, "", total, true)), "", "", true);
        }

        public List<CounterItem> items() {
            return lines.stream().map(Line::item).filter(Objects::nonNull).toList();
        }

        List<String> unmatched() {
            return lines.stream().filter(l -> !l.matched()).map(Line::name).toList();
        }

        Money total() {
            return lines.stream().map(Line::amount).reduce(Money.ZERO, Money::plus);
        }
    }

    /** What the card's removal leaves: {@code visit} is the visit it left open, if any. */
    public record CardOut(Kind kind, Visit visit) {
        public enum Kind {
            /** Settled, sold offline, taken deferred or cancelled: the window is ready for the next patient. */
            FINISHED,
            /** Fees uploaded, pre-settled, pending or unknown: it stays open in the store and can be resumed. */
            VISIT_OPEN,
            /** Nothing was settled: the items stay for the card inserted again. */
            NOTHING_SETTLED
        }
    }

    private final Setup setup;
    private final MedType medType;
    private PresentedCard card;
    private PresentedEcode ecode;
    private Visit visit;
    private List<CounterItem> uploaded;
    private String resuming;
    /** The open visit begun with a 医保码 that the next 医保码 presented resumes ({@link #chooseToResume}). */
    private OpenVisits.OpenVisit awaitingEcode;
    private CountingTransport offlineTransport;
    private CardSession offlineSession;
    private CardData offlineCard;
    private Order paidLinkDown;
    private OfflineSale.Receipt offlineSold;
    private DeferredReceipt deferredTaken;
    /** The platform's notices ({@code warn_msg}) heard during this desk's steps, until {@link #takeNotices}. */
    private final List<String> notices = new CopyOnWriteArrayList<>();
    /** The thread running one of this desk's steps (the link may serve other windows' desks meanwhile). */
    private volatile Thread stepping;

    public CounterDesk(Setup setup, MedType medType) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.medType = Objects.requireNonNull(medType, "medType");
        if (setup.counter() != null) {
            setup.counter().addWarningListener(this::heard);
        }
    }

    private void heard(String warnMsg) {
        if (Thread.currentThread() == stepping) {
            notices.add(warnMsg);
        }
    }

    /** A step that may talk to the platform: its answers' notices are kept for {@link #takeNotices}. */
    private interface Step<E extends Exception> {
        NextStep run() throws E;
    }

    private <E extends Exception> NextStep listening(Step<E> step) throws E {
        Thread outer = stepping;
        stepping = Thread.currentThread();
        try {
            return step.run();
        } finally {
            stepping = outer;
        }
    }

    /**
     * The notices ({@code warn_msg}) the platform sent with its answers to this desk's steps since the last call, in
     * order, and forgets them: shown to the operator beside the step (a notice changes nothing in the answer and
     * blocks nothing), on a success as on a refusal.
     */
    public List<String> takeNotices() {
        List<String> taken = List.copyOf(notices);
        notices.removeAll(taken);
        return taken;
    }

    public MedType medType() {
        return medType;
    }

    /** Department of a new visit when the operator leaves it empty. */
    public static String defaultDepartment(MedType medType) {
        return medType == MedType.PHARMACY ? "PHARMACY" : "OUTPATIENT";
    }

    /** Doctor of a new visit when the operator leaves it empty. */
    public static String defaultDoctor(MedType medType) {
        return medType == MedType.PHARMACY ? "药师" : "门诊医生";
    }

    /**
     * F2: forgets the last patient and reads the card. Online the holder types the PIN ({@code pin} asks for it) and
     * the card is presented (mutual authentication, blacklist, VERIFY PIN, 1101); while the link is down the card is
     * read without the central service and the PIN is asked when paying.
     */
    public NextStep readCard(PinSource pin) throws InterruptedException {
        return listening(() -> readCardNow(pin));
    }

    private NextStep readCardNow(PinSource pin) throws InterruptedException {
        forget();
        if (setup.offline()) {
            return linkDownWork() == null ? new NextStep.WaitForLink() : readOffline();
        }
        Optional<char[]> typed = pin.ask();
        if (typed.isEmpty()) {
            return new NextStep.PinNotGiven();
        }
        card = present(typed.get());
        return new NextStep.CheckHolder(card.holder(), false, null);
    }

    /**
     * F2's card-less path: the 医保码 the cashier scanned (or typed) instead of a card. Forgets the last patient; the
     * platform decodes the code (C201) and the person is queried with the token (1101), with no PIN (the holder
     * authenticated on the phone). While the link is down it is refused ({@link NextStep.EcodeNeedsLink}): the code is
     * decoded only by the platform, and a deferred visit needs the card's authentication and PIN. When the desk waits
     * for the 医保码 of an open visit ({@link #chooseToResume}), the code is for that visit instead.
     */
    public NextStep presentEcode(String code) {
        return listening(() -> awaitingEcode != null ? presentEcodeForResumeNow(code) : presentEcodeNow(code));
    }

    private NextStep presentEcodeNow(String code) {
        forget();
        if (setup.offline()) {
            return new NextStep.EcodeNeedsLink();
        }
        ecode = setup.presentation().presentEcode(code);
        return new NextStep.CheckHolder(ecode.holder(), false, null);
    }

    /** What the holder presented online: the card or the 医保码; null when neither. */
    private Credential credential() {
        return card != null ? card : ecode;
    }

    /** The holder's card presented with {@code pin} (wiped afterwards). */
    private PresentedCard present(char[] pin) {
        try {
            return setup.presentation().present(pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private NextStep readOffline() {
        CountingTransport transport = setup.cardSlot().connect();
        boolean kept = false;
        try {
            CardSession session = new CardSession(transport, setup.module());
            CardData data = session.readCard();
            offlineTransport = transport;
            offlineSession = session;
            offlineCard = data;
            kept = true;
        } finally {
            if (!kept) {
                transport.close();
            }
        }
        var h = offlineCard.holder();
        var m = offlineCard.medical();
        HolderView holder = new HolderView(h.name(), h.sex(), h.birthDate(), h.maskedSocialSecurityNumber(),
                offlineCard.issuer().cardNumber().toString(), null, m.insuranceType(), m.personType(), null,
                m.insuredRegion(), m.balance());
        return new NextStep.CheckHolder(holder, true, linkDownWork());
    }

    /** While the link is down: the pharmacy debits offline, the cashier window takes deferred visits (if it can). */
    private LinkDownWork linkDownWork() {
        if (medType == MedType.PHARMACY) {
            return setup.offlineDebitAvailable() ? LinkDownWork.OFFLINE_DEBIT : null;
        }
        return setup.deferredAvailable() ? LinkDownWork.DEFERRED_VISIT : null;
    }

    /**
     * F8 (and the command line's visit): moves the visit on as far as it goes without the operator. Online: registers
     * the visit with the order's items (2201), uploads and pre-settles them (2204, 2206); for a visit found pending
     * or unknown when asked (not one that became so in this call: its retry is not due yet) sends the message again or
     * looks whether it was resolved; pre-settles again after a reversal; and stops at the
     * confirmation of the split or where the visit stands. Link down: the checks before a payment, then the
     * confirmation of the total.
     */
    public NextStep go(Order order) {
        return listening(() -> goNow(order));
    }

    private NextStep goNow(Order order) {
        if (offlineSession != null) {
            return agreeLinkDown(order);
        }
        if (awaitingEcode != null) {
            return new NextStep.ScanEcodeToResume(awaitingEcode.mdtrtId());
        }
        if (credential() == null) {
            return setup.offline() && linkDownWork() == null ? new NextStep.WaitForLink() : new NextStep.PresentCard();
        }
        if (visit == null && setup.offline()) {
            return ecode != null ? new NextStep.EcodeNeedsLink()
                    : linkDownWork() == null ? new NextStep.WaitForLink() : agreeLinkDown(order);
        }
        if (visit != null && visit.state() == VisitState.SETTLED) {
            return new NextStep.AlreadySettled(visit.settlement().setlinfo().setlId());
        }
        if (!order.holderConfirmed()) {
            return new NextStep.ConfirmHolderFirst();
        }
        Counter counter = setup.counter();
        if (visit == null) {
            Basket basket = counter.basket(order.items());
            visit = counter.register(credential(), medType,
                    order.department().isEmpty() ? defaultDepartment(medType) : order.department(),
                    order.doctor().isEmpty() ? defaultDoctor(medType) : order.doctor(), basket);
            uploaded = order.items();
        } else if (!order.items().equals(uploaded)) {
            return new NextStep.ItemsChanged();
        }
        VisitState found = visit.state();
        if (found == VisitState.REGISTERED) {
            counter.uploadAndPreSettle(visit);
        } else if (found == VisitState.PENDING) {
            counter.retry(visit);
        } else if (found == VisitState.OUTCOME_UNKNOWN) {
            counter.refresh(visit);
        }
        if (visit.state() == VisitState.REVERSED) {
            counter.preSettleAgain(visit);
        }
        return where(visit);
    }

    /** After the operator confirmed the split: 2207 through the outbox, the card updated, the receipt made. */
    public NextStep settle() {
        return listening(this::settleNow);
    }

    private NextStep settleNow() {
        if (visit == null || visit.state() != VisitState.PRE_SETTLED) {
            return visit == null ? new NextStep.PresentCard() : where(visit);
        }
        setup.counter().settle(visit);
        return where(visit);
    }

    private static NextStep where(Visit v) {
        return switch (v.state()) {
            case SETTLED -> new NextStep.Settled(v);
            case PRE_SETTLED -> new NextStep.ConfirmSettlement(v);
            case PENDING -> new NextStep.Pending(v);
            case OUTCOME_UNKNOWN -> new NextStep.OutcomeUnknown(v);
            case REFUSED -> new NextStep.Refused(v);
            default -> new NextStep.Stands(v);
        };
    }

    private NextStep agreeLinkDown(Order order) {
        LinkDownWork work = linkDownWork();
        if (work == LinkDownWork.OFFLINE_DEBIT && offlineSold != null) {
            return new NextStep.AlreadySold(offlineSold.msgid());
        }
        if (work == LinkDownWork.DEFERRED_VISIT && deferredTaken != null) {
            return new NextStep.AlreadyTaken(deferredTaken.ref());
        }
        if (!setup.offline()) {
            return new NextStep.LinkBack(work);
        }
        if (!order.holderConfirmed()) {
            return new NextStep.ConfirmHolderFirst();
        }
        if (work == LinkDownWork.DEFERRED_VISIT && !order.unmatched().isEmpty()) {
            return new NextStep.UnmatchedItems(order.unmatched());
        }
        return new NextStep.ConfirmLinkDownPayment(work, order.total());
    }

    /**
     * After the operator confirmed the total of a {@link NextStep.ConfirmLinkDownPayment} and the holder typed the
     * PIN (wiped afterwards): the offline debit (policy, PIN, journal, DEBIT, C110 queued) or the deferred visit
     * (priced, card authenticated, policy, PIN, stored). A refusal of the offline policy did nothing to the card.
     */
    public NextStep payLinkDown(Order order, char[] pin) {
        if (offlineSession == null && card == null) {
            Arrays.fill(pin, '\0');
            return new NextStep.EcodeNeedsLink();
        }
        CardSession session = offlineSession != null ? offlineSession : card.session();
        try {
            if (linkDownWork() == LinkDownWork.OFFLINE_DEBIT) {
                offlineSold = setup.offlineSale().debit(session, pin, order.total());
                paidLinkDown = order;
                return new NextStep.SoldOffline(offlineSold);
            }
            deferredTaken = setup.deferredVisits().take(session, pin, order.items(),
                    order.department().isEmpty() ? defaultDepartment(medType) : order.department(),
                    order.doctor().isEmpty() ? defaultDoctor(medType) : order.doctor());
            paidLinkDown = order;
            return new NextStep.TakenDeferred(deferredTaken);
        } catch (OfflineRefusedException e) {
            return new NextStep.OfflineRefused(e.decision());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** F6: the station's open visits of this counter's kind, to resume one (not while the link is down). */
    public NextStep openVisits() {
        if (setup.offline()) {
            return new NextStep.NotWhileLinkDown();
        }
        return new NextStep.ChooseVisit(setup.counter().visits(true).stream().filter(v -> v.medType() == medType)
                .toList());
    }

    /**
     * F6, a visit chosen: what resuming the stored visit {@code mdtrtId} needs, decided by what its holder presented
     * when it was begun. The card: it is presented again ({@link #presentForResume}). A 医保码: a fresh one of the same
     * person, scanned or typed; the next 医保码 presented to this desk goes to this visit (until {@link #forget}). While
     * the link is down no visit is resumed; for one begun with a 医保码 the desk says that the code needs the link.
     */
    public NextStep chooseToResume(String mdtrtId) {
        forget();
        OpenVisits.OpenVisit chosen = setup.counter().openVisit(mdtrtId);
        if (setup.offline()) {
            return chosen.begunWithEcode() ? new NextStep.EcodeNeedsLink() : new NextStep.NotWhileLinkDown();
        }
        if (chosen.begunWithEcode()) {
            awaitingEcode = chosen;
            return new NextStep.ScanEcodeToResume(mdtrtId);
        }
        return new NextStep.PresentCardToResume(mdtrtId);
    }

    /**
     * The holder's card presented again (PIN, 1101) for the stored visit {@code mdtrtId}; the operator confirms. A
     * visit begun with a 医保码 asks for one instead ({@link #chooseToResume}); no PIN is asked then.
     */
    public NextStep presentForResume(String mdtrtId, PinSource pin) throws InterruptedException {
        return listening(() -> presentForResumeNow(mdtrtId, pin));
    }

    private NextStep presentForResumeNow(String mdtrtId, PinSource pin) throws InterruptedException {
        NextStep needed = chooseToResume(mdtrtId);
        if (!(needed instanceof NextStep.PresentCardToResume)) {
            return needed;
        }
        Optional<char[]> typed = pin.ask();
        if (typed.isEmpty()) {
            return new NextStep.PinNotGiven();
        }
        card = present(typed.get());
        resuming = mdtrtId;
        return new NextStep.ConfirmResume(mdtrtId, card.holder());
    }

    /**
     * A fresh 医保码 presented for the stored visit {@code mdtrtId} (decoded, 1101, no PIN); the operator confirms. A
     * visit begun with the card needs the card ({@link NextStep.PresentCardToResume}).
     */
    public NextStep presentEcodeForResume(String mdtrtId, String code) {
        NextStep needed = chooseToResume(mdtrtId);
        return needed instanceof NextStep.ScanEcodeToResume ? presentEcode(code) : needed;
    }

    /**
     * The 医保码 presented for the visit {@link #chooseToResume} awaits it: the platform decodes it (C201) and names its
     * person (1101), who must be the visit's holder; a code refused by the platform (used, expired) or of another
     * person leaves the desk waiting for the right one.
     */
    private NextStep presentEcodeForResumeNow(String code) {
        OpenVisits.OpenVisit awaited = awaitingEcode;
        if (setup.offline()) {
            return new NextStep.EcodeNeedsLink();
        }
        PresentedEcode presented = setup.presentation().presentEcode(code);
        if (!presented.personNumber().equals(awaited.psnNo())) {
            throw new CounterException(Reason.ECODE_NOT_THE_VISITS_HOLDER, awaited.mdtrtId());
        }
        awaitingEcode = null;
        ecode = presented;
        resuming = awaited.mdtrtId();
        return new NextStep.ConfirmResume(awaited.mdtrtId(), presented.holder());
    }

    /**
     * Picks up the stored visit the card or the 医保码 was presented for ({@link #presentForResume}, {@link #presentEcode}
     * after {@link #chooseToResume}) and moves it on as far as it goes without the operator (see {@link Counter#resume});
     * its items become the visit's.
     */
    public NextStep resume() {
        return listening(this::resumeNow);
    }

    private NextStep resumeNow() {
        if (credential() == null || resuming == null) {
            return new NextStep.PresentCard();
        }
        visit = setup.counter().resume(resuming, credential());
        List<CounterItem> items = new ArrayList<>();
        for (PricedLine l : visit.lines()) {
            items.add(new CounterItem(l.local().localCode(), l.count()));
        }
        uploaded = List.copyOf(items);
        return where(visit);
    }

    /** The visit the desk holds (resumed, registered or settled), if any. */
    public Optional<Visit> visit() {
        return Optional.ofNullable(visit);
    }

    /** F7: a settlement of this station is cancelled by its number (not while the link is down). */
    public NextStep startCancel() {
        return setup.offline() ? new NextStep.NotWhileLinkDown() : new NextStep.AskSettlementId();
    }

    /** The settlement to cancel, for the operator's confirmation; with the holder's card presented, it is written back. */
    public NextStep planCancel(String setlId) {
        return listening(() -> planCancelNow(setlId));
    }

    private NextStep planCancelNow(String setlId) {
        Optional<SettledRecords.Record> original = setup.counter().records().findSettlement(setlId);
        if (original.isEmpty()) {
            return new NextStep.NoSuchSettlement(setlId);
        }
        return new NextStep.ConfirmCancel(original.get(), holderCardOf(original.get()) != null);
    }

    /**
     * 2208 after the operator's confirmation. The counter checks the permission (a cashier their own settlements of
     * the current shift, a supervisor any).
     */
    public NextStep cancel(String setlId) {
        return listening(() -> cancelNow(setlId));
    }

    private NextStep cancelNow(String setlId) {
        PresentedCard holderCard = setup.counter().records().findSettlement(setlId).map(this::holderCardOf).orElse(null);
        return new NextStep.Cancelled(setup.counter().cancel(setlId, holderCard), holderCard != null);
    }

    private PresentedCard holderCardOf(SettledRecords.Record original) {
        return card != null && card.cardNumber().equals(original.cardNumber()) ? card : null;
    }

    /**
     * The card was taken out between jobs: the desk forgets it and says what that leaves. A visit with its fees
     * uploaded, pre-settled, or whose message is pending or unknown stays open in the store.
     */
    public CardOut cardRemoved() {
        Visit v = visit;
        boolean finished = offlineSold != null || deferredTaken != null
                || v != null && (v.state() == VisitState.SETTLED || v.state() == VisitState.CANCELLED);
        boolean open = !finished && v != null && switch (v.state()) {
            case FEES_UPLOADED, PRE_SETTLED, REVERSED, PENDING, OUTCOME_UNKNOWN -> true;
            default -> false;
        };
        forget();
        return new CardOut(finished ? CardOut.Kind.FINISHED : open ? CardOut.Kind.VISIT_OPEN
                : CardOut.Kind.NOTHING_SETTLED, open ? v : null);
    }

    /** Esc: gives the card back and forgets the visit (a pending or unknown 2207 is finished by the forwarder). */
    public void forget() {
        visit = null;
        uploaded = null;
        resuming = null;
        awaitingEcode = null;
        offlineSold = null;
        deferredTaken = null;
        paidLinkDown = null;
        offlineCard = null;
        offlineSession = null;
        ecode = null;
        if (offlineTransport != null) {
            offlineTransport.close();
            offlineTransport = null;
        }
        if (card != null) {
            card.close();
            card = null;
        }
    }

    @Override
    public void close() {
        forget();
    }

    /**
     * The receipt to print for a settled visit, an offline debit or a deferred visit ({@code step} as this desk
     * returned it), with the operator's name, in the language of {@code locale}.
     */
    public Receipt receipt(NextStep step, String operatorName, Locale locale) {
        ResourceBundle words = ResourceBundle.getBundle(RECEIPT_WORDS, "en".equals(locale.getLanguage())
                ? Locale.ENGLISH : Locale.ROOT, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
        if (step instanceof NextStep.Settled s) {
            List<Receipt.Line> lines = new ArrayList<>();
            for (PricedLine l : s.visit().lines()) {
                lines.add(Receipt.Line.printed(l.local().name(), l.count(), l.amount()));
            }
            Receipt settled = Receipt.of(new Receipt.Header(setup.institutionName(), setup.deviceNumber(), operatorName,
                    s.visit().credential().holder().name()), s.visit().settlement(), lines);
            return s.visit().card() == null ? settled.withEVoucher() : settled;
        }
        if (step instanceof NextStep.SoldOffline s) {
            OfflineSale.Receipt sold = s.sold();
            List<Receipt.Line> lines = paidLinkDown.lines().stream().map(l -> Receipt.Line.printed(l.name(),
                    l.item().count(), l.amount())).toList();
            String holder = offlineCard != null ? offlineCard.holder().name() : card != null ? card.holder().name() : "";
            return new Receipt(new Receipt.Header(setup.institutionName(), setup.deviceNumber(), operatorName, holder),
                    sold.cardNo(), null, words.getString("offline.insurance"), null, sold.msgid(), null,
                    sold.termId() + "/" + sold.termSeq(), sold.msgid(), sold.txnTime(), lines,
                    Receipt.Amounts.paid(sold.amount(), Money.ZERO, sold.balanceAfter()),
                    List.of(), true, true);
        }
        if (step instanceof NextStep.TakenDeferred t) {
            DeferredReceipt taken = t.taken();
            List<Receipt.Line> lines = new ArrayList<>();
            for (DeferredVisit.Item i : taken.items()) {
                lines.add(Receipt.Line.printed(i.name(), i.count(), i.amount()));
            }
            return new Receipt(new Receipt.Header(setup.institutionName(), setup.deviceNumber(), operatorName,
                    taken.holderName()), null, null, words.getString("deferred.insurance"), null, taken.ref(), null,
                    words.getString("deferred.visit"), null, taken.visitTime(), lines,
                    Receipt.Amounts.paid(Money.ZERO, taken.paidCash(), Money.ZERO), List.of(), false,
                    true);
        }
        if (step instanceof NextStep.Cancelled c) {
            return cancellationSlip(setup.institutionName(), setup.deviceNumber(), operatorName, c.done());
        }
        throw new IllegalArgumentException("no receipt for " + step.getClass().getSimpleName());
    }

    /** The cancellation slip of a 2208 (negative amounts, {@code orig_setl_id}); also printed by the supervisor's cancel. */
    public static Receipt cancellationSlip(String institutionName, String deviceNumber, String operatorName,
                                           Receipt done) {
        Receipt.Header h = done.header();
        return new Receipt(new Receipt.Header(h.institutionCode(), institutionName, deviceNumber, h.operatorId(),
                operatorName, h.patientName()), done.cardNumber(), done.insutype(), done.insuranceLabel(),
                done.medType(), done.setlId(), done.origSetlId(), done.mdtrtId(), done.msgid(), done.setlTime(),
                List.of(), done.amounts(), List.of(), done.cardUpdated(), false);
    }
}
