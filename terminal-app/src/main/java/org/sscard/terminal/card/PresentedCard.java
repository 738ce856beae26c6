package org.sscard.terminal.card;

import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;

/**
 * A card that passed the card-presented checks: read with mutual authentication, not blacklisted, PIN verified,
 * person known to the central service. The session stays open (with the card's security state) so the counter can
 * write the medical data after a settlement; {@link #close()} releases the reader.
 */
public final class PresentedCard implements Credential {
    private final CardSession session;
    private final CountingTransport transport;
    private final CardData data;
    private final PersonInfo.Output person;
    private final HolderView holder;

    PresentedCard(CardSession session, CountingTransport transport, CardData data, PersonInfo.Output person,
                  HolderView holder) {
        this.session = session;
        this.transport = transport;
        this.data = data;
        this.person = person;
        this.holder = holder;
    }

    public CardSession session() {
        return session;
    }

    /** The transport with its command count and timings (for the benchmark's card time). */
    public CountingTransport transport() {
        return transport;
    }

    public CardData data() {
        return data;
    }

    @Override
    public PersonInfo.Output person() {
        return person;
    }

    @Override
    public HolderView holder() {
        return holder;
    }

    @Override
    public MdtrtCertType certType() {
        return MdtrtCertType.SOCIAL_SECURITY_CARD;
    }

    @Override
    public String certNumber() {
        return cardNumber();
    }

    public String cardNumber() {
        return data.issuer().cardNumber().value();
    }

    public CardIdentificationCode cardId() {
        return data.issuer().identificationCode();
    }

    @Override
    public void close() {
        transport.close();
    }
}
