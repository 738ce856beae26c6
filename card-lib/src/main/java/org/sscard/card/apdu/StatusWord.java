package org.sscard.card.apdu;

import java.util.Locale;

/**
 * A status word (SW1 SW2). Constants name every status word of the card protocol; {@link #description()}
 * puts any status word into words.
 */
public record StatusWord(int value) {
    public static final StatusWord OK = new StatusWord(0x9000);
    /** On SELECT: the application is blocked (lost or cancelled card). */
    public static final StatusWord APPLICATION_BLOCKED = new StatusWord(0x6283);
    public static final StatusWord WRONG_LENGTH = new StatusWord(0x6700);
    public static final StatusWord SECURITY_STATUS_NOT_SATISFIED = new StatusWord(0x6982);
    public static final StatusWord PIN_BLOCKED = new StatusWord(0x6983);
    /** Wrong MAC or cryptogram. */
    public static final StatusWord DATA_INVALID = new StatusWord(0x6984);
    public static final StatusWord CONDITIONS_NOT_SATISFIED = new StatusWord(0x6985);
    /** No EF (or no application) selected. */
    public static final StatusWord NO_CURRENT_EF = new StatusWord(0x6986);
    public static final StatusWord WRONG_DATA = new StatusWord(0x6A80);
    public static final StatusWord FILE_NOT_FOUND = new StatusWord(0x6A82);
    public static final StatusWord RECORD_NOT_FOUND = new StatusWord(0x6A83);
    public static final StatusWord WRONG_P1P2 = new StatusWord(0x6A86);
    public static final StatusWord INS_NOT_SUPPORTED = new StatusWord(0x6D00);
    public static final StatusWord CLA_NOT_SUPPORTED = new StatusWord(0x6E00);
    public static final StatusWord NO_PRECISE_DIAGNOSIS = new StatusWord(0x6F00);
    public static final StatusWord INSUFFICIENT_BALANCE = new StatusWord(0x9401);
    /** Answered by a PIN pad reader: the person did not finish entering the PIN in time. */
    public static final StatusWord PIN_PAD_TIMEOUT = new StatusWord(0x6400);
    /** Answered by a PIN pad reader: the person pressed cancel. */
    public static final StatusWord PIN_PAD_CANCELLED = new StatusWord(0x6401);

    public StatusWord {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("a status word is two bytes, got " + value);
        }
    }

    public static StatusWord of(int sw1, int sw2) {
        return new StatusWord(((sw1 & 0xFF) << 8) | (sw2 & 0xFF));
    }

    public int sw1() {
        return value >>> 8;
    }

    public int sw2() {
        return value & 0xFF;
    }

    public boolean isOk() {
        return value == 0x9000;
    }

    /** 61xx: more response bytes are waiting for GET RESPONSE. */
    public boolean isMoreDataAvailable() {
        return sw1() == 0x61;
    }

    /** 6Cxx: the Le was wrong; {@link #sw2()} is the right one. */
    public boolean isWrongLe() {
        return sw1() == 0x6C;
    }

    /** 63Cx: wrong PIN, x tries left. */
    public boolean isWrongPin() {
        return (value & 0xFFF0) == 0x63C0;
    }

    /** The tries left of a 63Cx status word. */
    public int triesLeft() {
        if (!isWrongPin()) {
            throw new IllegalStateException(this + " is not a wrong-PIN status word");
        }
        return value & 0x0F;
    }

    public String hex() {
        return String.format(Locale.ROOT, "%04X", value);
    }

    /** What the status word means, in words. */
    public String description() {
        if (isMoreDataAvailable()) {
            return sw2() + " more bytes available";
        }
        if (isWrongLe()) {
            return "wrong expected length, " + sw2() + " bytes available";
        }
        if (isWrongPin()) {
            return "wrong PIN, " + triesLeft() + " tries left";
        }
        switch (value) {
            case 0x9000:
                return "success";
            case 0x6283:
                return "application blocked";
            case 0x6400:
                return "PIN entry timed out";
            case 0x6401:
                return "PIN entry cancelled";
            case 0x6581:
                return "memory failure";
            case 0x6700:
                return "wrong length";
            case 0x6982:
                return "security status not satisfied";
            case 0x6983:
                return "PIN blocked";
            case 0x6984:
                return "data invalid (wrong MAC or cryptogram)";
            case 0x6985:
                return "conditions of use not satisfied";
            case 0x6986:
                return "no file or application selected";
            case 0x6A80:
                return "wrong data";
            case 0x6A82:
                return "file not found";
            case 0x6A83:
                return "record not found";
            case 0x6A86:
                return "wrong P1/P2";
            case 0x6B00:
                return "wrong parameters";
            case 0x6D00:
                return "instruction not supported";
            case 0x6E00:
                return "class not supported";
            case 0x6F00:
                return "no precise diagnosis";
            case 0x9401:
                return "insufficient balance";
            default:
                return "unknown status";
        }
    }

    @Override
    public String toString() {
        return hex() + " (" + description() + ")";
    }
}
