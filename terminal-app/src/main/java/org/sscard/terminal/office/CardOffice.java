package org.sscard.terminal.office;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Locale;
import org.sscard.card.session.Application;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.IssuerData;
import org.sscard.card.session.MedicalData;
import org.sscard.card.session.Personaliser;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SecurityModule;
import org.sscard.protocol.CardAlgorithm;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Gender;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.CardHolders;
import org.sscard.store.StationCounters;
import org.sscard.store.StationStore;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.CentralRequest;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/**
 * The card office (DOMAIN §7) against the central card service C101–C112. Every action goes through
 * {@link Authorizer#require} (CARD_OFFICE; cancelling a card, which cannot be undone, CARD_CANCEL = supervisor) and
 * is audited ({@code card.*}, subject = card number; never a full ID number or a PIN).
 *
 * <p>Requests are online only (a card office cannot work offline: the registry is the central service's). Each is
 * prepared once; if no answer comes (link broken, timeout, HTTP 5xx) it is sent once more under the same msgid,
 * re-stamped — the central service answers a repeated msgid from its store, so it never takes effect twice.
 *
 * <p>Suspend/resume (C111/C112): a SUSPENDED card is on the blacklist and refused online and offline like a lost
 * one until it is resumed.
 */
public final class CardOffice {
    /** Card numbers issued by this station: this letter + a 7-digit station counter + the check character. */
    public static final char CARD_NUMBER_LETTER = 'S';
    public static final int VALIDITY_YEARS = 10;

    private final StationConfig config;
    private final StationStore store;
    private final SecurityModule module;
    private final CentralLink link;
    private final Authorizer authorizer;
    private final Clock clock;

    public CardOffice(StationConfig config, StationStore store, SecurityModule module, CentralLink link,
            Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.module = module;
        this.link = link;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** A blank card in the reader: its transport and the identification code from the supplier's batch list. */
    public record BlankCard(CardTransport transport, CardIdentificationCode identification) {
    }

    /**
     * Issues a new card: validates the holder data, personalises the blank card (keys derived and wrapped by the
     * security module, initial PIN set), registers it (C101) and keeps the holder's data sealed in the store. The
     * PIN array is wiped.
     */
    public HandoverSlip issue(HolderRecord holder, BlankCard blank, char[] initialPin) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "issue card " + store.audit().cardRef(blank.identification().hex()));
        try {
            holder.validate(LocalDate.now(clock));
            Personalised card = personalise(holder, blank, Money.ZERO, Money.ZERO, initialPin);
            CardData data = card.data();
            CardService.CardStatus status = answer(s, Transaction.CARD_REGISTER, register(holder, card));
            keepHolder(s, holder, data);
            store.audit().record(s.operatorId(), "card.issue", store.audit().cardRef(status.cardNo()), "chip "
                    + store.audit().cardRef(status.cardSn())
                    + " state=" + status.cardStas());
            return slip("issue", data, holder, status.cardStas().name(), null, s);
        } finally {
            Arrays.fill(initialPin, '\0');
        }
    }

    /** C102: the card is LOST and goes on the blacklist. */
    public CardService.CardStatus reportLoss(String cardNo, String certno, String reason) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "loss report " + store.audit().cardRef(cardNo));
        CardService.CardStatus status = answer(s, Transaction.CARD_LOSS_REPORT, new CardService.LossReport(cardNo, certno, reason));
        store.audit().record(s.operatorId(), "card.loss", store.audit().cardRef(cardNo), "state=" + status.cardStas());
        return status;
    }

    /** C103: the loss report is lifted; the card is ACTIVE again. */
    public CardService.CardStatus liftLoss(String cardNo, String certno) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "lift loss " + store.audit().cardRef(cardNo));
        CardService.CardStatus status = answer(s, Transaction.CARD_LIFT_LOSS_REPORT, new CardService.LiftLossReport(cardNo, certno));
        store.audit().record(s.operatorId(), "card.lift", store.audit().cardRef(cardNo), "state=" + status.cardStas());
        return status;
    }

    /** C111: the ACTIVE card is SUSPENDED (on the blacklist) until it is resumed; the reason is required. */
    public CardService.CardStatus suspend(String cardNo, String certno, String reason) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "suspend " + cardNo);
        if (reason == null || reason.isBlank()) {
            throw new CardOfficeException(Reason.SUSPEND_NEEDS_REASON, cardNo);
        }
        CardService.CardStatus status = answer(s, Transaction.CARD_SUSPEND, new CardService.Suspend(cardNo, certno,
                reason.strip()));
        store.audit().record(s.operatorId(), "card.suspend", cardNo, "state=" + status.cardStas());
        return status;
    }

    /** C112: the SUSPENDED card is ACTIVE again and leaves the blacklist. */
    public CardService.CardStatus resume(String cardNo, String certno) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "resume " + cardNo);
        CardService.CardStatus status = answer(s, Transaction.CARD_RESUME, new CardService.Resume(cardNo, certno));
        store.audit().record(s.operatorId(), "card.resume", cardNo, "state=" + status.cardStas());
        return status;
    }

    /**
     * C104 reissue after a loss (the old card is not in hand): a new blank card personalised with the holder data
     * collected again, with a new card number and identification code; the old card is cancelled and blacklisted
     * for good. The new card's balance on the chip starts at 0 (the account itself stays at the central service).
     */
    public HandoverSlip reissue(String oldCardNo, HolderRecord holder, BlankCard blank, char[] initialPin) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "reissue " + store.audit().cardRef(oldCardNo));
        try {
            holder.validate(LocalDate.now(clock));
            Personalised card = personalise(holder, blank, Money.ZERO, Money.ZERO, initialPin);
            CardData data = card.data();
            CardService.CardChanged changed = answer(s, Transaction.CARD_REISSUE, change(oldCardNo, holder.certno(),
                    card, "reissue after loss"));
            keepHolder(s, holder, data);
            store.audit().record(s.operatorId(), "card.reissue", store.audit().cardRef(oldCardNo), "new card "
                    + store.audit().cardRef(changed.newCard().cardNo())
                    + " old state=" + changed.oldCard().cardStas());
            return slip("reissue", data, holder, changed.newCard().cardStas().name(), oldCardNo, s);
        } finally {
            Arrays.fill(initialPin, '\0');
        }
    }

    /**
     * C105 replace (damaged or expiring card, in hand): the old card is read (mutual authentication), the new card
     * personalised with its holder and medical data (balance and year-to-date amount carried over, offline sequence
     * from 0), registered by C105, then the old card is blocked (APPLICATION BLOCK, which locks the whole card).
     */
    public HandoverSlip replace(CardSession oldCard, HolderRecord holder, BlankCard blank, char[] initialPin) {
        try {
            CardData old = oldCard.readCard();
            String oldNo = old.issuer().cardNumber().toString();
            Session s = authorizer.require(Permission.CARD_OFFICE, "replace " + oldNo);
            holder.validate(LocalDate.now(clock));
            if (!old.holder().socialSecurityNumber().equals(holder.certno())) {
                throw new CardOfficeException(Reason.OTHER_PERSONS_CARD);
            }
            Personalised card = personalise(holder, blank, old.medical().balance(), old.medical().yearToDate(),
                    initialPin);
            CardData data = card.data();
            CardService.CardChanged changed = answer(s, Transaction.CARD_REPLACE, change(oldNo, holder.certno(), card,
                    "replacement"));
            oldCard.blockApplication(Application.MEDICAL);
            keepHolder(s, holder, data);
            store.audit().record(s.operatorId(), "card.replace", store.audit().cardRef(oldNo), "new card "
                    + store.audit().cardRef(changed.newCard().cardNo())
                    + "; old card blocked");
            return slip("replace", data, holder, changed.newCard().cardStas().name(), oldNo, s);
        } finally {
            Arrays.fill(initialPin, '\0');
        }
    }

    /** C106 (supervisor): cancels the card for good; when it is in hand ({@code card} not null) it is blocked too. */
    public CardService.CardStatus cancel(String cardNo, String certno, String reason, CardSession card) {
        Session s = authorizer.require(Permission.CARD_CANCEL, "cancel " + store.audit().cardRef(cardNo));
        if (card != null) {
            requireSameCard(card.readCard(), cardNo, certno);
        }
        CardService.CardStatus status = answer(s, Transaction.CARD_CANCEL, new CardService.Cancel(cardNo, certno, reason));
        if (card != null) {
            card.blockApplication(Application.MEDICAL);
        }
        store.audit().record(s.operatorId(), "card.cancel", store.audit().cardRef(cardNo), "state=" + status.cardStas()
                + (card != null ? "; card blocked" : ""));
        return status;
    }

    /** C107: the card's state at the central service. */
    public CardService.CardStatus status(String cardNo) {
        Session s = authorizer.require(Permission.CARD_OFFICE, "status " + store.audit().cardRef(cardNo));
        CardService.CardStatus status = answer(s, Transaction.CARD_STATUS_QUERY, new CardService.StatusQuery(cardNo, null));
        store.audit().record(s.operatorId(), "card.status", store.audit().cardRef(cardNo), "state=" + status.cardStas());
        return status;
    }

    /**
     * Forgotten PIN: the card is read, the ID number presented must be the card's (人证卡相符), the central service
     * authorises the reset (C109) and the card gets the new PIN by RELOAD PIN (MAC under the PIN-reload key). The
     * PIN array is wiped. Returns the authorisation number.
     */
    public String resetPin(CardSession card, String certnoPresented, char[] newPin) {
        return pinChange(card, certnoPresented, newPin, false);
    }

    /** Blocked PIN: as {@link #resetPin} but with UNBLOCK PIN (clears the retry counter; PIN-unblock key). */
    public String unblockPin(CardSession card, String certnoPresented, char[] newPin) {
        return pinChange(card, certnoPresented, newPin, true);
    }

    private String pinChange(CardSession card, String certno, char[] newPin, boolean unblock) {
        try {
            CardData data = card.readCard();
            String cardNo = data.issuer().cardNumber().toString();
            Session s = authorizer.require(Permission.CARD_OFFICE, (unblock ? "unblock PIN " : "reset PIN ") + store.audit().cardRef(cardNo));
            requireSameCard(data, cardNo, certno);
            CardService.PinResetAuthorisation auth = answer(s, Transaction.PIN_RESET_AUTH, new CardService.PinResetRequest(
                    cardNo, data.issuer().identificationCode().hex().toUpperCase(Locale.ROOT), certno));
            if (unblock) {
                card.unblockPin(newPin);
            } else {
                card.reloadPin(newPin);
            }
            store.audit().record(s.operatorId(), unblock ? "card.pin.unblock" : "card.pin.reset", store.audit().cardRef(cardNo),
                    "auth_no=" + auth.authNo());
            return auth.authNo();
        } finally {
            Arrays.fill(newPin, '\0');
        }
    }

    private static void requireSameCard(CardData data, String cardNo, String certno) {
        if (!data.issuer().cardNumber().toString().equals(cardNo)) {
            throw new CardOfficeException(Reason.WRONG_CARD_IN_READER, data.issuer().cardNumber(), cardNo);
        }
        if (!data.holder().socialSecurityNumber().equals(certno)) {
            throw new CardOfficeException(Reason.ID_NOT_HOLDERS);
        }
    }

    private Personalised personalise(HolderRecord h, BlankCard blank, Money balance, Money yearToDate, char[] pin) {
        LocalDate today = LocalDate.now(clock);
        long seq = store.counters().update(StationCounters.Counter.CARD_NO, last -> last + 1);
        if (seq > 9_999_999) {
            throw new CardOfficeException(Reason.CARD_NUMBERS_USED_UP);
        }
        CardNumber number = CardNumber.withCheckCharacter(CARD_NUMBER_LETTER + String.format("%07d", seq));
        IssuerData issuer = new IssuerData(blank.identification(), "1", "3.00",
                config.institutionCode().substring(0, 12), today, today.plusYears(VALIDITY_YEARS), number);
        HolderData holder = new HolderData(h.certno(), h.name(), h.sex(), h.ethnicity(), h.birthplace(), h.bornOn());
        MedicalData medical = new MedicalData(h.insuranceType(), h.personType(), h.insuredRegion(), balance,
                yearToDate, today, 0);
        CardData data = new CardData(issuer, holder, medical);
        new Personaliser(blank.transport(), module).personalise(data, pin, Personaliser.DEFAULT_PIN_TRY_LIMIT);
        BlockAlgorithm alg = new CardSession(blank.transport(), module).selectSocialSecurityApplication();
        return new Personalised(data, alg == BlockAlgorithm.SM4 ? CardAlgorithm.SM4 : CardAlgorithm.TDES);
    }

    /** A card just personalised, with its algorithm (from its FCI). */
    private record Personalised(CardData data, CardAlgorithm algorithm) {
    }

    private CardService.Register register(HolderRecord h, Personalised card) {
        CardData data = card.data();
        return new CardService.Register(data.issuer().cardNumber().toString(), sn(data), h.certno(), h.name(),
                "1".equals(h.sex()) ? Gender.MALE : Gender.FEMALE, h.birthDate(), personNumber(h, data),
                data.issuer().issueDate().toString(), data.issuer().expiryDate().toString(), card.algorithm(),
                data.issuer().specVersion());
    }

    private CardService.ChangeCard change(String oldCardNo, String certno, Personalised card, String reason) {
        CardData data = card.data();
        return new CardService.ChangeCard(oldCardNo, certno, data.issuer().cardNumber().toString(), sn(data),
                data.issuer().issueDate().toString(), data.issuer().expiryDate().toString(), card.algorithm(), reason);
    }

    private static String sn(CardData data) {
        return data.issuer().identificationCode().hex().toUpperCase(Locale.ROOT);
    }

    /** psn_no for a person the central service does not know yet: insured region + the card number's 8 characters. */
    private static String personNumber(HolderRecord h, CardData data) {
        return h.insuredRegion() + data.issuer().cardNumber().toString().substring(0, 8);
    }

    private void keepHolder(Session s, HolderRecord h, CardData data) {
        store.holders().put(s.operatorId(), new CardHolders.Holder(sn(data), data.issuer().cardNumber().toString(),
                h.name(), h.certno(), h.sex(), h.birthDate()));
    }

    private HandoverSlip slip(String action, CardData data, HolderRecord h, String state, String oldCardNo, Session s) {
        return new HandoverSlip(action, data.issuer().cardNumber().toString(), sn(data), h.name(), h.maskedCertno(),
                data.issuer().issueDate().toString(), data.issuer().expiryDate().toString(), state, oldCardNo,
                s.operatorId(), Fields.DATE_TIME.format(LocalDateTime.now(clock)));
    }

    /**
     * Sends once (the link signs in again on −4); without an answer, once more under the same msgid (the central
     * service books a card message once per msgid and answers a repeat from its store); a refusal becomes the message.
     */
    private <I extends TransactionInput, O extends TransactionOutput> O answer(Session s, Transaction<I, O> t, I input) {
        CentralRequest<O> request = new CentralRequest<>(t, link.prepare(t, input, s.opter()));
        PreparedMessage m = request.message();
        LinkOutcome<O> outcome = link.send(request);
        if (outcome instanceof LinkOutcome.NotSent<O> || outcome instanceof LinkOutcome.Unknown<O>) {
            outcome = link.send(request);
        }
        if (outcome instanceof LinkOutcome.Answered<O> a) {
            return a.output();
        }
        store.audit().record(s.operatorId(), "card.failed", t.infno() + " " + m.msgid(), outcome.message());
        if (outcome instanceof LinkOutcome.Refused<O> r) {
            throw new CardOfficeException(Reason.OFFICE_REFUSED, t.name(), r.operatorMessage());
        }
        throw new CardOfficeException(Reason.OFFICE_NO_ANSWER, t.name(), outcome.message(), m.msgid());
    }
}
