package org.sscard.cardsim.applet;

/**
 * Where everything lives in the card's persistent image ({@link Nvm}), and the record table of the
 * linear files. See docs/card-sim.md for the same layout as a table.
 */
final class Layout {
    static final byte PERSONALISED = 0x5A;
    static final byte BLOCKED = 0x5A;

    static final short LIFECYCLE = 0;
    static final short BLOCK_STATE = 1;
    static final short ALGORITHM = 2;

    /** Key slots for KID 01..09: present(1) version(1) key(16). */
    static final short KEYS = 3;
    static final short KEY_SLOT = 18;
    static final short KEY_PRESENT = 0;
    static final short KEY_VERSION = 1;
    static final short KEY_VALUE = 2;
    static final short KEY_LENGTH = 16;
    static final byte KID_EXTERNAL_AUTH = 0x01;
    static final byte KID_INTERNAL_AUTH = 0x02;
    static final byte KID_UPDATE = 0x03;
    static final byte KID_MEDICAL_UPDATE = 0x04;
    static final byte KID_PIN_RELOAD = 0x05;
    static final byte KID_PIN_UNBLOCK = 0x06;
    static final byte KID_DEBIT = 0x07;
    static final byte KID_APP_BLOCK = 0x08;
    static final byte KID_TRANSPORT = 0x09;

    /** PIN: set(1) limit(1) tries left(1) BCD length(1) BCD(6). */
    static final short PIN = (short) (KEYS + 9 * KEY_SLOT);
    static final short PIN_SET = PIN;
    static final short PIN_LIMIT = (short) (PIN + 1);
    static final short PIN_TRIES = (short) (PIN + 2);
    static final short PIN_LENGTH = (short) (PIN + 3);
    static final short PIN_BCD = (short) (PIN + 4);
    static final short PIN_MAX_BCD = 6;

    /** Linear files: record table in {@link #RECORD_EF}, {@link #RECORD_TAG}, {@link #RECORD_LENGTH}. */
    static final byte EF_NONE = 0;
    static final byte SSSE_EF05 = 1;
    static final byte SSSE_EF06 = 2;
    static final byte MEDICAL_EF05 = 3;
    static final byte MEDICAL_EF06 = 4;
    static final byte MEDICAL_EF08 = 5;

    static final byte[] RECORD_EF = {
        SSSE_EF05, SSSE_EF05, SSSE_EF05, SSSE_EF05, SSSE_EF05, SSSE_EF05, SSSE_EF05,
        SSSE_EF06, SSSE_EF06, SSSE_EF06, SSSE_EF06, SSSE_EF06, SSSE_EF06, SSSE_EF06,
        MEDICAL_EF05, MEDICAL_EF05, MEDICAL_EF05, MEDICAL_EF05, MEDICAL_EF05, MEDICAL_EF05, MEDICAL_EF05
    };
    static final byte[] RECORD_TAG = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x4E, 0x0A, 0x0B, 0x0C, 0x0D,
        0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36
    };
    static final byte[] RECORD_LENGTH = {
        16, 1, 4, 12, 4, 4, 9,
        18, 30, 20, 1, 1, 3, 4,
        3, 2, 3, 4, 4, 4, 2
    };
    static final short RECORD_COUNT = 21;
    static final byte TAG_CARD_ID = 0x01;
    static final byte TAG_BALANCE = 0x33;
    static final byte TAG_OFFLINE_SEQ = 0x36;

    /** One "written" byte per record of the table. */
    static final short WRITTEN = (short) (PIN + 4 + PIN_MAX_BCD);
    static final short RECORDS = (short) (WRITTEN + RECORD_COUNT);
    static final short RECORDS_SIZE = 149;

    /** Cyclic files: count(1) newest slot(1) then 10 slots. */
    static final short CYCLIC_SLOTS = 10;
    static final short CYCLIC_COUNT = 0;
    static final short CYCLIC_NEWEST = 1;
    static final short CYCLIC_DATA = 2;
    static final short EF06_RECORD = 27;
    static final short EF08_RECORD = 28;
    static final short MEDICAL_EF06_FILE = (short) (RECORDS + RECORDS_SIZE);
    static final short MEDICAL_EF08_FILE = (short) (MEDICAL_EF06_FILE + CYCLIC_DATA + CYCLIC_SLOTS * EF06_RECORD);
    static final short SIZE = (short) (MEDICAL_EF08_FILE + CYCLIC_DATA + CYCLIC_SLOTS * EF08_RECORD);

    private Layout() {
    }

    static short keySlot(byte kid) {
        return (short) (KEYS + (kid - 1) * KEY_SLOT);
    }

    /** Index in the record table of {@code tag} in {@code ef}, or -1. */
    static short findRecord(byte ef, byte tag) {
        for (short i = 0; i < RECORD_COUNT; i++) {
            if (RECORD_EF[i] == ef && RECORD_TAG[i] == tag) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the {@code n}th (from 1) record of {@code ef}, or -1. */
    static short nthRecord(byte ef, short n) {
        short seen = 0;
        for (short i = 0; i < RECORD_COUNT; i++) {
            if (RECORD_EF[i] == ef && ++seen == n) {
                return i;
            }
        }
        return -1;
    }

    static short recordOffset(short index) {
        short offset = RECORDS;
        for (short i = 0; i < index; i++) {
            offset += RECORD_LENGTH[i];
        }
        return offset;
    }

    static boolean isCyclic(byte ef) {
        return ef == MEDICAL_EF06 || ef == MEDICAL_EF08;
    }

    static short cyclicFile(byte ef) {
        return ef == MEDICAL_EF06 ? MEDICAL_EF06_FILE : MEDICAL_EF08_FILE;
    }

    static short cyclicRecordLength(byte ef) {
        return ef == MEDICAL_EF06 ? EF06_RECORD : EF08_RECORD;
    }
}
