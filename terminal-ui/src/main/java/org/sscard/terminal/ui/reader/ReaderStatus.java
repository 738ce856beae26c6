package org.sscard.terminal.ui.reader;

/** What the card reader shows: which reader, whether a card is in it, or what went wrong. */
public record ReaderStatus(State state, String reader, String problem) {
    public enum State { NO_READER, NO_CARD, CARD_PRESENT, ERROR }

    public static ReaderStatus of(State state, String reader) {
        return new ReaderStatus(state, reader, null);
    }
}
