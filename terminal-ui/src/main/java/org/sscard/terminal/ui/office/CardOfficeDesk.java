package org.sscard.terminal.ui.office;

import org.sscard.crypto.SecurityModule;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.office.CardOffice;

/**
 * What the card office screen runs on (all from terminal-app): the {@link CardOffice} workflows, the reader the
 * holder's card is presented in, the reader for blank cards ({@code null}: the same reader, so a replacement, which
 * needs the old and the new card at once, is not possible), the security module for card sessions, and the printer
 * of handover slips.
 */
public record CardOfficeDesk(CardOffice office, CardSlot cardReader, CardSlot blankReader, SecurityModule module,
                             SlipPrinter slips) {
    /** The reader blank cards are personalised in. */
    public CardSlot blankSlot() {
        return blankReader != null ? blankReader : cardReader;
    }

    /** A replacement reads the old card while the new one is personalised: it needs a second reader. */
    public boolean canReplace() {
        return blankReader != null;
    }
}
