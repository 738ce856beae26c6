package org.sscard.terminal.desk;

import java.util.List;
import org.sscard.terminal.card.HolderView;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.OfflineDecision;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.values.Money;

/**
 * What the operator can do next at the counter, or where the visit now stands, as {@link CounterDesk} decided it.
 * The screens and the command line show a step and offer what it names; they decide nothing themselves.
 */
public sealed interface NextStep {
    /** A step that is about the visit the desk holds. */
    interface OfVisit {
        Visit visit();
    }

    /** No card yet: present the holder's card (online: the PIN, then 1101; link down: read without the service). */
    record PresentCard() implements NextStep {
    }

    /** The holder typed no PIN: nothing was done. */
    record PinNotGiven() implements NextStep {
    }

    /**
     * A 医保码 was presented while the link is down: it needs the link (the platform decodes it) and is not taken as a
     * deferred visit (that needs the card's authentication and PIN); the holder inserts the card or waits for the link.
     */
    record EcodeNeedsLink() implements NextStep {
    }

    /** The link is down at a cashier window that takes no deferred visits: a hospital visit waits for the link. */
    record WaitForLink() implements NextStep {
    }

    /**
     * The card is read: check that person, ID and card match (人证卡相符), enter the items and go on.
     *
     * @param linkDown read without the central service (the balance is the card's own)
     * @param work     while the link is down, what the counter takes (a debit or a deferred visit); null online
     */
    record CheckHolder(HolderView holder, boolean linkDown, LinkDownWork work) implements NextStep {
    }

    /** The operator has not ticked that person, ID and card match. */
    record ConfirmHolderFirst() implements NextStep {
    }

    /** The items differ from those the visit was registered with: the visit goes on with its own, or is given up. */
    record ItemsChanged() implements NextStep {
    }

    /** Items without a national code match; a deferred visit takes mapped items only. */
    record UnmatchedItems(List<String> names) implements NextStep {
    }

    /** The link is back: this visit is settled online, not taken as link-down work. */
    record LinkBack(LinkDownWork work) implements NextStep {
    }

    /** This visit is already settled ({@code setlId}). */
    record AlreadySettled(String setlId) implements NextStep {
    }

    /** This card was already debited offline for this sale ({@code msgid}). */
    record AlreadySold(String msgid) implements NextStep {
    }

    /** This visit was already taken as deferred ({@code ref}). */
    record AlreadyTaken(String ref) implements NextStep {
    }

    /** Pre-settled: show the split ({@code visit.preview()}) and ask the operator to confirm; then {@code settle()}. */
    record ConfirmSettlement(Visit visit) implements NextStep, OfVisit {
    }

    /** The operator confirms the total, then the holder types the PIN; then {@code payLinkDown}. */
    record ConfirmLinkDownPayment(LinkDownWork work, Money total) implements NextStep {
    }

    /** Settled: the receipt is made ({@code visit.receipt()}); the card may not have been updated. */
    record Settled(Visit visit) implements NextStep, OfVisit {
    }

    /** A message of the visit waits for the link: sent again by a retry or by the forwarder. */
    record Pending(Visit visit) implements NextStep, OfVisit {
    }

    /** A message was sent without an answer: nothing more until the forwarder's reversal has settled it. */
    record OutcomeUnknown(Visit visit) implements NextStep, OfVisit {
    }

    /** Refused ({@code visit.problem()} says why); nothing was settled. */
    record Refused(Visit visit) implements NextStep, OfVisit {
    }

    /** Any other state of the visit (shown as it is). */
    record Stands(Visit visit) implements NextStep, OfVisit {
    }

    /** The offline policy refused the payment (the decision says which limit); nothing was done to the card. */
    record OfflineRefused(OfflineDecision decision) implements NextStep {
    }

    /** The card was debited offline; the C110 waits for the forwarder. */
    record SoldOffline(OfflineSale.Receipt sold) implements NextStep {
    }

    /** The visit was taken as deferred: the patient paid the whole total; the fund share is settled later. */
    record TakenDeferred(DeferredReceipt taken) implements NextStep {
    }

    /**
     * The stored visit {@code mdtrtId} was begun with the holder's card: the card is presented again (PIN, 1101) to
     * resume it ({@code presentForResume}).
     */
    record PresentCardToResume(String mdtrtId) implements NextStep {
    }

    /**
     * The stored visit {@code mdtrtId} was begun with a 医保码: the holder shows a fresh one (the code is single-use and
     * short-lived), scanned or typed; the desk takes the next 医保码 presented for this visit ({@code presentEcode}), with
     * no PIN, once the platform knows it for the same person.
     */
    record ScanEcodeToResume(String mdtrtId) implements NextStep {
    }

    /**
     * The holder's card or 医保码 is presented for the stored visit {@code mdtrtId}: the operator confirms, then
     * {@code resume()}.
     */
    record ConfirmResume(String mdtrtId, HolderView holder) implements NextStep {
    }

    /** Not while the link is down (resuming a visit, cancelling a settlement). */
    record NotWhileLinkDown() implements NextStep {
    }

    /** The station's open visits of this counter's kind, to choose one to resume. */
    record ChooseVisit(List<OpenVisits.OpenVisit> open) implements NextStep {
    }

    /** The operator gives the settlement number (setl_id) of the settlement to cancel; then {@code planCancel}. */
    record AskSettlementId() implements NextStep {
    }

    /** No settlement {@code setlId} at this station. */
    record NoSuchSettlement(String setlId) implements NextStep {
    }

    /** The operator confirms the cancel of {@code original}; with the holder's card its balance is written back. */
    record ConfirmCancel(SettledRecords.Record original, boolean withCard) implements NextStep {
    }

    /** Cancelled (2208 answered); {@code withCard}: the holder's card was presented for it. */
    record Cancelled(Receipt done, boolean withCard) implements NextStep {
    }
}
