package org.sscard.cardsim.applet;

import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.RandomData;

/**
 * The PSAM: holds regional keys (national, province or city level; 3DES or SM4) and answers card
 * cryptograms, MACs and verifications for a social security card named by its identification code. Card
 * keys are derived inside (region factor = admin code in ASCII + "sx", card factor = the last 8 bytes of the
 * identification code) and never leave the applet; only a card key wrapped under that card's own transport
 * key does, for personalisation. Keys are loaded under the PSAM transport key given at install. The APDU
 * contract is in docs/card-sim.md ("The PSAM").
 *
 * <p>Install parameters: transport algorithm id (1: 01 3DES, 03 SM4) ‖ PSAM transport key (16).
 */
public final class PsamApplet extends Applet {
    static final byte[] AID_BYTES = {(byte) 0xD1, 0x56, 0x00, 0x00, 0x05, 0x50, 0x53, 0x41, 0x4D};
    static final short INSTALL_PARAMETERS_LENGTH = 17;
    static final short SLOTS = 96;

    static final short SW_KEY_NOT_FOUND = 0x6A88;
    static final short SW_KEY_ALREADY_HELD = 0x6A89;
    static final short SW_NO_ROOM = 0x6A84;

    private static final byte CLA_ISO = 0x00;
    private static final byte CLA_PROPRIETARY = (byte) 0x80;
    private static final byte CLA_PROPRIETARY_MAC = (byte) 0x84;

    private static final byte INS_GET_CHALLENGE = (byte) 0x84;
    private static final byte INS_LIST_KEYS = (byte) 0xCA;
    private static final byte INS_LOAD_KEY = (byte) 0xF0;
    private static final byte INS_CARD_KEY_KCV = 0x30;
    private static final byte INS_EXTERNAL_AUTH = 0x32;
    private static final byte INS_VERIFY_INTERNAL_AUTH = 0x34;
    private static final byte INS_CARD_MAC = 0x36;
    private static final byte INS_PIN_BLOCK = 0x38;
    private static final byte INS_DEBIT_MAC1 = 0x3A;
    private static final byte INS_VERIFY_MAC2 = 0x3C;
    private static final byte INS_VERIFY_TAC = 0x3E;
    private static final byte INS_WRAP_CARD_KEY = 0x40;

    private static final byte LEVEL_NATIONAL = 1;
    private static final byte LEVEL_PROVINCE = 2;
    private static final byte LEVEL_CITY = 3;
    private static final byte KID_TRANSPORT = 0x09;

    /** Key slot: present(1) type(1) level(1) region BCD(3) version(1) alg(1) flags(1) loaded-at(4) key(16). */
    private static final short K_PRESENT = 0;
    private static final short K_TYPE = 1;
    private static final short K_REFERENCE_LENGTH = 6;
    private static final short K_LEVEL = 2;
    private static final short K_REGION = 3;
    private static final short K_ALG = 7;
    private static final short K_VALUE = 13;
    private static final short SLOT_SIZE = 29;
    private static final short KEY_LENGTH = 16;

    private static final short LIST_ENTRY = 15;
    private static final short LIST_MAX_ENTRIES = 16;

    /** Request layout: key reference (6) ‖ card identification code (16) ‖ operation data. */
    private static final short REQ_CARD = K_REFERENCE_LENGTH;
    private static final short REQ_DATA = (short) (REQ_CARD + 16);
    private static final short DEBIT_DATA_LENGTH = 31;
    /** Request data is at most 254 bytes (jCardSim refuses Lc = 255 followed by Le): 224 bytes of MAC input. */
    private static final short MAX_MAC_DATA = (short) (254 - REQ_DATA - 8);
    private static final byte[] RID = {(byte) 0xD1, 0x56, 0x00, 0x00, 0x05};

    /** Work areas inside {@link #work}. */
    private static final short W_REQUEST = 0;
    private static final short W_CARD_KEY = 256;
    private static final short W_SECOND_KEY = 272;
    private static final short W_FACTOR = 288;
    private static final short W_BLOCK = 304;
    private static final short W_OUT = 336;
    private static final short WORK_SIZE = 400;

    private static final short S_CHALLENGE_ISSUED = 0;
    private static final short S_CHALLENGE_USABLE = 1;
    private static final short S_CHALLENGE = 2;
    private static final short S_CHALLENGE_IN_USE = 10;
    private static final short SESSION_SIZE = 18;

    private final byte transportAlgorithm;
    private final byte[] transportKey;
    private final byte[] slots;
    private final byte[] work;
    private final byte[] session;
    private final CardCipher tdes;
    private final CardCipher sm4;
    private final RandomData random;

    private PsamApplet(byte[] params, short offset, byte length) {
        if (length != INSTALL_PARAMETERS_LENGTH) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        transportAlgorithm = params[offset];
        if (transportAlgorithm != CardCipher.ALG_TDES && transportAlgorithm != CardCipher.ALG_SM4) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        transportKey = new byte[KEY_LENGTH];
        Util.arrayCopy(params, (short) (offset + 1), transportKey, (short) 0, KEY_LENGTH);
        slots = new byte[(short) (SLOTS * SLOT_SIZE)];
        work = JCSystem.makeTransientByteArray(WORK_SIZE, JCSystem.CLEAR_ON_RESET);
        session = JCSystem.makeTransientByteArray(SESSION_SIZE, JCSystem.CLEAR_ON_RESET);
        tdes = CardCipher.forAlgorithm(CardCipher.ALG_TDES, MAX_MAC_DATA);
        sm4 = CardCipher.forAlgorithm(CardCipher.ALG_SM4, MAX_MAC_DATA);
        random = RandomData.getInstance(RandomData.ALG_TRNG);
    }

    public static void install(byte[] params, short offset, byte length) {
        new PsamApplet(params, offset, length).register();
    }

    @Override
    public void process(APDU apdu) {
        session[S_CHALLENGE_USABLE] = session[S_CHALLENGE_ISSUED];
        session[S_CHALLENGE_ISSUED] = 0;
        Util.arrayCopyNonAtomic(session, S_CHALLENGE, session, S_CHALLENGE_IN_USE, (short) 8);
        if (selectingApplet()) {
            sendFci(apdu);
            return;
        }
        byte[] buf = apdu.getBuffer();
        byte cla = buf[ISO7816.OFFSET_CLA];
        switch (buf[ISO7816.OFFSET_INS]) {
            case INS_GET_CHALLENGE:
                requireClass(cla, CLA_ISO);
                getChallenge(apdu);
                break;
            case INS_LOAD_KEY:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                loadKey(apdu);
                break;
            case INS_LIST_KEYS:
                requireClass(cla, CLA_PROPRIETARY);
                listKeys(apdu);
                break;
            case INS_CARD_KEY_KCV:
            case INS_EXTERNAL_AUTH:
            case INS_VERIFY_INTERNAL_AUTH:
            case INS_CARD_MAC:
            case INS_PIN_BLOCK:
            case INS_DEBIT_MAC1:
            case INS_VERIFY_MAC2:
            case INS_VERIFY_TAC:
            case INS_WRAP_CARD_KEY:
                requireClass(cla, CLA_PROPRIETARY);
                try {
                    cardOperation(apdu, buf[ISO7816.OFFSET_INS]);
                } finally {
                    Util.arrayFillNonAtomic(work, (short) 0, WORK_SIZE, (byte) 0);
                }
                break;
            default:
                ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
        }
    }

    private void sendFci(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        short at = 0;
        buf[at++] = 0x6F;
        buf[at++] = (byte) (2 + AID_BYTES.length);
        buf[at++] = (byte) 0x84;
        buf[at++] = (byte) AID_BYTES.length;
        at = Util.arrayCopyNonAtomic(AID_BYTES, (short) 0, buf, at, (short) AID_BYTES.length);
        apdu.setOutgoingAndSend((short) 0, at);
    }

    private void getChallenge(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0, (byte) 0);
        if (buf[ISO7816.OFFSET_LC] != 8) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        random.nextBytes(session, S_CHALLENGE, (short) 8);
        session[S_CHALLENGE_ISSUED] = 1;
        send(apdu, session, S_CHALLENGE, (short) 8);
    }

    // ---- loading -------------------------------------------------------------------------------------

    /**
     * LOAD KEY: type level region(3) version alg flags loaded-at(4) ‖ ENC_ECB(K_PT, key)(16) ‖ kcv(3) ‖
     * MAC(K_PT, challenge, header ‖ data).
     */
    private void loadKey(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0, (byte) 0);
        short dataLength = (short) (K_VALUE - K_TYPE + KEY_LENGTH + 3);
        if (receive(apdu) != (short) (dataLength + CardCipher.MAC_LENGTH)) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        if (session[S_CHALLENGE_USABLE] == 0) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        CardCipher transport = cipher(transportAlgorithm);
        short covered = (short) (ISO7816.OFFSET_CDATA + dataLength);
        transport.mac(transportKey, (short) 0, session, S_CHALLENGE_IN_USE, buf, (short) 0, covered, work, W_OUT);
        if (Util.arrayCompare(work, W_OUT, buf, covered, CardCipher.MAC_LENGTH) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        short ref = ISO7816.OFFSET_CDATA;
        if (!wellFormedReference(buf, ref) || cipher(buf[(short) (ref + K_ALG - K_TYPE)]) == null) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        if (findSlot(buf, ref) >= 0) {
            ISOException.throwIt(SW_KEY_ALREADY_HELD);
        }
        short wrapped = (short) (ref + K_VALUE - K_TYPE);
        transport.decryptEcb(transportKey, (short) 0, buf, wrapped, KEY_LENGTH, work, W_CARD_KEY);
        CardCipher keyCipher = cipher(buf[(short) (ref + K_ALG - K_TYPE)]);
        kcv(keyCipher, work, W_CARD_KEY, work, W_OUT);
        if (Util.arrayCompare(work, W_OUT, buf, (short) (wrapped + KEY_LENGTH), (short) 3) != 0) {
            Util.arrayFillNonAtomic(work, W_CARD_KEY, KEY_LENGTH, (byte) 0);
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        short slot = freeSlot();
        if (slot < 0) {
            Util.arrayFillNonAtomic(work, W_CARD_KEY, KEY_LENGTH, (byte) 0);
            ISOException.throwIt(SW_NO_ROOM);
        }
        Util.arrayCopy(buf, ref, slots, (short) (slot + K_TYPE), (short) (K_VALUE - K_TYPE));
        Util.arrayCopy(work, W_CARD_KEY, slots, (short) (slot + K_VALUE), KEY_LENGTH);
        Util.arrayFillNonAtomic(work, W_CARD_KEY, KEY_LENGTH, (byte) 0);
        slots[(short) (slot + K_PRESENT)] = 1;
    }

    /** Type 00–09, level 1–3, a BCD region that fits the level, version any. */
    private static boolean wellFormedReference(byte[] ref, short off) {
        byte type = ref[off];
        byte level = ref[(short) (off + K_LEVEL - K_TYPE)];
        short region = (short) (off + K_REGION - K_TYPE);
        if (type < 0 || type > KID_TRANSPORT || !bcdDigits(ref, region, (short) 3)) {
            return false;
        }
        boolean provinceZero = ref[region] == 0;
        boolean cityZero = ref[(short) (region + 1)] == 0;
        boolean districtZero = ref[(short) (region + 2)] == 0;
        if (level == LEVEL_NATIONAL) {
            return provinceZero && cityZero && districtZero;
        }
        if (level == LEVEL_PROVINCE) {
            return !provinceZero && cityZero && districtZero;
        }
        if (level == LEVEL_CITY) {
            return !provinceZero && !cityZero && districtZero;
        }
        return false;
    }

    private static boolean bcdDigits(byte[] data, short off, short length) {
        for (short i = 0; i < length; i++) {
            byte b = data[(short) (off + i)];
            if ((short) ((b >> 4) & 0x0F) > 9 || (short) (b & 0x0F) > 9) {
                return false;
            }
        }
        return true;
    }

    private short freeSlot() {
        for (short slot = 0; slot < (short) (SLOTS * SLOT_SIZE); slot += SLOT_SIZE) {
            if (slots[(short) (slot + K_PRESENT)] != 1) {
                return slot;
            }
        }
        return -1;
    }

    /** The slot holding the key reference type level region(3) version at {@code ref[off]}, or -1. */
    private short findSlot(byte[] ref, short off) {
        for (short slot = 0; slot < (short) (SLOTS * SLOT_SIZE); slot += SLOT_SIZE) {
            if (slots[(short) (slot + K_PRESENT)] == 1
                    && Util.arrayCompare(slots, (short) (slot + K_TYPE), ref, off, K_REFERENCE_LENGTH) == 0) {
                return slot;
            }
        }
        return -1;
    }

    /** LIST KEYS from entry P2: count(1) ‖ up to 16 entries of type level region(3) version alg flags loaded(4) kcv(3). */
    private void listKeys(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        if (buf[ISO7816.OFFSET_P1] != 0) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short start = (short) (buf[ISO7816.OFFSET_P2] & 0xFF);
        short count = 0;
        short at = 1;
        for (short slot = 0; slot < (short) (SLOTS * SLOT_SIZE); slot += SLOT_SIZE) {
            if (slots[(short) (slot + K_PRESENT)] != 1) {
                continue;
            }
            if (count >= start && (short) (count - start) < LIST_MAX_ENTRIES) {
                Util.arrayCopyNonAtomic(slots, (short) (slot + K_TYPE), work, at, (short) (K_VALUE - K_TYPE));
                kcv(cipher(slots[(short) (slot + K_ALG)]), slots, (short) (slot + K_VALUE), work,
                        (short) (at + K_VALUE - K_TYPE));
                at = (short) (at + LIST_ENTRY);
            }
            count++;
        }
        work[0] = (byte) count;
        send(apdu, work, (short) 0, at);
    }

    // ---- card operations -------------------------------------------------------------------------------

    private void cardOperation(APDU apdu, byte ins) {
        byte[] buf = apdu.getBuffer();
        byte p1 = buf[ISO7816.OFFSET_P1];
        boolean withChallenge = ins == INS_CARD_MAC && p1 == 1;
        if ((p1 != 0 && !withChallenge) || buf[ISO7816.OFFSET_P2] != 0) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short length = receive(apdu);
        short secondRef = ins == INS_WRAP_CARD_KEY ? K_REFERENCE_LENGTH : 0;
        if (length < (short) (REQ_DATA + secondRef)) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        Util.arrayCopyNonAtomic(buf, ISO7816.OFFSET_CDATA, work, W_REQUEST, length);
        short card = (short) (REQ_CARD + secondRef);
        short data = (short) (REQ_DATA + secondRef);
        short slot = findSlot(work, W_REQUEST);
        if (slot < 0) {
            ISOException.throwIt(SW_KEY_NOT_FOUND);
        }
        short transportSlot = -1;
        if (secondRef != 0) {
            transportSlot = findSlot(work, K_REFERENCE_LENGTH);
            if (transportSlot < 0) {
                ISOException.throwIt(SW_KEY_NOT_FOUND);
            }
        }
        if (!wellFormedCard(work, card)) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        if (!covers(slot, work, card) || (transportSlot >= 0 && !covers(transportSlot, work, card))) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        CardCipher c = cipher(slots[(short) (slot + K_ALG)]);
        short block = c.blockSize();
        short dataLength = (short) (length - data);
        switch (ins) {
            case INS_CARD_KEY_KCV:
                requireLength(dataLength, (short) 0);
                deriveCardKey(c, slot, card, W_CARD_KEY);
                kcv(c, work, W_CARD_KEY, work, W_OUT);
                send(apdu, work, W_OUT, (short) 3);
                break;
            case INS_EXTERNAL_AUTH:
                requireLength(dataLength, (short) 8);
                deriveCardKey(c, slot, card, W_CARD_KEY);
                authCryptogram(c, data, W_OUT);
                send(apdu, work, W_OUT, block);
                break;
            case INS_VERIFY_INTERNAL_AUTH:
                requireLength(dataLength, (short) (8 + block));
                deriveCardKey(c, slot, card, W_CARD_KEY);
                authCryptogram(c, data, W_OUT);
                requireEqual(work, W_OUT, (short) (data + 8), block);
                break;
            case INS_CARD_MAC:
                cardMac(apdu, c, slot, card, data, dataLength, withChallenge);
                break;
            case INS_PIN_BLOCK:
                pinBlock(apdu, c, slot, card, data, dataLength);
                break;
            case INS_DEBIT_MAC1:
                requireLength(dataLength, DEBIT_DATA_LENGTH);
                debitMac(c, slot, card, data, true, W_OUT);
                send(apdu, work, W_OUT, CardCipher.MAC_LENGTH);
                break;
            case INS_VERIFY_MAC2:
                requireLength(dataLength, (short) (DEBIT_DATA_LENGTH + CardCipher.MAC_LENGTH));
                debitMac(c, slot, card, data, false, W_OUT);
                requireEqual(work, W_OUT, (short) (data + DEBIT_DATA_LENGTH), CardCipher.MAC_LENGTH);
                break;
            case INS_VERIFY_TAC:
                requireLength(dataLength, (short) (DEBIT_DATA_LENGTH + CardCipher.MAC_LENGTH));
                tac(c, slot, card, data, W_OUT);
                requireEqual(work, W_OUT, (short) (data + DEBIT_DATA_LENGTH), CardCipher.MAC_LENGTH);
                break;
            default:
                wrapCardKey(apdu, c, slot, transportSlot, card, dataLength);
                break;
        }
    }

    private void cardMac(APDU apdu, CardCipher c, short slot, short card, short data, short dataLength,
                         boolean withChallenge) {
        short challenge = data;
        short macData = withChallenge ? (short) (data + 8) : data;
        short macLength = withChallenge ? (short) (dataLength - 8) : dataLength;
        if (macLength < 0 || macLength > MAX_MAC_DATA) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        deriveCardKey(c, slot, card, W_CARD_KEY);
        c.mac(work, W_CARD_KEY, withChallenge ? work : null, challenge, work, macData, macLength, work, W_OUT);
        send(apdu, work, W_OUT, CardCipher.MAC_LENGTH);
    }

    /** PIN block from PIN length(1) ‖ BCD digits (F-padded): length ‖ BCD ‖ 80 00… to whole blocks, ECB. */
    private void pinBlock(APDU apdu, CardCipher c, short slot, short card, short data, short dataLength) {
        if (dataLength < 1) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        short digits = (short) (work[data] & 0xFF);
        short bcdLength = (short) ((short) (digits + 1) / 2);
        if (digits < 4 || digits > 12) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        requireLength(dataLength, (short) (1 + bcdLength));
        for (short i = 0; i < digits; i++) {
            byte b = work[(short) (data + 1 + i / 2)];
            short nibble = (short) ((i % 2 == 0 ? (short) (b >> 4) : b) & 0x0F);
            if (nibble > 9) {
                ISOException.throwIt(ISO7816.SW_WRONG_DATA);
            }
        }
        if (digits % 2 == 1 && (short) (work[(short) (data + bcdLength)] & 0x0F) != 0x0F) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        short block = c.blockSize();
        short padded = (short) ((short) ((short) (bcdLength + 2 + block - 1) / block) * block);
        Util.arrayFillNonAtomic(work, W_BLOCK, padded, (byte) 0);
        Util.arrayCopyNonAtomic(work, data, work, W_BLOCK, (short) (1 + bcdLength));
        work[(short) (W_BLOCK + 1 + bcdLength)] = (byte) 0x80;
        deriveCardKey(c, slot, card, W_CARD_KEY);
        c.encryptEcb(work, W_CARD_KEY, work, W_BLOCK, padded, work, W_OUT);
        send(apdu, work, W_OUT, padded);
    }

    /**
     * MAC1 (or MAC2) of a debit under the session key. Debit data: amount(4) terminal id(6) terminal seq(4)
     * date-time(7) card random(4) offline seq(2) balance after(4).
     */
    private void debitMac(CardCipher c, short slot, short card, short debit, boolean mac1, short out) {
        deriveCardKey(c, slot, card, W_CARD_KEY);
        Util.arrayCopyNonAtomic(work, (short) (debit + 21), work, W_FACTOR, (short) 6);
        Util.arrayCopyNonAtomic(work, (short) (debit + 12), work, (short) (W_FACTOR + 6), (short) 2);
        diversify(c, W_CARD_KEY, W_SECOND_KEY);
        short length = mac1 ? mac1Input(debit) : 4;
        if (!mac1) {
            Util.arrayCopyNonAtomic(work, debit, work, W_BLOCK, (short) 4);
        }
        c.mac(work, W_SECOND_KEY, null, (short) 0, work, W_BLOCK, length, work, out);
    }

    /** TAC: MAC(K_debit_card, zero IV, MAC1 input ‖ offline seq ‖ balance after). */
    private void tac(CardCipher c, short slot, short card, short debit, short out) {
        deriveCardKey(c, slot, card, W_CARD_KEY);
        short length = mac1Input(debit);
        Util.arrayCopyNonAtomic(work, (short) (debit + 25), work, (short) (W_BLOCK + length), (short) 6);
        c.mac(work, W_CARD_KEY, null, (short) 0, work, W_BLOCK, (short) (length + 6), work, out);
    }

    /** Writes amount(4) ‖ 06 ‖ terminal id(6) ‖ terminal seq(4) ‖ date-time(7) at W_BLOCK; answers 22. */
    private short mac1Input(short debit) {
        Util.arrayCopyNonAtomic(work, debit, work, W_BLOCK, (short) 4);
        work[(short) (W_BLOCK + 4)] = 0x06;
        Util.arrayCopyNonAtomic(work, (short) (debit + 4), work, (short) (W_BLOCK + 5), (short) 17);
        return 22;
    }

    private void wrapCardKey(APDU apdu, CardCipher c, short slot, short transportSlot, short card, short dataLength) {
        requireLength(dataLength, (short) 0);
        if (slots[(short) (transportSlot + K_TYPE)] != KID_TRANSPORT
                || slots[(short) (transportSlot + K_ALG)] != slots[(short) (slot + K_ALG)]) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        deriveCardKey(c, slot, card, W_SECOND_KEY);
        deriveCardKey(c, transportSlot, card, W_CARD_KEY);
        c.encryptEcb(work, W_CARD_KEY, work, W_SECOND_KEY, KEY_LENGTH, work, W_OUT);
        kcv(c, work, W_SECOND_KEY, work, (short) (W_OUT + KEY_LENGTH));
        send(apdu, work, W_OUT, (short) (KEY_LENGTH + 3));
    }

    /** ENC_ECB(card key, 8 bytes at {@code data} ‖ zeros to one block) to {@code out}. */
    private void authCryptogram(CardCipher c, short data, short out) {
        short block = c.blockSize();
        Util.arrayFillNonAtomic(work, W_BLOCK, block, (byte) 0);
        Util.arrayCopyNonAtomic(work, data, work, W_BLOCK, (short) 8);
        c.encryptEcb(work, W_CARD_KEY, work, W_BLOCK, block, work, out);
    }

    // ---- derivation -------------------------------------------------------------------------------------

    /** RID D156000005 and a BCD region. */
    private static boolean wellFormedCard(byte[] data, short card) {
        return bcdDigits(data, card, (short) 3)
                && Util.arrayCompare(data, (short) (card + 3), RID, (short) 0, (short) RID.length) == 0;
    }

    private boolean covers(short slot, byte[] data, short card) {
        byte level = slots[(short) (slot + K_LEVEL)];
        short region = (short) (slot + K_REGION);
        if (level == LEVEL_NATIONAL) {
            return true;
        }
        if (slots[region] != data[card]) {
            return false;
        }
        return level == LEVEL_PROVINCE || slots[(short) (region + 1)] == data[(short) (card + 1)];
    }

    /** The card key of the key in {@code slot} for the card at work[card], to work[out]. */
    private void deriveCardKey(CardCipher c, short slot, short card, short out) {
        byte level = slots[(short) (slot + K_LEVEL)];
        Util.arrayCopyNonAtomic(slots, (short) (slot + K_VALUE), work, out, KEY_LENGTH);
        if (level == LEVEL_NATIONAL) {
            regionFactor(card, false);
            diversify(c, out, out);
        }
        if (level == LEVEL_NATIONAL || level == LEVEL_PROVINCE) {
            regionFactor(card, true);
            diversify(c, out, out);
        }
        Util.arrayCopyNonAtomic(work, (short) (card + 8), work, W_FACTOR, (short) 8);
        diversify(c, out, out);
    }

    /** The province ("xx0000sx") or city ("xxxx00sx") factor of the card's region, to W_FACTOR. */
    private void regionFactor(short card, boolean city) {
        for (short i = 0; i < 6; i++) {
            byte digit = 0;
            if (i < 2 || (city && i < 4)) {
                byte b = work[(short) (card + i / 2)];
                digit = (byte) ((i % 2 == 0 ? (short) (b >> 4) : b) & 0x0F);
            }
            work[(short) (W_FACTOR + i)] = (byte) ('0' + digit);
        }
        work[(short) (W_FACTOR + 6)] = 's';
        work[(short) (W_FACTOR + 7)] = 'x';
    }

    /** key[out] = ENC_ECB(key[parent], F ‖ ~F) with F at W_FACTOR (both algorithms, 16 bytes). */
    private void diversify(CardCipher c, short parent, short out) {
        for (short i = 0; i < 8; i++) {
            work[(short) (W_FACTOR + 8 + i)] = (byte) ~work[(short) (W_FACTOR + i)];
        }
        c.encryptEcb(work, parent, work, W_FACTOR, KEY_LENGTH, work, out);
    }

    private void kcv(CardCipher c, byte[] key, short keyOff, byte[] out, short outOff) {
        short block = c.blockSize();
        Util.arrayFillNonAtomic(work, W_BLOCK, block, (byte) 0);
        c.encryptEcb(key, keyOff, work, W_BLOCK, block, work, W_BLOCK);
        Util.arrayCopyNonAtomic(work, W_BLOCK, out, outOff, (short) 3);
    }

    private CardCipher cipher(byte algorithmId) {
        if (algorithmId == CardCipher.ALG_TDES) {
            return tdes;
        }
        if (algorithmId == CardCipher.ALG_SM4) {
            return sm4;
        }
        return null;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static void requireClass(byte cla, byte expected) {
        if (cla != expected) {
            ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
        }
    }

    private static void requireParameters(byte[] buf, byte p1, byte p2) {
        if (buf[ISO7816.OFFSET_P1] != p1 || buf[ISO7816.OFFSET_P2] != p2) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private static void requireLength(short actual, short expected) {
        if (actual != expected) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
    }

    /** 9000 if equal, else 6984. */
    private void requireEqual(byte[] expected, short expectedOff, short actualOff, short length) {
        if (Util.arrayCompare(expected, expectedOff, work, actualOff, length) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
    }

    private static short receive(APDU apdu) {
        short lc = (short) (apdu.getBuffer()[ISO7816.OFFSET_LC] & 0xFF);
        if (apdu.setIncomingAndReceive() != lc) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        return lc;
    }

    private static void send(APDU apdu, byte[] src, short offset, short length) {
        Util.arrayCopyNonAtomic(src, offset, apdu.getBuffer(), (short) 0, length);
        apdu.setOutgoingAndSend((short) 0, length);
    }
}
