package org.sscard.card.transport;

import java.util.Arrays;
import java.util.HexFormat;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.Instruction;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.values.CitizenId;

/**
 * Turns APDUs into log text with secrets and personal data masked:
 * <ul>
 * <li>commands carrying a PIN or key material (VERIFY, CHANGE, RELOAD, UNBLOCK PIN, PUT KEY, SET PIN, and
 *     unknown instructions): data replaced by its length;</li>
 * <li>the social security number (record tag 08) in READ RECORD answers (by tag or by record number, with or
 *     without a short file identifier) and in WRITE/UPDATE RECORD data: masked as everywhere
 *     ({@link CitizenId#mask}, the first 3 and last 4 characters kept);</li>
 * <li>the holder's name (tags 09 and 4E), the card identification code (tag 01) and the card number (tag 07):
 *     replaced by their length.</li>
 * </ul>
 */
public final class ApduMasker {
    static final int TAG_CARD_ID = 0x01;
    static final int TAG_CARD_NUMBER = 0x07;
    static final int TAG_SSN = 0x08;
    static final int TAG_NAME = 0x09;
    static final int TAG_NAME_EXTENSION = 0x4E;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ApduMasker() {
    }

    public static String command(byte[] bytes) {
        CommandApdu command;
        try {
            command = CommandApdu.parse(bytes);
        } catch (IllegalArgumentException e) {
            return "<malformed command, " + bytes.length + " bytes>";
        }
        try {
            Instruction i = command.instruction();
            if ((i == Instruction.WRITE_RECORD || i == Instruction.UPDATE_RECORD) && isPersonalTag(command.p1())) {
                String header = String.format("%s %02X%02X%02X%02X Lc=%d ", i.displayName(), command.cla(), command.ins(),
                        command.p1(), command.p2(), command.dataLength());
                return header + maskPersonal(command.p1(), command.data());
            }
            return command.toString();
        } finally {
            command.wipe();
        }
    }

    public static String response(byte[] commandBytes, byte[] responseBytes) {
        ResponseApdu response;
        try {
            response = ResponseApdu.of(responseBytes);
        } catch (RuntimeException e) {
            return "<malformed response, " + responseBytes.length + " bytes>";
        }
        boolean readRecord = commandBytes.length >= 4 && (commandBytes[1] & 0xFF) == 0xB2;
        if (!readRecord || response.dataLength() == 0) {
            return response.toString();
        }
        byte[] data = response.data();
        try {
            // by tag (P2 bits 3-1 = 000, any SFI) P1 names the record; by number the answer's first byte does
            boolean byTag = (commandBytes[3] & 0x07) == 0;
            int tag = byTag ? commandBytes[2] & 0xFF : data[0] & 0xFF;
            if (!isPersonalTag(tag)) {
                return response.toString();
            }
            String shown = data.length >= 2 && (data[0] & 0xFF) == tag
                    ? HEX.formatHex(data, 0, 2) + " " + maskPersonal(tag, Arrays.copyOfRange(data, 2, data.length))
                    : maskPersonal(tag, data);
            return shown + " " + response.statusWord();
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static boolean isPersonalTag(int tag) {
        return tag == TAG_SSN || tag == TAG_NAME || tag == TAG_NAME_EXTENSION || tag == TAG_CARD_ID || tag == TAG_CARD_NUMBER;
    }

    private static String maskPersonal(int tag, byte[] value) {
        if (tag == TAG_CARD_ID) {
            return "<card identification code, " + value.length + " bytes hidden>";
        }
        if (tag == TAG_CARD_NUMBER) {
            return "<card number, " + value.length + " bytes hidden>";
        }
        if (tag != TAG_SSN) {
            return "<name, " + value.length + " bytes hidden>";
        }
        int textLength = Math.min(value.length, 18);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < textLength; i++) {
            int c = value[i] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        String masked = "'" + CitizenId.mask(text.toString()) + "'";
        if (value.length > textLength) {
            masked += " " + HEX.formatHex(value, textLength, value.length);
        }
        return masked;
    }

}
