package org.sscard.terminal.desk;

import java.util.Objects;
import java.util.function.Supplier;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SecurityModule;
import org.sscard.protocol.CardService;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.office.HolderRecord;

/**
 * The card office's desk: the {@link CardOffice} workflows with the readers they need, so that the card office
 * screen and the command line never open a card session themselves. The holder's card is in {@code cardReader};
 * blank cards are personalised in {@code blankReader} ({@code null}: the same reader, so a replacement, which needs
 * the old and the new card at once, is not possible). Each step connects to the card it works on and lets it go
 * afterwards.
 */
public final class OfficeDesk {
    private final CardOffice office;
    private final Supplier<? extends CardTransport> cardReader;
    private final Supplier<? extends CardTransport> blankReader;
    private final SecurityModule module;

    public OfficeDesk(CardOffice office, Supplier<? extends CardTransport> cardReader,
                      Supplier<? extends CardTransport> blankReader, SecurityModule module) {
        this.office = Objects.requireNonNull(office, "office");
        this.cardReader = Objects.requireNonNull(cardReader, "cardReader");
        this.blankReader = blankReader;
        this.module = Objects.requireNonNull(module, "module");
    }

    /** The steps that need no card (status, loss report and its lifting, suspend, resume). */
    public CardOffice office() {
        return office;
    }

    /** A replacement reads the old card while the new one is personalised: it needs a second reader. */
    public boolean canReplace() {
        return blankReader != null;
    }

    /** C107 for the card in the reader (its number read from the card-issuer data). */
    public CardService.CardStatus statusOfCardInReader() {
        try (CardTransport t = cardReader.get()) {
            return office.status(new CardSession(t, module).readIssuerData().cardNumber().toString());
        }
    }

    /** C106 (supervisor); {@code cardInHand}: the card in the reader is blocked as well. */
    public CardService.CardStatus cancel(String cardNo, String certno, String reason, boolean cardInHand) {
        if (!cardInHand) {
            return office.cancel(cardNo, certno, reason, null);
        }
        try (CardTransport t = cardReader.get()) {
            return office.cancel(cardNo, certno, reason, new CardSession(t, module));
        }
    }

    /** RELOAD PIN of the card in the reader after C109; the authorisation number. */
    public String resetPin(String certnoPresented, char[] newPin) {
        try (CardTransport t = cardReader.get()) {
            return office.resetPin(new CardSession(t, module), certnoPresented, newPin);
        }
    }

    /** UNBLOCK PIN of the card in the reader after C109; the authorisation number. */
    public String unblockPin(String certnoPresented, char[] newPin) {
        try (CardTransport t = cardReader.get()) {
            return office.unblockPin(new CardSession(t, module), certnoPresented, newPin);
        }
    }

    /** C101: a new card personalised in the blank reader. */
    public HandoverSlip issue(HolderRecord holder, CardIdentificationCode blankSn, char[] initialPin) {
        try (CardTransport t = blankSlot().get()) {
            return office.issue(holder, new CardOffice.BlankCard(t, blankSn), initialPin);
        }
    }

    /** C104: the lost card {@code oldCardNo} reissued on a blank card. */
    public HandoverSlip reissue(String oldCardNo, HolderRecord holder, CardIdentificationCode blankSn, char[] initialPin) {
        try (CardTransport t = blankSlot().get()) {
            return office.reissue(oldCardNo, holder, new CardOffice.BlankCard(t, blankSn), initialPin);
        }
    }

    /** C105: the card in the reader replaced by a blank card in the second reader (see {@link #canReplace()}). */
    public HandoverSlip replace(HolderRecord holder, CardIdentificationCode blankSn, char[] initialPin) {
        if (!canReplace()) {
            throw new IllegalStateException("a replacement needs a second reader for the blank card");
        }
        try (CardTransport old = cardReader.get(); CardTransport t = blankReader.get()) {
            return office.replace(new CardSession(old, module), holder, new CardOffice.BlankCard(t, blankSn), initialPin);
        }
    }

    private Supplier<? extends CardTransport> blankSlot() {
        return blankReader != null ? blankReader : cardReader;
    }
}
