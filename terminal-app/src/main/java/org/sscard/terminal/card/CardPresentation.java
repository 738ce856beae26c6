package org.sscard.terminal.card;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.CardBlockedException;
import org.sscard.card.SmartCardException;
import org.sscard.card.WrongPinException;
import org.sscard.card.session.Application;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.SecurityModule;
import org.sscard.protocol.CardState;
import org.sscard.protocol.EVoucher;
import org.sscard.protocol.InsuStatus;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.Transaction;
import org.sscard.store.Blacklist;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.CitizenId;

/**
 * The card-presented step of every online counter workflow:
 * <ol>
 * <li>read the card with mutual authentication (card-lib {@link CardSession#readCard()});</li>
 * <li>check the local blacklist by identification code and by card number: a listed card is application-blocked
 * (APPLICATION BLOCK with MAC) and refused with {@link CardRetainedException} — the operator keeps the card; a card
 * listed as suspended is only refused (the holder keeps it: the card office can resume it, C112, and a blocked
 * application could not be used again);</li>
 * <li>VERIFY the PIN (the PIN array is wiped by card-lib; a wrong PIN says how many tries are left);</li>
 * <li>1101 person query with the card number and identification code;</li>
 * <li>the holder view for the 人证卡相符 check.</li>
 * </ol>
 * Authorised as PERSON_QUERY and audited ({@code card.present}, {@code card.retained}, {@code card.refused}) with
 * the card number only. A presented card changes nothing at the station or the central service, so its
 * {@code authz.allow} and {@code card.present} entries are written with the store's next write (the visit's first
 * durable step) rather than in commits of their own. The card-less credential, the 医保码, is presented by
 * {@link #presentEcode}.
 */
public final class CardPresentation {
    private static final Logger LOG = LoggerFactory.getLogger(CardPresentation.class);
    /** The blacklist reason {@code Sync} stores for a card the central service lists as SUSPENDED. */
    private static final String SUSPENDED = CardState.SUSPENDED.name().toLowerCase(Locale.ROOT);

    private final CardSlot slot;
    private final SecurityModule module;
    private final StationStore store;
    private final CentralLink link;
    private final Authorizer authorizer;

    public CardPresentation(CardSlot slot, SecurityModule module, StationStore store, CentralLink link,
                            Authorizer authorizer) {
        this.slot = slot;
        this.module = module;
        this.store = store;
        this.link = link;
        this.authorizer = authorizer;
    }

    /** Runs the card-presented checks; {@code pin} is wiped whatever happens. */
    public PresentedCard present(char[] pin) {
        try {
            Session session = authorizer.requireForStep(Permission.PERSON_QUERY, "card");
            CountingTransport transport;
            try {
                transport = slot.connect();
            } catch (SmartCardException e) {
                throw new CardPresentationException(Problem.of(Reason.CARD_UNREADABLE, e.getMessage()), e);
            }
            boolean handedOver = false;
            try {
                PresentedCard presented = present(session, transport, pin);
                handedOver = true;
                return presented;
            } finally {
                if (!handedOver) {
                    transport.close();
                }
            }
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    private PresentedCard present(Session session, CountingTransport transport, char[] pin) {
        CardSession card = new CardSession(transport, module);
        CardData data;
        try {
            data = card.readCard();
        } catch (CardBlockedException e) {
            refuse(session, "-", "application blocked");
            throw new CardRetainedException(Problem.of(Reason.CARD_BLOCKED_RETAINED), true);
        } catch (SmartCardException e) {
            refuse(session, "-", e.getClass().getSimpleName());
            throw new CardPresentationException(Problem.of(Reason.CARD_UNREADABLE, e.getMessage()), e);
        } catch (CryptoException e) {
            refuse(session, "-", "security module: " + e.getClass().getSimpleName());
            throw new CardPresentationException(Problem.of(Reason.SECURITY_MODULE_FAILED, e.getMessage()), e);
        }
        String cardNumber = data.issuer().cardNumber().value();
        Optional<Blacklist.Entry> listed = store.blacklist().find(data.issuer().identificationCode())
                .or(() -> store.blacklist().findByCardNumber(cardNumber));
        if (listed.isPresent() && SUSPENDED.equals(listed.get().reason())) {
            refuse(session, cardNumber, "suspended (blacklisted)");
            throw new CardPresentationException(Reason.CARD_SUSPENDED);
        }
        if (listed.isPresent()) {
            retain(session, card, cardNumber, listed.get());
        }
        try {
            card.verifyPin(pin);
        } catch (WrongPinException e) {
            refuse(session, cardNumber, "wrong PIN, " + e.triesLeft() + " tries left");
            throw new CardPresentationException(Problem.of(Reason.CARD_FAILED, e.getMessage()), e);
        } catch (SmartCardException e) {
            refuse(session, cardNumber, e.getClass().getSimpleName());
            throw new CardPresentationException(Problem.of(Reason.CARD_FAILED, e.getMessage()), e);
        } catch (CryptoException e) {
            refuse(session, cardNumber, "security module: " + e.getClass().getSimpleName());
            throw new CardPresentationException(Problem.of(Reason.SECURITY_MODULE_FAILED, e.getMessage()), e);
        }
        PersonInfo.Output person = queryPerson(session, data);
        HolderView holder = holderView(data, person);
        store.audit().defer(session.operatorId(), "card.present", store.audit().cardRef(cardNumber),
                "insutype=" + holder.insuranceType());
        return new PresentedCard(card, transport, data, person, holder);
    }

    /**
     * The 医保码 the cashier scanned (or typed): its form checked, decoded by the platform (C201) into the e-voucher
     * token, the person queried with the token (1101, {@code mdtrt_cert_type} 01) and checked to be insured. No card,
     * no PIN: the holder authenticated on the phone. Audited ({@code ecode.present}, {@code ecode.refused}) with the
     * person number; the code and the token are never written anywhere.
     */
    public PresentedEcode presentEcode(String code) {
        Session session = authorizer.require(Permission.PERSON_QUERY, "ecode");
        String scanned = code == null ? "" : code.strip();
        if (!EVoucher.QR_CODE.matcher(scanned).matches()) {
            store.audit().record(session.operatorId(), "ecode.refused", "ecode", "not of the 医保码 form");
            throw new CardPresentationException(Reason.ECODE_MALFORMED);
        }
        LinkOutcome<EVoucher.Token> decoded = link.call(Transaction.EVOUCHER_DECODE, new EVoucher.Decode(scanned),
                session.opter());
        if (!(decoded instanceof LinkOutcome.Answered<EVoucher.Token> a)) {
            store.audit().record(session.operatorId(), "ecode.refused", "ecode", "C201 " + decoded.message());
            throw new CardPresentationException(decoded instanceof LinkOutcome.Refused<EVoucher.Token> r
                    ? Problem.of(Reason.ECODE_REFUSED, r.operatorMessage())
                    : Problem.of(Reason.ECODE_NO_ANSWER, decoded.message()), null);
        }
        EVoucher.Token token = a.output();
        PersonInfo.Output person = query(session, new PersonInfo.Input(MdtrtCertType.ELECTRONIC_CERTIFICATE,
                token.ecToken(), null, null), "ecode.refused", "ecode");
        PersonInfo.BaseInfo base = person.baseinfo();
        PersonInfo.InsuInfo insurance = person.insuinfo().get(0);
        HolderView holder = new HolderView(base.psnName(), base.gend().code(), java.time.LocalDate.parse(base.brdy()),
                CitizenId.mask(base.certno()), null, base.psnNo(), insurance.insutype().code(), insurance.psnType(),
                insurance.psnInsuStas().code(), insurance.insuplcAdmdvs(), insurance.balc());
        store.audit().record(session.operatorId(), "ecode.present", "ecode:" + base.psnNo(),
                "insutype=" + holder.insuranceType());
        return new PresentedEcode(token.ecToken(), token.expyTime(), person, holder);
    }

    private void retain(Session session, CardSession card, String cardNumber, Blacklist.Entry entry) {
        boolean blocked;
        try {
            card.blockApplication(Application.SSSE);
            blocked = true;
        } catch (SmartCardException e) {
            LOG.warn("APPLICATION BLOCK of blacklisted card {} failed: {}", store.audit().cardRef(cardNumber), LogText.redact(e.getMessage()));
            blocked = false;
        }
        store.audit().record(session.operatorId(), "card.retained", store.audit().cardRef(cardNumber), "blacklisted (" + entry.reason()
                + "); application " + (blocked ? "blocked" : "NOT blocked"));
        throw new CardRetainedException(Problem.of(blocked ? Reason.CARD_BLACKLISTED_BLOCKED
                : Reason.CARD_BLACKLISTED_NOT_BLOCKED, entry.reason()), blocked);
    }

    private PersonInfo.Output queryPerson(Session session, CardData data) {
        String cardNumber = data.issuer().cardNumber().value();
        return query(session, new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, cardNumber,
                data.issuer().identificationCode().hex().toUpperCase(java.util.Locale.ROOT), null),
                "card.refused", store.audit().cardRef(cardNumber));
    }

    /** 1101, and the person's insurance must be in force; a refusal is audited as {@code refusedAction} of {@code ref}. */
    private PersonInfo.Output query(Session session, PersonInfo.Input input, String refusedAction, String ref) {
        LinkOutcome<PersonInfo.Output> outcome = link.call(Transaction.PERSON_INFO, input, session.opter());
        if (outcome instanceof LinkOutcome.Answered<PersonInfo.Output> a) {
            InsuStatus status = a.output().insuinfo().get(0).psnInsuStas();
            // psn_insu_stas is optional in the interface: an answer without it does not refuse the holder
            if (status != null && status != InsuStatus.NORMAL) {
                store.audit().record(session.operatorId(), refusedAction, ref, "insurance status " + status.code());
                throw new CardPresentationException(Reason.INSURANCE_NOT_IN_FORCE, status.code());
            }
            return a.output();
        }
        store.audit().record(session.operatorId(), refusedAction, ref, "1101 " + outcome.message());
        if (outcome instanceof LinkOutcome.Refused<PersonInfo.Output> r) {
            throw new CardPresentationException(Reason.CENTRAL_REFUSED, r.operatorMessage());
        }
        throw new CardPresentationException(Reason.CENTRAL_UNREACHABLE, outcome.message());
    }

    private static HolderView holderView(CardData data, PersonInfo.Output person) {
        PersonInfo.InsuInfo insurance = person.insuinfo().get(0);
        return new HolderView(data.holder().name(), data.holder().sex(), data.holder().birthDate(),
                data.holder().maskedSocialSecurityNumber(), data.issuer().cardNumber().value(),
                person.baseinfo().psnNo(), insurance.insutype().code(), insurance.psnType(),
                insurance.psnInsuStas() == null ? null : insurance.psnInsuStas().code(), insurance.insuplcAdmdvs(), insurance.balc());
    }

    private void refuse(Session session, String cardNumber, String reason) {
        store.audit().record(session.operatorId(), "card.refused", store.audit().cardRef(cardNumber), reason);
    }
}
