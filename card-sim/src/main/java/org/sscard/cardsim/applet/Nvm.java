package org.sscard.cardsim.applet;

import javacard.framework.JCSystem;
import javacard.framework.SystemException;
import javacard.framework.Util;

/**
 * The card's persistent memory: one byte image addressed by {@link Layout} offsets, and a redo journal
 * that makes multi-field updates all-or-nothing under power loss.
 *
 * <p>An update is staged in RAM as entries {@code offset(2) length(1) bytes}. Commit writes the staged
 * entries into the journal body, then sets the one-byte journal flag (the commit point), then copies each
 * entry to its place, then clears the flag. {@link #recover()} (run before every command) replays a
 * journal whose flag is set. A byte write is assumed atomic; every longer write may be torn.
 */
final class Nvm {
    static final short JOURNAL_CAPACITY = 160;
    private static final byte JOURNAL_COMMITTED = 0x5A;
    private static final short J_FLAG = 0;
    private static final short J_LENGTH = 1;
    private static final short J_BODY = 3;

    private final byte[] image;
    private final byte[] journal;
    private final byte[] staging;
    private final short[] stagedLength;

    Nvm(short size) {
        image = new byte[size];
        journal = new byte[(short) (J_BODY + JOURNAL_CAPACITY)];
        staging = JCSystem.makeTransientByteArray((short) (JOURNAL_CAPACITY + 2), JCSystem.CLEAR_ON_RESET);
        stagedLength = JCSystem.makeTransientShortArray((short) 1, JCSystem.CLEAR_ON_RESET);
    }

    byte[] image() {
        return image;
    }

    /** Replays an interrupted committed update, if any. */
    void recover() {
        if (journal[J_FLAG] != JOURNAL_COMMITTED) {
            return;
        }
        short end = (short) (J_BODY + Util.getShort(journal, J_LENGTH));
        short at = J_BODY;
        while (at < end) {
            short offset = Util.getShort(journal, at);
            short length = (short) (journal[(short) (at + 2)] & 0xFF);
            write(journal, (short) (at + 3), image, offset, length);
            at = (short) (at + 3 + length);
        }
        writeByte(journal, J_FLAG, (byte) 0);
    }

    /** Writes one byte directly: atomic, for single-byte state (retry counter, flags). */
    void writeByte(short offset, byte value) {
        writeByte(image, offset, value);
    }

    void begin() {
        stagedLength[0] = 0;
    }

    void stage(short offset, byte[] src, short srcOff, short length) {
        short at = entryHeader(offset, length);
        Util.arrayCopyNonAtomic(src, srcOff, staging, at, length);
    }

    void stageByte(short offset, byte value) {
        staging[entryHeader(offset, (short) 1)] = value;
    }

    /** Appends an entry header and reserves its bytes; answers where the bytes go. */
    private short entryHeader(short offset, short length) {
        short at = stagedLength[0];
        if ((short) (at + 3 + length) > JOURNAL_CAPACITY) {
            SystemException.throwIt(SystemException.NO_RESOURCE);
        }
        Util.setShort(staging, at, offset);
        staging[(short) (at + 2)] = (byte) length;
        stagedLength[0] = (short) (at + 3 + length);
        return (short) (at + 3);
    }

    /** Makes the staged entries durable, all or none. */
    void commit() {
        short length = stagedLength[0];
        Util.setShort(staging, length, length);
        write(staging, (short) 0, journal, J_BODY, length);
        write(staging, length, journal, J_LENGTH, (short) 2);
        writeByte(journal, J_FLAG, JOURNAL_COMMITTED);
        recover();
    }

    private static void write(byte[] src, short srcOff, byte[] dst, short dstOff, short length) {
        short landing = TearingHook.beforeWrite(length);
        Util.arrayCopyNonAtomic(src, srcOff, dst, dstOff, landing);
        TearingHook.afterWrite();
    }

    private static void writeByte(byte[] dst, short offset, byte value) {
        if (TearingHook.beforeWrite((short) 1) == 1) {
            dst[offset] = value;
        }
        TearingHook.afterWrite();
    }
}
