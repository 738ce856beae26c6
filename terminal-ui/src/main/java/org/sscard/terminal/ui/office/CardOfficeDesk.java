package org.sscard.terminal.ui.office;

import org.sscard.crypto.SecurityModule;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.desk.OfficeDesk;
import org.sscard.terminal.office.CardOffice;

/**
 * What the card office screen runs on (all from terminal-app): the {@link CardOffice} workflows, the reader the
 * holder's card is presented in, the reader for blank cards ({@code null}: the same reader, so a replacement, which
 * needs the old and the new card at once, is not possible), the security module for card sessions, and the printer
 * of handover slips.
 */
public record CardOfficeDesk(CardOffice office, CardSlot cardReader, CardSlot blankReader, SecurityModule module,
                             SlipPrinter slips) {
    /** terminal-app's desk over these readers: every step that works on a card goes through it. */
    public OfficeDesk officeDesk() {
        return new OfficeDesk(office, cardReader::connect, blankReader == null ? null : blankReader::connect, module);
    }
}
