package org.sscard.card.apdu;

/**
 * The commands of the card protocol, known by CLA/INS (and P1 where two commands share an INS). The
 * {@link #sensitive()} ones carry PINs or key material: their data is never shown in text.
 */
public enum Instruction {
    SELECT(-1, 0xA4, -1, false, "SELECT"),
    READ_RECORD(-1, 0xB2, -1, false, "READ RECORD"),
    GET_CHALLENGE(-1, 0x84, -1, false, "GET CHALLENGE"),
    GET_RESPONSE(-1, 0xC0, -1, false, "GET RESPONSE"),
    EXTERNAL_AUTHENTICATE(-1, 0x82, -1, false, "EXTERNAL AUTHENTICATE"),
    INTERNAL_AUTHENTICATE(-1, 0x88, -1, false, "INTERNAL AUTHENTICATE"),
    VERIFY_PIN(-1, 0x20, -1, true, "VERIFY PIN"),
    CHANGE_PIN(0x80, 0x5E, 0x01, true, "CHANGE PIN"),
    RELOAD_PIN(0x80, 0x5E, 0x00, true, "RELOAD PIN"),
    UNBLOCK_PIN(-1, 0x24, -1, true, "UNBLOCK PIN"),
    UPDATE_RECORD(0x04, 0xDC, -1, false, "UPDATE RECORD"),
    WRITE_RECORD(0x84, 0xDC, -1, false, "WRITE RECORD"),
    APPEND_RECORD(-1, 0xE2, -1, false, "APPEND RECORD"),
    APPLICATION_BLOCK(-1, 0x1E, -1, false, "APPLICATION BLOCK"),
    INITIALIZE_FOR_DEBIT(-1, 0x50, -1, false, "INITIALIZE FOR DEBIT"),
    DEBIT(-1, 0x54, -1, false, "DEBIT"),
    PUT_KEY(-1, 0xD4, -1, true, "PUT KEY"),
    SET_PIN(-1, 0xD8, -1, true, "SET PIN"),
    CLOSE_PERSONALISATION(-1, 0xE6, -1, false, "CLOSE PERSONALISATION");

    private final int cla;
    private final int ins;
    private final int p1;
    private final boolean sensitive;
    private final String displayName;

    Instruction(int cla, int ins, int p1, boolean sensitive, String displayName) {
        this.cla = cla;
        this.ins = ins;
        this.p1 = p1;
        this.sensitive = sensitive;
        this.displayName = displayName;
    }

    public int ins() {
        return ins;
    }

    /** True if the command data holds a PIN or key material. */
    public boolean sensitive() {
        return sensitive;
    }

    public String displayName() {
        return displayName;
    }

    /** The instruction a header names, or null for one outside the card protocol. */
    public static Instruction of(int cla, int ins, int p1) {
        for (Instruction i : values()) {
            if (i.ins == (ins & 0xFF) && (i.cla < 0 || i.cla == (cla & 0xFF)) && (i.p1 < 0 || i.p1 == (p1 & 0xFF))) {
                return i;
            }
        }
        return null;
    }

    /**
     * True if the command's data should be hidden: a known sensitive instruction, or an unknown
     * instruction (it might be one).
     */
    public static boolean hidesData(int cla, int ins, int p1) {
        Instruction i = of(cla, ins, p1);
        return i == null || i.sensitive;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
