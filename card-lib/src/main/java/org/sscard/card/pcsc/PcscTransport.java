package org.sscard.card.pcsc;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import org.sscard.card.CardRemovedException;
import org.sscard.card.NoCardException;
import org.sscard.card.SmartCardException;
import org.sscard.card.pinpad.ReaderControl;
import org.sscard.card.transport.CardTransport;

/**
 * A card in a PC/SC reader through {@code javax.smartcardio}. Note: the JDK itself answers 61xx and 6Cxx
 * unless the system properties {@code sun.security.smartcardio.t0GetResponse} / {@code t1GetResponse} are
 * false; card-lib's decorators give the same result either way.
 */
public final class PcscTransport implements CardTransport, ReaderControl {
    private final Card card;
    private final String reader;

    PcscTransport(Card card, String reader) {
        this.card = card;
        this.reader = reader;
    }

    /**
     * Connects to the card in a given {@code javax.smartcardio} terminal (T=0 or T=1), whichever provider
     * made it: the JDK's PC/SC provider, or an in-process one such as a card simulator's.
     */
    public static PcscTransport connect(CardTerminal terminal) {
        String name = terminal.getName();
        try {
            if (!terminal.isCardPresent()) {
                throw new NoCardException("There is no card in reader '" + name + "'. Insert the card with the chip first.");
            }
            return new PcscTransport(terminal.connect("*"), name);
        } catch (CardException e) {
            throw PcscErrors.translate(e, name);
        }
    }

    @Override
    public byte[] transmit(byte[] command) {
        try {
            return card.getBasicChannel().transmit(new CommandAPDU(command)).getBytes();
        } catch (CardException e) {
            throw PcscErrors.translate(e, reader);
        } catch (IllegalStateException e) {
            throw new CardRemovedException("The connection to the card in '" + reader + "' was closed (card removed "
                    + "or reset). Insert it again and repeat the operation.", e);
        }
    }

    @Override
    public byte[] control(int controlCode, byte[] command) {
        try {
            return card.transmitControlCommand(controlCode, command);
        } catch (CardException e) {
            throw PcscErrors.translate(e, reader);
        }
    }

    /** Exclusive access for a session: other programs cannot talk to the card until {@link #endExclusive()}. */
    public void beginExclusive() {
        try {
            card.beginExclusive();
        } catch (CardException e) {
            throw PcscErrors.translate(e, reader);
        }
    }

    /** Ends exclusive access; a card already removed holds nothing, so that is not an error. */
    public void endExclusive() {
        try {
            card.endExclusive();
        } catch (CardException e) {
            SmartCardException translated = PcscErrors.translate(e, reader);
            if (!(translated instanceof CardRemovedException)) {
                throw translated;
            }
        } catch (IllegalStateException e) {
            // disconnected: the exclusive hold ended with the connection
        }
    }

    @Override
    public byte[] atr() {
        return card.getATR().getBytes();
    }

    public String reader() {
        return reader;
    }

    @Override
    public void close() {
        try {
            card.disconnect(false);
        } catch (CardException | IllegalStateException e) {
            // the card is already gone; nothing left to release
        }
    }
}
