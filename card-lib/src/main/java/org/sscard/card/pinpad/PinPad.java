package org.sscard.card.pinpad;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardStatusException;
import org.sscard.card.apdu.StatusWord;
import org.sscard.card.session.Pins;

/**
 * PC/SC secure PIN entry (PC/SC part 10): the PIN is typed on the reader's keypad and goes to the card
 * without passing through the PC. {@link #detect} asks the reader for its features
 * ({@code CM_IOCTL_GET_FEATURE_REQUEST}); {@link #verifyPin} sends a {@code PIN_VERIFY_STRUCTURE} with the
 * VERIFY PIN APDU {@code 00 20 00 00 Lc FF..FF} in which the reader puts the digits as F-padded BCD.
 */
public final class PinPad {
    /** {@code SCARD_CTL_CODE(3400)} on pcsc-lite (Linux, macOS): {@code 0x42000000 + 3400}. */
    public static final int GET_FEATURE_REQUEST_PCSCLITE = scardCtlCode(3400, false);
    /** {@code SCARD_CTL_CODE(3400)} on Windows: {@code FILE_DEVICE_SMARTCARD << 16 | 3400 << 2}. */
    public static final int GET_FEATURE_REQUEST_WINDOWS = scardCtlCode(3400, true);
    public static final int FEATURE_VERIFY_PIN_DIRECT = 0x06;
    /** Language of the reader's prompts: Chinese (PRC). */
    static final int LANG_ZH_CN = 0x0804;

    private final ReaderControl control;
    private final int verifyPinDirect;

    private PinPad(ReaderControl control, int verifyPinDirect) {
        this.control = control;
        this.verifyPinDirect = verifyPinDirect;
    }

    /** The control code {@code SCARD_CTL_CODE(code)} of pcsc-lite or of Windows. */
    public static int scardCtlCode(int code, boolean windows) {
        return windows ? (0x31 << 16) | (code << 2) : 0x42000000 + code;
    }

    /** The reader's PIN pad, if it announces FEATURE_VERIFY_PIN_DIRECT. */
    public static Optional<PinPad> detect(ReaderControl control, int getFeatureRequestCode) {
        Map<Integer, Integer> features = features(control.control(getFeatureRequestCode, new byte[0]));
        return Optional.ofNullable(features.get(FEATURE_VERIFY_PIN_DIRECT)).map(code -> new PinPad(control, code));
    }

    /** Parses the GET_FEATURE_REQUEST answer: {@code tag(1) len(1)=4 controlCode(4, big-endian)}, repeated. */
    static Map<Integer, Integer> features(byte[] answer) {
        Map<Integer, Integer> features = new LinkedHashMap<>();
        int off = 0;
        while (off < answer.length) {
            if (off + 2 > answer.length) {
                throw new CardFormatException("The reader's feature list is truncated");
            }
            int tag = answer[off] & 0xFF;
            int length = answer[off + 1] & 0xFF;
            if (length != 4 || off + 2 + length > answer.length) {
                throw new CardFormatException(String.format("The reader's feature %02X is malformed", tag));
            }
            int code = ((answer[off + 2] & 0xFF) << 24) | ((answer[off + 3] & 0xFF) << 16) | ((answer[off + 4] & 0xFF) << 8)
                    | (answer[off + 5] & 0xFF);
            features.put(tag, code);
            off += 6;
        }
        return features;
    }

    /**
     * Lets the card holder type the PIN on the pad and has the reader send VERIFY PIN; the outcome is the
     * card's (or the reader's) status word: a wrong PIN is a {@link org.sscard.card.WrongPinException},
     * cancel or timeout a {@link org.sscard.card.PinEntryAbortedException}.
     *
     * @param minDigits      fewest digits the pad accepts (4..12)
     * @param maxDigits      most digits; the APDU carries {@code ceil(maxDigits / 2)} bytes, F-padded
     * @param timeoutSeconds how long the pad waits for the holder (1..255, 0 = the reader's default)
     */
    public void verifyPin(int minDigits, int maxDigits, int timeoutSeconds) {
        byte[] answer = control.control(verifyPinDirect, pinVerifyStructure(minDigits, maxDigits, timeoutSeconds));
        if (answer.length < 2) {
            throw new CardFormatException("The PIN pad gave no status after PIN entry (" + answer.length + " bytes)");
        }
        StatusWord sw = StatusWord.of(answer[answer.length - 2], answer[answer.length - 1]);
        if (!sw.isOk()) {
            throw CardStatusException.forStatus(sw, "VERIFY PIN");
        }
    }

    /** The PC/SC part 10 PIN_VERIFY_STRUCTURE (little-endian fields) for an F-padded BCD PIN. */
    static byte[] pinVerifyStructure(int minDigits, int maxDigits, int timeoutSeconds) {
        if (minDigits < Pins.MIN_DIGITS || maxDigits > Pins.MAX_DIGITS || minDigits > maxDigits) {
            throw new IllegalArgumentException("PIN pad digits must be within " + Pins.MIN_DIGITS + ".." + Pins.MAX_DIGITS);
        }
        if (timeoutSeconds < 0 || timeoutSeconds > 255) {
            throw new IllegalArgumentException("the PIN pad timeout is 0..255 seconds");
        }
        int blockBytes = (maxDigits + 1) / 2;
        byte[] apdu = new byte[5 + blockBytes];
        apdu[1] = 0x20;
        apdu[4] = (byte) blockBytes;
        Arrays.fill(apdu, 5, apdu.length, (byte) 0xFF);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(timeoutSeconds);            // bTimerOut
        s.write(timeoutSeconds);            // bTimerOut2
        s.write(0x81);                      // bmFormatString: byte units, position 0, left-justified, BCD
        s.write(blockBytes);                // bmPINBlockString: no length field, block of blockBytes
        s.write(0x00);                      // bmPINLengthFormat: no PIN length in the APDU
        s.write(maxDigits);                 // wPINMaxExtraDigit (LE): max digits
        s.write(minDigits);                 //                          min digits
        s.write(0x02);                      // bEntryValidationCondition: OK key pressed
        s.write(0x01);                      // bNumberMessage
        s.write(LANG_ZH_CN & 0xFF);         // wLangId (LE)
        s.write(LANG_ZH_CN >>> 8);
        s.write(0x00);                      // bMsgIndex
        s.writeBytes(new byte[3]);          // bTeoPrologue
        s.write(apdu.length);               // ulDataLength (LE, 4 bytes)
        s.writeBytes(new byte[3]);
        s.writeBytes(apdu);                 // abData
        return s.toByteArray();
    }
}
