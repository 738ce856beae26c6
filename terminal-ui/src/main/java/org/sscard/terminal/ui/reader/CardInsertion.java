package org.sscard.terminal.ui.reader;

import java.util.Locale;

/**
 * What a card put into or taken out of the station's card reader does on the screens (station option
 * {@code --card-insert}): {@link #READ} starts the screen's F2 when a card is inserted and clears a counter screen
 * when the card is taken out; {@link #IGNORE} leaves it to the keys (the status bar still shows the reader).
 */
public enum CardInsertion {
    READ, IGNORE;

    /** {@code read} or {@code ignore} (any case); null or blank: {@link #READ}. */
    public static CardInsertion parse(String value) {
        if (value == null || value.isBlank()) {
            return READ;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--card-insert=" + value + " is not understood: use read (a card "
                    + "inserted is read by itself) or ignore (read the card with F2)");
        }
    }
}
