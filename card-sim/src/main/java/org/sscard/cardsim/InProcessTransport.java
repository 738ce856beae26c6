package org.sscard.cardsim;

import org.sscard.card.CardRemovedException;
import org.sscard.card.transport.CardTransport;
import org.sscard.cardsim.vpcd.VirtualCard;

/**
 * card-lib's {@link CardTransport} straight onto a simulated card in the same process, with a card slot
 * that can be emptied: after {@link #remove()} every command fails as a pulled card does
 * ({@link CardRemovedException}) until {@link #insert()} powers the card on again.
 */
public final class InProcessTransport implements CardTransport {
    private final VirtualCard card;
    private volatile boolean present = true;

    public InProcessTransport(VirtualCard card) {
        this.card = card;
    }

    @Override
    public byte[] transmit(byte[] command) {
        if (!present) {
            throw new CardRemovedException();
        }
        return card.transmit(command);
    }

    @Override
    public byte[] atr() {
        return card.atr();
    }

    /** Takes the card out of the slot (it loses power). */
    public void remove() {
        present = false;
        card.powerOff();
    }

    /** Puts the card back (powered on, nothing selected). */
    public void insert() {
        card.powerOn();
        present = true;
    }

    @Override
    public void close() {
        // the simulated card stays usable; nothing to release
    }
}
