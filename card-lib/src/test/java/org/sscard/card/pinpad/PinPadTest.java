package org.sscard.card.pinpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sscard.card.CardFormatException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.PinEntryAbortedException;
import org.sscard.card.WrongPinException;

class PinPadTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String FEATURES = "0604" + "42330006" + "0A04" + "42330012" + "1204" + "42330013";

    /** A scripted control channel: expects control codes and commands in order, answers from the script. */
    private static final class ScriptedControl implements ReaderControl {
        private final Deque<String[]> steps = new ArrayDeque<>();

        ScriptedControl expect(int code, String command, String answer) {
            steps.add(new String[] {Integer.toHexString(code), command, answer});
            return this;
        }

        @Override
        public byte[] control(int controlCode, byte[] command) {
            String[] step = steps.removeFirst();
            assertEquals(step[0], Integer.toHexString(controlCode));
            assertEquals(step[1], HEX.formatHex(command));
            return HEX.parseHex(step[2]);
        }
    }

    @Test
    void controlCodes() {
        assertEquals(0x42000D48, PinPad.GET_FEATURE_REQUEST_PCSCLITE);
        assertEquals(0x00313520, PinPad.GET_FEATURE_REQUEST_WINDOWS);
    }

    @Test
    void theStructureForSixDigitPins() {
        assertEquals("1E1E8103000606020104080000000008000000" + "0020000003FFFFFF",
                HEX.formatHex(PinPad.pinVerifyStructure(6, 6, 30)));
        assertThrows(IllegalArgumentException.class, () -> PinPad.pinVerifyStructure(3, 6, 30));
        assertThrows(IllegalArgumentException.class, () -> PinPad.pinVerifyStructure(6, 4, 30));
    }

    @Test
    void detectsAndVerifiesOnThePad() {
        String structure = HEX.formatHex(PinPad.pinVerifyStructure(6, 6, 30));
        ScriptedControl control = new ScriptedControl()
                .expect(0x42000D48, "", FEATURES)
                .expect(0x42330006, structure, "9000")
                .expect(0x42330006, structure, "63C1")
                .expect(0x42330006, structure, "6983")
                .expect(0x42330006, structure, "6401")
                .expect(0x42330006, structure, "6400")
                .expect(0x42330006, structure, "90");
        PinPad pad = PinPad.detect(control, PinPad.GET_FEATURE_REQUEST_PCSCLITE).orElseThrow();
        pad.verifyPin(6, 6, 30);
        assertEquals(1, assertThrows(WrongPinException.class, () -> pad.verifyPin(6, 6, 30)).triesLeft());
        assertThrows(PinBlockedException.class, () -> pad.verifyPin(6, 6, 30));
        assertTrue(assertThrows(PinEntryAbortedException.class, () -> pad.verifyPin(6, 6, 30)).getMessage().contains("cancelled"));
        assertThrows(PinEntryAbortedException.class, () -> pad.verifyPin(6, 6, 30));
        assertThrows(CardFormatException.class, () -> pad.verifyPin(6, 6, 30));
        assertTrue(control.steps.isEmpty());
    }

    @Test
    void aReaderWithoutThePadFeature() {
        ScriptedControl control = new ScriptedControl().expect(0x42000D48, "", "1204" + "42330013");
        assertTrue(PinPad.detect(control, PinPad.GET_FEATURE_REQUEST_PCSCLITE).isEmpty());
        ScriptedControl none = new ScriptedControl().expect(0x42000D48, "", "");
        assertTrue(PinPad.detect(none, PinPad.GET_FEATURE_REQUEST_PCSCLITE).isEmpty());
    }

    @Test
    void malformedFeatureListsAreRefused() {
        assertThrows(CardFormatException.class, () -> PinPad.features(HEX.parseHex("06")));
        assertThrows(CardFormatException.class, () -> PinPad.features(HEX.parseHex("0604423300")));
        assertThrows(CardFormatException.class, () -> PinPad.features(HEX.parseHex("060242330006")));
    }
}
