package org.sscard.cardsim.meet;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import javax.smartcardio.CardTerminal;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.SimulatedCard;

/**
 * A simulated card in a {@code javax.smartcardio} terminal of jCardSim's provider, reached through card-lib's
 * own PC/SC adapter and its standard decorators: the production code path, without pcscd.
 */
final class InProcessReader {
    private InProcessReader() {
    }

    static CountingTransport connect(SimulatedCard card) {
        CardTerminal terminal = CardTerminalSimulator.terminal(card.simulator(), "jCardSim reader");
        return CardTransports.standard(PcscTransport.connect(terminal));
    }
}
