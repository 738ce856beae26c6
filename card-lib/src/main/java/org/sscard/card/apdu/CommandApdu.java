package org.sscard.card.apdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An ISO 7816-4 command APDU in short form (cases 1 to 4: Lc up to 255 bytes, Ne up to 256). Independent of
 * {@code javax.smartcardio}. {@link #toString()} never shows the data of a command that carries a PIN or
 * key material; {@link #wipe()} clears the data once the command was sent.
 */
public final class CommandApdu {
    /** No response data expected. */
    public static final int NO_LE = -1;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    private final int ne;

    private CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        this.cla = checkByte("CLA", cla);
        this.ins = checkByte("INS", ins);
        this.p1 = checkByte("P1", p1);
        this.p2 = checkByte("P2", p2);
        if (data.length > 255) {
            throw new IllegalArgumentException("short APDUs carry at most 255 data bytes, got " + data.length);
        }
        if (ne != NO_LE && (ne < 1 || ne > 256)) {
            throw new IllegalArgumentException("Ne must be 1..256 (short Le), got " + ne);
        }
        this.data = data.clone();
        this.ne = ne;
    }

    /** Case 1: header only. */
    public static CommandApdu of(int cla, int ins, int p1, int p2) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], NO_LE);
    }

    /** Case 2: header and Le ({@code ne} = 256 is encoded as Le = 00). */
    public static CommandApdu of(int cla, int ins, int p1, int p2, int ne) {
        return new CommandApdu(cla, ins, p1, p2, new byte[0], ne);
    }

    /** Case 3: header and data. */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data) {
        return new CommandApdu(cla, ins, p1, p2, data, NO_LE);
    }

    /** Case 4: header, data and Le; with empty data this is case 2. */
    public static CommandApdu of(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        return new CommandApdu(cla, ins, p1, p2, data, ne);
    }

    /** Parses the bytes of a short APDU; extended or inconsistent lengths are refused. */
    public static CommandApdu parse(byte[] apdu) {
        if (apdu == null || apdu.length < 4) {
            throw new IllegalArgumentException("a command APDU has at least 4 bytes, got "
                    + (apdu == null ? "none" : apdu.length));
        }
        if (apdu.length == 4) {
            return of(apdu[0] & 0xFF, apdu[1] & 0xFF, apdu[2] & 0xFF, apdu[3] & 0xFF);
        }
        int b4 = apdu[4] & 0xFF;
        if (apdu.length == 5) {
            return of(apdu[0] & 0xFF, apdu[1] & 0xFF, apdu[2] & 0xFF, apdu[3] & 0xFF, b4 == 0 ? 256 : b4);
        }
        if (b4 == 0) {
            throw new IllegalArgumentException("extended-length APDUs are not supported");
        }
        byte[] body = Arrays.copyOfRange(apdu, 5, Math.min(apdu.length, 5 + b4));
        if (apdu.length == 5 + b4) {
            return of(apdu[0] & 0xFF, apdu[1] & 0xFF, apdu[2] & 0xFF, apdu[3] & 0xFF, body);
        }
        if (apdu.length == 6 + b4) {
            int le = apdu[5 + b4] & 0xFF;
            return of(apdu[0] & 0xFF, apdu[1] & 0xFF, apdu[2] & 0xFF, apdu[3] & 0xFF, body, le == 0 ? 256 : le);
        }
        throw new IllegalArgumentException("command APDU length " + apdu.length + " does not match Lc " + b4);
    }

    public int cla() {
        return cla;
    }

    public int ins() {
        return ins;
    }

    public int p1() {
        return p1;
    }

    public int p2() {
        return p2;
    }

    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** The number of response bytes expected, or {@link #NO_LE}. */
    public int ne() {
        return ne;
    }

    /** 1 to 4. */
    public int isoCase() {
        if (data.length == 0) {
            return ne == NO_LE ? 1 : 2;
        }
        return ne == NO_LE ? 3 : 4;
    }

    /** The same command with another Ne (used to resend after 6Cxx). */
    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla, ins, p1, p2, data, newNe);
    }

    /** The known instruction, or null. */
    public Instruction instruction() {
        return Instruction.of(cla, ins, p1);
    }

    public byte[] toBytes() {
        int length = 4 + (data.length > 0 ? 1 + data.length : 0) + (ne != NO_LE ? 1 : 0);
        byte[] out = new byte[length];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int off = 4;
        if (data.length > 0) {
            out[off++] = (byte) data.length;
            System.arraycopy(data, 0, out, off, data.length);
            off += data.length;
        }
        if (ne != NO_LE) {
            out[off] = (byte) (ne == 256 ? 0 : ne);
        }
        return out;
    }

    /** Zeroes the data held by this object (PINs, keys) once it is no longer needed. */
    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    /** True if the data holds a PIN or key material (or the instruction is unknown). */
    public boolean hidesData() {
        return Instruction.hidesData(cla, ins, p1);
    }

    @Override
    public String toString() {
        Instruction known = instruction();
        StringBuilder s = new StringBuilder();
        s.append(known == null ? "APDU" : known.displayName()).append(' ')
                .append(String.format("%02X%02X%02X%02X", cla, ins, p1, p2));
        if (data.length > 0) {
            s.append(" Lc=").append(data.length).append(' ');
            s.append(hidesData() ? "<" + data.length + " bytes hidden>" : HEX.formatHex(data));
        }
        if (ne != NO_LE) {
            s.append(" Le=").append(String.format("%02X", ne == 256 ? 0 : ne));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2 && ne == c.ne
                && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(new int[] {cla, ins, p1, p2, ne}) + Arrays.hashCode(data);
    }

    private static int checkByte(String what, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " must be one byte, got " + value);
        }
        return value;
    }
}
