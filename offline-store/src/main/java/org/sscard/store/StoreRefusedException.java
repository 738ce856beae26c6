package org.sscard.store;

/**
 * The station's store cannot be used, so the station does not start: the file is missing, empty, damaged, another
 * station's, or not the one the key store is paired with. The file is left exactly as it was found (for analysis and
 * restore); the message names the file, what is wrong and what to do.
 */
public final class StoreRefusedException extends StoreException {
    /** What is wrong with the store. */
    public enum Reason {
        /** No file (deleted or moved). */
        MISSING,
        /** A file of 0 bytes. */
        EMPTY,
        /** Not an SQLite database, or shorter than its header says: overwritten or cut off. */
        NOT_A_DATABASE,
        /** SQLite's quick check, or the driver while opening, finds damaged pages. */
        DAMAGED,
        /** The audit head does not verify under this key store's data key: another station's file, or a forged head. */
        OTHER_STATION,
        /** Not the store this key store is paired with (a store set up or kept separately). */
        OTHER_STORE,
        /** The pairing record beside the key store cannot be read with this key store. */
        PAIRING_UNREADABLE,
        /** {@code setup} finds a store, or a pairing record naming one, already there. */
        ALREADY_SET_UP
    }

    private final Reason reason;

    StoreRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    StoreRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
