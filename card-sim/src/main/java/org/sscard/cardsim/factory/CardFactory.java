package org.sscard.cardsim.factory;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.session.Personaliser;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;

/**
 * Issues demo cards the way the card office does: a blank simulated card (transport key derived from the
 * national test TRANSPORT key) personalised by card-lib's {@link Personaliser} through the card's
 * {@code javax.smartcardio} terminal, with keys wrapped by the security module.
 */
public final class CardFactory {
    private final SecurityModule securityModule;

    /** A factory working with the national test keys of both algorithms. */
    public CardFactory() {
        this(TestKeys.module());
    }

    public CardFactory(SecurityModule securityModule) {
        this.securityModule = securityModule;
    }

    /** A personalised card for a demo card's data, with its demo PIN and the default retry limit. */
    public SimulatedCard issue(DemoCard demo) {
        SimulatedCard card = blank(new BlankCard(demo.identification(), demo.algorithm()));
        try (PcscTransport reader = PcscTransport.connect(CardTerminalSimulator.terminal(card.simulator(),
                "card factory"))) {
            new Personaliser(CardTransports.standard(reader), securityModule)
                    .personalise(demo.cardData(), demo.pin().toCharArray(), Personaliser.DEFAULT_PIN_TRY_LIMIT);
        }
        card.reset();
        return card;
    }

    /** A blank card, as delivered by the card manufacturer. */
    public SimulatedCard blank(BlankCard blank) {
        return SimulatedCard.blank(blank.identification(), blank.algorithm());
    }
}
