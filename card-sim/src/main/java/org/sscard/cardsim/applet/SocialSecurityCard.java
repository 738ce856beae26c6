package org.sscard.cardsim.applet;

import javacard.framework.APDU;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.RandomData;

/**
 * The social security card: SSSE and medical application, personalisation, PIN, secure messaging and the
 * offline debit. Persistent state lives in {@link Nvm} (layout in {@link Layout}); the security state of
 * the card session lives in RAM cleared on reset.
 */
final class SocialSecurityCard implements CardApplication {
    static final short SW_PIN_BLOCKED = 0x6983;
    static final short SW_INSUFFICIENT_BALANCE = (short) 0x9401;
    static final short SW_APPLICATION_BLOCKED = 0x6283;
    static final short SW_NO_CURRENT_EF = 0x6986;
    static final short INSTALL_PARAMETERS_LENGTH = 33;

    static final byte[] SSSE_AID = {
        0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E, (byte) 0xC9, (byte) 0xE7, (byte) 0xBB, (byte) 0xE1,
        (byte) 0xB1, (byte) 0xA3, (byte) 0xD5, (byte) 0xCF
    };
    static final byte[] MEDICAL_AID = {(byte) 0xD1, 0x56, 0x00, 0x00, 0x05, 0x03};

    private static final byte CLA_ISO = 0x00;
    private static final byte CLA_PROPRIETARY = (byte) 0x80;
    private static final byte CLA_PROPRIETARY_MAC = (byte) 0x84;
    private static final byte CLA_ISO_MAC = 0x04;
    private static final byte DEBIT_TRANSACTION_TYPE = 0x06;

    private static final short S_APPLICATION = 0;
    private static final short S_EF = 1;
    private static final short S_EXTERNAL_AUTH = 2;
    private static final short S_PIN_VERIFIED = 3;
    private static final short S_CHALLENGE_ISSUED = 4;
    private static final short S_CHALLENGE_USABLE = 5;
    private static final short S_DEBIT_READY = 6;
    private static final short S_CHALLENGE = 8;
    private static final short S_CHALLENGE_IN_USE = 16;
    private static final short S_DEBIT_AMOUNT = 24;
    private static final short S_DEBIT_TERMINAL = 28;
    private static final short S_DEBIT_RANDOM = 34;
    private static final short S_DEBIT_SEQ = 38;
    private static final short SESSION_SIZE = 40;

    /** Work areas inside {@link #work}. */
    private static final short W_A = 0;
    private static final short W_B = 64;
    private static final short W_C = 128;
    private static final short W_KEY = 192;
    private static final short WORK_SIZE = 256;

    private final Nvm nvm;
    private final byte[] mem;
    private final CardCipher cipher;
    private final byte[] session;
    private final byte[] work;
    private final RandomData random;

    /**
     * Install parameters: card identification code (16) ‖ algorithm id (1: 01 3DES, 03 SM4) ‖ the card's
     * transport key (16).
     */
    SocialSecurityCard(byte[] params, short offset, byte length) {
        if (length != INSTALL_PARAMETERS_LENGTH) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        cipher = CardCipher.forAlgorithm(params[(short) (offset + 16)]);
        if (cipher == null) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        nvm = new Nvm(Layout.SIZE);
        mem = nvm.image();
        session = JCSystem.makeTransientByteArray(SESSION_SIZE, JCSystem.CLEAR_ON_RESET);
        work = JCSystem.makeTransientByteArray(WORK_SIZE, JCSystem.CLEAR_ON_RESET);
        random = RandomData.getInstance(RandomData.ALG_TRNG);

        short cardIdRecord = Layout.findRecord(Layout.SSSE_EF05, Layout.TAG_CARD_ID);
        short transport = Layout.keySlot(Layout.KID_TRANSPORT);
        nvm.begin();
        nvm.stageByte(Layout.ALGORITHM, cipher.algorithmId());
        nvm.stage(Layout.recordOffset(cardIdRecord), params, offset, (short) 16);
        nvm.stageByte((short) (Layout.WRITTEN + cardIdRecord), (byte) 1);
        nvm.stageByte((short) (transport + Layout.KEY_PRESENT), (byte) 1);
        nvm.stage((short) (transport + Layout.KEY_VALUE), params, (short) (offset + 17), Layout.KEY_LENGTH);
        nvm.commit();
    }

    @Override
    public void process(APDU apdu, byte application, boolean selecting) {
        nvm.recover();
        session[S_CHALLENGE_USABLE] = session[S_CHALLENGE_ISSUED];
        session[S_CHALLENGE_ISSUED] = 0;
        Util.arrayCopyNonAtomic(session, S_CHALLENGE, session, S_CHALLENGE_IN_USE, (short) 8);
        if (selecting) {
            selectApplication(apdu, application);
            return;
        }
        byte[] buf = apdu.getBuffer();
        if (mem[Layout.BLOCK_STATE] == Layout.BLOCKED) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        byte cla = buf[ISO7816.OFFSET_CLA];
        byte ins = buf[ISO7816.OFFSET_INS];
        switch (ins) {
            case (byte) 0xA4:
                requireClass(cla, CLA_ISO);
                selectFile(apdu);
                return;
            case (byte) 0x84:
                requireClass(cla, CLA_ISO);
                getChallenge(apdu);
                return;
            case (byte) 0xDC:
                if (cla == CLA_PROPRIETARY_MAC) {
                    requireBlank();
                    writeRecord(apdu);
                    return;
                }
                requireClass(cla, CLA_ISO_MAC);
                requirePersonalised();
                updateRecord(apdu);
                return;
            case (byte) 0xD4:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                requireBlank();
                putKey(apdu);
                return;
            case (byte) 0xD8:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                requireBlank();
                setPin(apdu);
                return;
            case (byte) 0xE6:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                requireBlank();
                closePersonalisation(apdu);
                return;
            default:
                break;
        }
        processPersonalised(apdu, cla, ins);
    }

    private void processPersonalised(APDU apdu, byte cla, byte ins) {
        switch (ins) {
            case (byte) 0xB2:
                requireClass(cla, CLA_ISO);
                requirePersonalised();
                readRecord(apdu);
                break;
            case (byte) 0x82:
                requireClass(cla, CLA_ISO);
                requirePersonalised();
                externalAuthenticate(apdu);
                break;
            case (byte) 0x88:
                requireClass(cla, CLA_ISO);
                requirePersonalised();
                internalAuthenticate(apdu);
                break;
            case (byte) 0x20:
                requireClass(cla, CLA_ISO);
                requirePersonalised();
                verifyPin(apdu);
                break;
            case (byte) 0x5E:
                requireClass(cla, CLA_PROPRIETARY);
                requirePersonalised();
                changeOrReloadPin(apdu);
                break;
            case (byte) 0x24:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                requirePersonalised();
                unblockPin(apdu);
                break;
            case (byte) 0xE2:
                requireClass(cla, CLA_ISO_MAC);
                requirePersonalised();
                appendRecord(apdu);
                break;
            case (byte) 0x1E:
                requireClass(cla, CLA_PROPRIETARY_MAC);
                requirePersonalised();
                blockApplication(apdu);
                break;
            case (byte) 0x50:
                requireClass(cla, CLA_PROPRIETARY);
                requirePersonalised();
                initializeForDebit(apdu);
                break;
            case (byte) 0x54:
                requireClass(cla, CLA_PROPRIETARY);
                requirePersonalised();
                debit(apdu);
                break;
            default:
                ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
        }
    }

    // ---- selection -------------------------------------------------------------------------------

    private void selectApplication(APDU apdu, byte application) {
        session[S_APPLICATION] = application;
        session[S_EF] = Layout.EF_NONE;
        session[S_DEBIT_READY] = 0;
        byte[] aid = application == SSSE ? SSSE_AID : MEDICAL_AID;
        short aidLength = (short) aid.length;
        byte[] buf = apdu.getBuffer();
        short at = 0;
        buf[at++] = 0x6F;
        buf[at++] = (byte) (2 + aidLength + 2 + 6);
        buf[at++] = (byte) 0x84;
        buf[at++] = (byte) aidLength;
        at = Util.arrayCopyNonAtomic(aid, (short) 0, buf, at, aidLength);
        buf[at++] = (byte) 0xA5;
        buf[at++] = 6;
        buf[at++] = (byte) 0x9F;
        buf[at++] = 0x0C;
        buf[at++] = 3;
        buf[at++] = (byte) 0x86;
        buf[at++] = 1;
        buf[at++] = mem[Layout.ALGORITHM];
        apdu.setOutgoingAndSend((short) 0, at);
        if (mem[Layout.BLOCK_STATE] == Layout.BLOCKED) {
            ISOException.throwIt(SW_APPLICATION_BLOCKED);
        }
    }

    private void selectFile(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        if (buf[ISO7816.OFFSET_P1] == 0x04) {
            ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
        }
        requireParameters(buf, (byte) 0x02, (byte) 0x00);
        if (receive(apdu) != 2) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        byte ef = Layout.EF_NONE;
        if (buf[ISO7816.OFFSET_CDATA] == (byte) 0xEF) {
            ef = fileOfApplication(buf[(short) (ISO7816.OFFSET_CDATA + 1)]);
        }
        if (ef == Layout.EF_NONE) {
            ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
        }
        session[S_EF] = ef;
    }

    /**
     * The EF of the selected application whose FID is EF{@code number} — also its short file identifier
     * (EF05 is SFI 5) — or {@link Layout#EF_NONE}.
     */
    private byte fileOfApplication(byte number) {
        if (session[S_APPLICATION] == SSSE) {
            return number == 0x05 ? Layout.SSSE_EF05 : number == 0x06 ? Layout.SSSE_EF06 : Layout.EF_NONE;
        }
        return number == 0x05 ? Layout.MEDICAL_EF05 : number == 0x06 ? Layout.MEDICAL_EF06
                : number == 0x08 ? Layout.MEDICAL_EF08 : Layout.EF_NONE;
    }

    // ---- records -----------------------------------------------------------------------------------

    /**
     * READ RECORD, ISO 7816-4 P2: bits 8–4 the short file identifier (0 = the current EF; an EF named by
     * SFI becomes the current EF), bits 3–1 the mode: 000 = P1 is the tag, 100 = P1 is the record number.
     */
    private void readRecord(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte p1 = buf[ISO7816.OFFSET_P1];
        byte p2 = buf[ISO7816.OFFSET_P2];
        byte mode = (byte) (p2 & 0x07);
        byte sfi = (byte) ((p2 >> 3) & 0x1F);
        if ((mode != 0x00 && mode != 0x04) || sfi == 0x1F) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        byte ef;
        if (sfi == 0) {
            ef = currentEf();
        } else {
            ef = fileOfApplication(sfi);
            if (ef == Layout.EF_NONE) {
                ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
            }
            session[S_EF] = ef;
        }
        if (ef != Layout.SSSE_EF05 && session[S_EXTERNAL_AUTH] == 0) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        short le = (short) (buf[ISO7816.OFFSET_LC] & 0xFF);
        short length;
        if (mode == 0x04 && Layout.isCyclic(ef)) {
            short slot = cyclicSlot(ef, (short) (p1 & 0xFF));
            length = Layout.cyclicRecordLength(ef);
            Util.arrayCopyNonAtomic(mem, slot, work, W_A, length);
        } else {
            short index;
            if (mode == 0x00) {
                index = Layout.isCyclic(ef) ? -1 : Layout.findRecord(ef, p1);
            } else {
                index = Layout.nthRecord(ef, (short) (p1 & 0xFF));
            }
            if (index < 0) {
                ISOException.throwIt(ISO7816.SW_RECORD_NOT_FOUND);
            }
            short valueLength = Layout.RECORD_LENGTH[index];
            work[W_A] = Layout.RECORD_TAG[index];
            work[(short) (W_A + 1)] = (byte) valueLength;
            Util.arrayCopyNonAtomic(mem, Layout.recordOffset(index), work, (short) (W_A + 2), valueLength);
            length = (short) (valueLength + 2);
        }
        if (le != 0 && le != length) {
            ISOException.throwIt((short) (ISO7816.SW_CORRECT_LENGTH_00 | length));
        }
        send(apdu, work, W_A, length);
    }

    /** Offset of record {@code n} (1 = newest) of a cyclic file; 6A83 past the last written. */
    private short cyclicSlot(byte ef, short n) {
        short file = Layout.cyclicFile(ef);
        short count = (short) (mem[(short) (file + Layout.CYCLIC_COUNT)] & 0xFF);
        if (n < 1 || n > count) {
            ISOException.throwIt(ISO7816.SW_RECORD_NOT_FOUND);
        }
        short slot = (short) ((mem[(short) (file + Layout.CYCLIC_NEWEST)] - (n - 1) + Layout.CYCLIC_SLOTS)
                % Layout.CYCLIC_SLOTS);
        return (short) (file + Layout.CYCLIC_DATA + slot * Layout.cyclicRecordLength(ef));
    }

    private void updateRecord(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte ef = currentEf();
        requireP2(buf, (byte) 0x00);
        short index = Layout.isCyclic(ef) ? -1 : Layout.findRecord(ef, buf[ISO7816.OFFSET_P1]);
        if (index < 0) {
            ISOException.throwIt(ISO7816.SW_RECORD_NOT_FOUND);
        }
        if (Layout.RECORD_TAG[index] == Layout.TAG_CARD_ID) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        short valueLength = macProtectedDataLength(apdu);
        if (valueLength != Layout.RECORD_LENGTH[index]) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, ef == Layout.SSSE_EF05 || ef == Layout.SSSE_EF06 ? Layout.KID_UPDATE
                : Layout.KID_MEDICAL_UPDATE, valueLength);
        nvm.begin();
        nvm.stage(Layout.recordOffset(index), buf, ISO7816.OFFSET_CDATA, valueLength);
        nvm.commit();
    }

    private void appendRecord(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte ef = currentEf();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        if (!Layout.isCyclic(ef)) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        short length = macProtectedDataLength(apdu);
        if (length != Layout.cyclicRecordLength(ef)) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_MEDICAL_UPDATE, length);
        nvm.begin();
        stageAppend(ef, buf, ISO7816.OFFSET_CDATA);
        nvm.commit();
    }

    private void stageAppend(byte ef, byte[] record, short recordOff) {
        short file = Layout.cyclicFile(ef);
        short count = (short) (mem[(short) (file + Layout.CYCLIC_COUNT)] & 0xFF);
        short newest = count == 0 ? 0
                : (short) ((mem[(short) (file + Layout.CYCLIC_NEWEST)] + 1) % Layout.CYCLIC_SLOTS);
        short length = Layout.cyclicRecordLength(ef);
        nvm.stage((short) (file + Layout.CYCLIC_DATA + newest * length), record, recordOff, length);
        nvm.stageByte((short) (file + Layout.CYCLIC_NEWEST), (byte) newest);
        if (count < Layout.CYCLIC_SLOTS) {
            nvm.stageByte((short) (file + Layout.CYCLIC_COUNT), (byte) (count + 1));
        }
    }

    // ---- challenge and authentication ----------------------------------------------------------------

    private void getChallenge(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        if (buf[ISO7816.OFFSET_LC] != 8) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        random.nextBytes(session, S_CHALLENGE, (short) 8);
        session[S_CHALLENGE_ISSUED] = 1;
        send(apdu, session, S_CHALLENGE, (short) 8);
    }

    private void externalAuthenticate(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, Layout.KID_EXTERNAL_AUTH);
        if (receive(apdu) != cipher.blockSize()) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        requireChallenge();
        session[S_EXTERNAL_AUTH] = 0;
        authCryptogram(Layout.KID_EXTERNAL_AUTH, session, S_CHALLENGE_IN_USE, work, W_A);
        if (Util.arrayCompare(work, W_A, buf, ISO7816.OFFSET_CDATA, cipher.blockSize()) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        session[S_EXTERNAL_AUTH] = 1;
    }

    private void internalAuthenticate(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, Layout.KID_INTERNAL_AUTH);
        if (receive(apdu) != 8) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        authCryptogram(Layout.KID_INTERNAL_AUTH, buf, ISO7816.OFFSET_CDATA, work, W_A);
        send(apdu, work, W_A, cipher.blockSize());
    }

    /** ENC_ECB(K_kid, 8 bytes ‖ zeros to one block). */
    private void authCryptogram(byte kid, byte[] data, short dataOff, byte[] out, short outOff) {
        short block = cipher.blockSize();
        Util.arrayFillNonAtomic(work, W_C, block, (byte) 0);
        Util.arrayCopyNonAtomic(data, dataOff, work, W_C, (short) 8);
        cipher.encryptEcb(mem, keyValue(kid), work, W_C, block, out, outOff);
    }

    // ---- PIN -------------------------------------------------------------------------------------------

    private void verifyPin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        if (buf[ISO7816.OFFSET_LC] == 0) {
            byte tries = mem[Layout.PIN_TRIES];
            ISOException.throwIt(tries == 0 ? SW_PIN_BLOCKED : (short) (0x63C0 | tries));
        }
        short length = receive(apdu);
        if (length < 2 || length > Layout.PIN_MAX_BCD) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkPin(buf, ISO7816.OFFSET_CDATA, length);
    }

    /**
     * Compares a presented PIN. The retry counter is decremented in persistent memory before the
     * comparison and restored only after a match, so cutting the power never saves a try.
     */
    private void checkPin(byte[] pin, short offset, short length) {
        byte tries = mem[Layout.PIN_TRIES];
        if (tries <= 0) {
            ISOException.throwIt(SW_PIN_BLOCKED);
        }
        session[S_PIN_VERIFIED] = 0;
        tries--;
        nvm.writeByte(Layout.PIN_TRIES, tries);
        if (length == mem[Layout.PIN_LENGTH]
                && Util.arrayCompare(pin, offset, mem, Layout.PIN_BCD, length) == 0) {
            nvm.writeByte(Layout.PIN_TRIES, mem[Layout.PIN_LIMIT]);
            session[S_PIN_VERIFIED] = 1;
            return;
        }
        if (tries == 0) {
            ISOException.throwIt(SW_PIN_BLOCKED);
        }
        ISOException.throwIt((short) (0x63C0 | tries));
    }

    private void changeOrReloadPin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte p1 = buf[ISO7816.OFFSET_P1];
        requireP2(buf, (byte) 0x00);
        if (p1 == 0x01) {
            changePin(apdu);
        } else if (p1 == 0x00) {
            reloadPin(apdu);
        } else {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private void changePin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        short length = receive(apdu);
        short separator = -1;
        for (short i = 0; i < length; i++) {
            if (buf[(short) (ISO7816.OFFSET_CDATA + i)] == (byte) 0xFF) {
                separator = i;
                break;
            }
        }
        short newLength = (short) (length - separator - 1);
        if (separator < 2 || separator > Layout.PIN_MAX_BCD || newLength < 2 || newLength > Layout.PIN_MAX_BCD) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        short newPin = (short) (ISO7816.OFFSET_CDATA + separator + 1);
        if (!validBcdPin(buf, newPin, newLength)) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        checkPin(buf, ISO7816.OFFSET_CDATA, separator);
        commitPin(buf, newPin, newLength, mem[Layout.PIN_LIMIT]);
    }

    private void reloadPin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        short length = macProtectedDataLength(apdu);
        if (length < 2 || length > Layout.PIN_MAX_BCD) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_PIN_RELOAD, length);
        if (!validBcdPin(buf, ISO7816.OFFSET_CDATA, length)) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        session[S_PIN_VERIFIED] = 0;
        commitPin(buf, ISO7816.OFFSET_CDATA, length, mem[Layout.PIN_LIMIT]);
    }

    private void unblockPin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        short length = macProtectedDataLength(apdu);
        if (length != cipher.blockSize()) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_PIN_UNBLOCK, length);
        short bcdLength = decryptPinBlock(Layout.KID_PIN_UNBLOCK, buf, ISO7816.OFFSET_CDATA);
        session[S_PIN_VERIFIED] = 0;
        commitPin(work, W_B, bcdLength, mem[Layout.PIN_LIMIT]);
    }

    /** The new PIN, its length and a full retry counter, as one update. */
    private void commitPin(byte[] bcd, short offset, short length, byte limit) {
        Util.arrayFillNonAtomic(work, W_C, Layout.PIN_MAX_BCD, (byte) 0xFF);
        Util.arrayCopyNonAtomic(bcd, offset, work, W_C, length);
        nvm.begin();
        nvm.stageByte(Layout.PIN_SET, (byte) 1);
        nvm.stageByte(Layout.PIN_LIMIT, limit);
        nvm.stageByte(Layout.PIN_TRIES, limit);
        nvm.stageByte(Layout.PIN_LENGTH, (byte) length);
        nvm.stage(Layout.PIN_BCD, work, W_C, Layout.PIN_MAX_BCD);
        nvm.commit();
    }

    /**
     * Decrypts one PIN block ({@code len ‖ BCD ‖ 80 00..}) under a key into work[W_B..]; answers the BCD
     * length. A malformed block is 6984.
     */
    private short decryptPinBlock(byte kid, byte[] src, short offset) {
        short block = cipher.blockSize();
        cipher.decryptEcb(mem, keyValue(kid), src, offset, block, work, W_A);
        short digits = work[W_A];
        short bcdLength = (short) ((short) (digits + 1) / 2);
        boolean valid = digits >= 4 && digits <= 12
                && work[(short) (W_A + 1 + bcdLength)] == (byte) 0x80
                && validBcdPin(work, (short) (W_A + 1), bcdLength)
                && (short) (bcdLength * 2 - (short) ((work[(short) (W_A + bcdLength)] & 0x0F) == 0x0F ? 1 : 0)) == digits;
        for (short i = (short) (W_A + 2 + bcdLength); i < (short) (W_A + block); i++) {
            if (work[i] != 0) {
                valid = false;
            }
        }
        if (!valid) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        Util.arrayCopyNonAtomic(work, (short) (W_A + 1), work, W_B, bcdLength);
        return bcdLength;
    }

    /** 4 to 12 BCD digits, left-aligned, the last nibble F for an odd count. */
    private static boolean validBcdPin(byte[] bcd, short offset, short length) {
        if (length < 2 || length > Layout.PIN_MAX_BCD) {
            return false;
        }
        short nibbles = (short) (length * 2);
        for (short i = 0; i < nibbles; i++) {
            byte b = bcd[(short) (offset + i / 2)];
            short nibble = (short) (i % 2 == 0 ? (b >> 4) & 0x0F : b & 0x0F);
            boolean last = i == (short) (nibbles - 1);
            if (nibble > 9 && !(last && nibble == 0x0F && nibbles > 4)) {
                return false;
            }
        }
        return true;
    }

    // ---- application block -----------------------------------------------------------------------------

    private void blockApplication(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        if (macProtectedDataLength(apdu) != 0) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_APP_BLOCK, (short) 0);
        nvm.writeByte(Layout.BLOCK_STATE, Layout.BLOCKED);
    }

    // ---- offline debit ---------------------------------------------------------------------------------

    private void initializeForDebit(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x01, (byte) 0x02);
        if (receive(apdu) != 11) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        session[S_DEBIT_READY] = 0;
        if (session[S_APPLICATION] != MEDICAL) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        if (buf[ISO7816.OFFSET_CDATA] != Layout.KID_DEBIT) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        if (session[S_PIN_VERIFIED] == 0) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        short amount = (short) (ISO7816.OFFSET_CDATA + 1);
        short balance = recordValue(Layout.TAG_BALANCE);
        short sequence = recordValue(Layout.TAG_OFFLINE_SEQ);
        if (isZero(buf, amount, (short) 4)) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        if (unsignedGreater(buf, amount, mem, balance)) {
            ISOException.throwIt(SW_INSUFFICIENT_BALANCE);
        }
        if (Util.getShort(mem, sequence) == (short) 0xFFFF) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        Util.arrayCopyNonAtomic(buf, amount, session, S_DEBIT_AMOUNT, (short) 10);
        random.nextBytes(session, S_DEBIT_RANDOM, (short) 4);
        Util.arrayCopyNonAtomic(mem, sequence, session, S_DEBIT_SEQ, (short) 2);
        session[S_DEBIT_READY] = 1;

        Util.arrayCopyNonAtomic(mem, balance, work, W_A, (short) 4);
        Util.arrayCopyNonAtomic(mem, sequence, work, (short) (W_A + 4), (short) 2);
        work[(short) (W_A + 6)] = mem[(short) (Layout.keySlot(Layout.KID_DEBIT) + Layout.KEY_VERSION)];
        work[(short) (W_A + 7)] = mem[Layout.ALGORITHM];
        Util.arrayCopyNonAtomic(session, S_DEBIT_RANDOM, work, (short) (W_A + 8), (short) 4);
        send(apdu, work, W_A, (short) 12);
    }

    /**
     * Checks MAC1, then changes balance, offline sequence number and the new EF06 record as one journal
     * update, and answers TAC ‖ MAC2. The TAC, MAC2 and the record carry the sequence number INITIALIZE
     * FOR DEBIT returned.
     */
    private void debit(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x01, (byte) 0x00);
        if (receive(apdu) != 15) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        if (session[S_DEBIT_READY] == 0 || session[S_APPLICATION] != MEDICAL) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        session[S_DEBIT_READY] = 0;
        if (session[S_PIN_VERIFIED] == 0) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        short terminalSeq = ISO7816.OFFSET_CDATA;
        short dateTime = (short) (ISO7816.OFFSET_CDATA + 4);
        short mac1 = (short) (ISO7816.OFFSET_CDATA + 11);

        // Session key = ENC_ECB(K_debit, F ‖ ~F), F = random(4) ‖ offline seq(2) ‖ terminal seq low 2.
        short debitKey = keyValue(Layout.KID_DEBIT);
        Util.arrayCopyNonAtomic(session, S_DEBIT_RANDOM, work, W_C, (short) 4);
        Util.arrayCopyNonAtomic(session, S_DEBIT_SEQ, work, (short) (W_C + 4), (short) 2);
        Util.arrayCopyNonAtomic(buf, (short) (terminalSeq + 2), work, (short) (W_C + 6), (short) 2);
        for (short i = 0; i < 8; i++) {
            work[(short) (W_C + 8 + i)] = (byte) ~work[(short) (W_C + i)];
        }
        cipher.encryptEcb(mem, debitKey, work, W_C, (short) 16, work, W_KEY);

        // MAC1 input: amount(4) ‖ 06 ‖ terminal id(6) ‖ terminal seq(4) ‖ date-time(7).
        Util.arrayCopyNonAtomic(session, S_DEBIT_AMOUNT, work, W_A, (short) 4);
        work[(short) (W_A + 4)] = DEBIT_TRANSACTION_TYPE;
        Util.arrayCopyNonAtomic(session, S_DEBIT_TERMINAL, work, (short) (W_A + 5), (short) 6);
        Util.arrayCopyNonAtomic(buf, terminalSeq, work, (short) (W_A + 11), (short) 11);
        cipher.mac(work, W_KEY, null, (short) 0, work, W_A, (short) 22, work, W_C);
        if (Util.arrayCompare(work, W_C, buf, mac1, CardCipher.MAC_LENGTH) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        short balance = recordValue(Layout.TAG_BALANCE);
        if (unsignedGreater(session, S_DEBIT_AMOUNT, mem, balance)) {
            ISOException.throwIt(SW_INSUFFICIENT_BALANCE);
        }
        // TAC input: MAC1 input ‖ offline seq(2) ‖ balance after(4).
        Util.arrayCopyNonAtomic(session, S_DEBIT_SEQ, work, (short) (W_A + 22), (short) 2);
        Util.arrayCopyNonAtomic(mem, balance, work, (short) (W_A + 24), (short) 4);
        subtract(work, (short) (W_A + 24), session, S_DEBIT_AMOUNT);
        // Response: TAC(4) ‖ MAC2(4); the EF06 record follows it in work[W_B..].
        cipher.mac(mem, debitKey, null, (short) 0, work, W_A, (short) 28, work, W_B);
        cipher.mac(work, W_KEY, null, (short) 0, session, S_DEBIT_AMOUNT, (short) 4, work, (short) (W_B + 4));

        short record = (short) (W_B + 8);
        Util.arrayCopyNonAtomic(session, S_DEBIT_TERMINAL, work, record, (short) 6);
        Util.arrayCopyNonAtomic(buf, dateTime, work, (short) (record + 6), (short) 7);
        Util.arrayCopyNonAtomic(session, S_DEBIT_AMOUNT, work, (short) (record + 13), (short) 4);
        Util.arrayCopyNonAtomic(work, (short) (W_A + 24), work, (short) (record + 17), (short) 4);
        Util.arrayCopyNonAtomic(session, S_DEBIT_SEQ, work, (short) (record + 21), (short) 2);
        Util.arrayCopyNonAtomic(work, W_B, work, (short) (record + 23), (short) 4);

        Util.setShort(work, W_C, (short) (Util.getShort(session, S_DEBIT_SEQ) + 1));
        nvm.begin();
        nvm.stage(balance, work, (short) (W_A + 24), (short) 4);
        nvm.stage(recordValue(Layout.TAG_OFFLINE_SEQ), work, W_C, (short) 2);
        stageAppend(Layout.MEDICAL_EF06, work, record);
        nvm.commit();
        send(apdu, work, W_B, (short) 8);
    }

    // ---- personalisation -------------------------------------------------------------------------------

    private void putKey(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte kid = buf[ISO7816.OFFSET_P2];
        if (buf[ISO7816.OFFSET_P1] != 0 || kid < Layout.KID_EXTERNAL_AUTH || kid > Layout.KID_APP_BLOCK) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        if (macProtectedDataLength(apdu) != 20) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_TRANSPORT, (short) 20);
        cipher.decryptEcb(mem, keyValue(Layout.KID_TRANSPORT), buf, ISO7816.OFFSET_CDATA, Layout.KEY_LENGTH,
                work, W_KEY);
        Util.arrayFillNonAtomic(work, W_A, cipher.blockSize(), (byte) 0);
        cipher.encryptEcb(work, W_KEY, work, W_A, cipher.blockSize(), work, W_A);
        if (Util.arrayCompare(work, W_A, buf, (short) (ISO7816.OFFSET_CDATA + 16), (short) 3) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        short slot = Layout.keySlot(kid);
        nvm.begin();
        nvm.stageByte((short) (slot + Layout.KEY_PRESENT), (byte) 1);
        nvm.stageByte((short) (slot + Layout.KEY_VERSION), buf[(short) (ISO7816.OFFSET_CDATA + 19)]);
        nvm.stage((short) (slot + Layout.KEY_VALUE), work, W_KEY, Layout.KEY_LENGTH);
        nvm.commit();
    }

    private void writeRecord(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte ef = currentEf();
        requireP2(buf, (byte) 0x00);
        short index = Layout.isCyclic(ef) ? -1 : Layout.findRecord(ef, buf[ISO7816.OFFSET_P1]);
        if (index < 0) {
            ISOException.throwIt(ISO7816.SW_RECORD_NOT_FOUND);
        }
        short length = macProtectedDataLength(apdu);
        if (length != Layout.RECORD_LENGTH[index]) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_TRANSPORT, length);
        short offset = Layout.recordOffset(index);
        if (Layout.RECORD_TAG[index] == Layout.TAG_CARD_ID
                && Util.arrayCompare(buf, ISO7816.OFFSET_CDATA, mem, offset, length) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
        nvm.begin();
        nvm.stage(offset, buf, ISO7816.OFFSET_CDATA, length);
        nvm.stageByte((short) (Layout.WRITTEN + index), (byte) 1);
        nvm.commit();
    }

    private void setPin(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        byte limit = buf[ISO7816.OFFSET_P2];
        if (buf[ISO7816.OFFSET_P1] != 0 || limit < 1 || limit > 15) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short length = macProtectedDataLength(apdu);
        if (length != cipher.blockSize()) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_TRANSPORT, length);
        short bcdLength = decryptPinBlock(Layout.KID_TRANSPORT, buf, ISO7816.OFFSET_CDATA);
        commitPin(work, W_B, bcdLength, limit);
    }

    private void closePersonalisation(APDU apdu) {
        byte[] buf = apdu.getBuffer();
        requireParameters(buf, (byte) 0x00, (byte) 0x00);
        if (macProtectedDataLength(apdu) != 0) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        checkCommandMac(buf, Layout.KID_TRANSPORT, (short) 0);
        boolean complete = mem[Layout.PIN_SET] == 1;
        for (byte kid = Layout.KID_EXTERNAL_AUTH; kid <= Layout.KID_APP_BLOCK; kid++) {
            complete &= mem[(short) (Layout.keySlot(kid) + Layout.KEY_PRESENT)] == 1;
        }
        for (short i = 0; i < Layout.RECORD_COUNT; i++) {
            if (Layout.RECORD_EF[i] != Layout.MEDICAL_EF05) {
                complete &= mem[(short) (Layout.WRITTEN + i)] == 1;
            }
        }
        if (!complete) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        nvm.writeByte(Layout.LIFECYCLE, Layout.PERSONALISED);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void requireClass(byte cla, byte expected) {
        if (cla != expected) {
            ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
        }
    }

    private void requirePersonalised() {
        if (mem[Layout.LIFECYCLE] != Layout.PERSONALISED) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
    }

    private void requireBlank() {
        if (mem[Layout.LIFECYCLE] == Layout.PERSONALISED) {
            ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
        }
    }

    private static void requireParameters(byte[] buf, byte p1, byte p2) {
        if (buf[ISO7816.OFFSET_P1] != p1 || buf[ISO7816.OFFSET_P2] != p2) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private static void requireP2(byte[] buf, byte p2) {
        if (buf[ISO7816.OFFSET_P2] != p2) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
    }

    private byte currentEf() {
        byte ef = session[S_EF];
        if (ef == Layout.EF_NONE) {
            ISOException.throwIt(SW_NO_CURRENT_EF);
        }
        return ef;
    }

    private void requireChallenge() {
        if (session[S_CHALLENGE_USABLE] == 0) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        session[S_CHALLENGE_USABLE] = 0;
    }

    /** Receives the command data; answers 6700 unless Lc bytes arrived. */
    private static short receive(APDU apdu) {
        short lc = (short) (apdu.getBuffer()[ISO7816.OFFSET_LC] & 0xFF);
        if (apdu.setIncomingAndReceive() != lc) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        return lc;
    }

    /** Receives a command that ends in a 4-byte MAC; answers the length of the data before the MAC. */
    private static short macProtectedDataLength(APDU apdu) {
        short lc = receive(apdu);
        if (lc < CardCipher.MAC_LENGTH) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        return (short) (lc - CardCipher.MAC_LENGTH);
    }

    /** Checks MAC(K_kid, challenge, header ‖ data) at the end of the command; 6985 without a challenge. */
    private void checkCommandMac(byte[] buf, byte kid, short dataLength) {
        requireChallenge();
        short covered = (short) (ISO7816.OFFSET_CDATA + dataLength);
        cipher.mac(mem, keyValue(kid), session, S_CHALLENGE_IN_USE, buf, (short) 0, covered, work, W_C);
        if (Util.arrayCompare(work, W_C, buf, covered, CardCipher.MAC_LENGTH) != 0) {
            ISOException.throwIt(ISO7816.SW_DATA_INVALID);
        }
    }

    /** Offset in the image of a loaded key's value; 6985 if the key is absent. */
    private short keyValue(byte kid) {
        short slot = Layout.keySlot(kid);
        if (mem[(short) (slot + Layout.KEY_PRESENT)] != 1) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        return (short) (slot + Layout.KEY_VALUE);
    }

    private static short recordValue(byte medicalTag) {
        return Layout.recordOffset(Layout.findRecord(Layout.MEDICAL_EF05, medicalTag));
    }

    private static boolean isZero(byte[] value, short offset, short length) {
        for (short i = 0; i < length; i++) {
            if (value[(short) (offset + i)] != 0) {
                return false;
            }
        }
        return true;
    }

    /** a > b for two 4-byte unsigned big-endian numbers. */
    private static boolean unsignedGreater(byte[] a, short aOff, byte[] b, short bOff) {
        for (short i = 0; i < 4; i++) {
            short x = (short) (a[(short) (aOff + i)] & 0xFF);
            short y = (short) (b[(short) (bOff + i)] & 0xFF);
            if (x != y) {
                return x > y;
            }
        }
        return false;
    }

    /** a -= b for two 4-byte unsigned big-endian numbers, a ≥ b. */
    private static void subtract(byte[] a, short aOff, byte[] b, short bOff) {
        short borrow = 0;
        for (short i = 3; i >= 0; i--) {
            short d = (short) ((a[(short) (aOff + i)] & 0xFF) - (b[(short) (bOff + i)] & 0xFF) - borrow);
            borrow = (short) (d < 0 ? 1 : 0);
            a[(short) (aOff + i)] = (byte) d;
        }
    }

    private static void send(APDU apdu, byte[] src, short offset, short length) {
        Util.arrayCopyNonAtomic(src, offset, apdu.getBuffer(), (short) 0, length);
        apdu.setOutgoingAndSend((short) 0, length);
    }
}
