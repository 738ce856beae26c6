package org.sscard.card.psam;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyLevel;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;

/** The PSAM's APDU vocabulary (docs/card-sim.md, "The PSAM"): AID, instructions and field encodings. */
final class PsamProtocol {
    static final byte[] AID = HexFormat.of().parseHex("D1560000055053414D");
    static final int CLA_ISO = 0x00;
    static final int CLA_PROPRIETARY = 0x80;
    static final int CLA_PROPRIETARY_MAC = 0x84;

    static final int INS_SELECT = 0xA4;
    static final int INS_GET_CHALLENGE = 0x84;
    static final int INS_LIST_KEYS = 0xCA;
    static final int INS_LOAD_KEY = 0xF0;
    static final int INS_CARD_KEY_KCV = 0x30;
    static final int INS_EXTERNAL_AUTH = 0x32;
    static final int INS_VERIFY_INTERNAL_AUTH = 0x34;
    static final int INS_CARD_MAC = 0x36;
    static final int INS_PIN_BLOCK = 0x38;
    static final int INS_DEBIT_MAC1 = 0x3A;
    static final int INS_VERIFY_MAC2 = 0x3C;
    static final int INS_VERIFY_TAC = 0x3E;
    static final int INS_WRAP_CARD_KEY = 0x40;

    static final int SW_KEY_NOT_FOUND = 0x6A88;
    static final int SW_KEY_ALREADY_HELD = 0x6A89;
    static final int SW_NO_ROOM = 0x6A84;

    /** The longest data {@code CARD MAC} takes: 254 (the PSAM's longest request) − key ref (6) − card (16) − challenge (8). */
    static final int MAX_MAC_DATA = 224;
    static final int LIST_ENTRY_LENGTH = 15;
    static final int FLAG_TEST_KEY = 0x01;

    private PsamProtocol() {
    }

    /** type (KID) ‖ level (01 national, 02 province, 03 city) ‖ region BCD (3) ‖ version. */
    static byte[] keyReference(KeyRef ref) {
        if (!ref.type().hierarchical()) {
            throw new PsamException(ref + " is a station key; a PSAM holds card keys only (the station's DATA and"
                    + " DEVICE_SIGN keys stay in its software module)");
        }
        byte[] out = new byte[6];
        out[0] = (byte) ref.type().cardKeyId();
        out[1] = (byte) levelCode(ref.level());
        System.arraycopy(HexFormat.of().parseHex(ref.region()), 0, out, 2, 3);
        out[5] = (byte) ref.version();
        return out;
    }

    static KeyRef parseKeyReference(byte[] data, int offset) {
        KeyType type = KeyType.fromCardKeyId(data[offset] & 0xFF);
        KeyLevel level = level(data[offset + 1] & 0xFF);
        String region = HexFormat.of().formatHex(data, offset + 2, offset + 5);
        return new KeyRef(type, level, region, data[offset + 5] & 0xFF);
    }

    static int levelCode(KeyLevel level) {
        switch (level) {
            case NATIONAL:
                return 1;
            case PROVINCE:
                return 2;
            case CITY:
                return 3;
            default:
                throw new CryptoException("a PSAM holds national, province and city keys, not " + level.lowerName() + " keys");
        }
    }

    static KeyLevel level(int code) {
        switch (code) {
            case 1:
                return KeyLevel.NATIONAL;
            case 2:
                return KeyLevel.PROVINCE;
            case 3:
                return KeyLevel.CITY;
            default:
                throw new PsamException(String.format("the PSAM listed a key of unknown level %02X", code));
        }
    }

    /** key reference (6) ‖ card identification code (16) ‖ the operation's input. */
    static byte[] request(KeyRef ref, CardIdentificationCode card, byte[] input) {
        byte[] out = new byte[6 + CardIdentificationCode.LENGTH + input.length];
        System.arraycopy(keyReference(ref), 0, out, 0, 6);
        System.arraycopy(card.bytes(), 0, out, 6, CardIdentificationCode.LENGTH);
        System.arraycopy(input, 0, out, 6 + CardIdentificationCode.LENGTH, input.length);
        return out;
    }

    /**
     * amount (4) ‖ terminal id (6) ‖ terminal seq (4) ‖ date-time (7) ‖ card random (4) ‖ offline seq (2) ‖
     * balance after (4): 31 bytes.
     */
    static byte[] debitData(DebitData debit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        putInt(out, debit.amountFen(), 4);
        out.writeBytes(debit.terminalId());
        putInt(out, debit.terminalSeq(), 4);
        out.writeBytes(debit.dateTime());
        out.writeBytes(debit.cardRandom());
        putInt(out, debit.offlineSeq(), 2);
        putInt(out, debit.balanceAfter(), 4);
        return out.toByteArray();
    }

    static void putInt(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
