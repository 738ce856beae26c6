package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sscard.terminal.ui.input.PinBuffer;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.HolderViewModel;

class InputTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFastBurstEndingWithEnterIsABarcode() {
        WedgeDetector d = new WedgeDetector();
        long t = 1_000 * MS;
        for (char c : "6901234567892".toCharArray()) {
            d.onChar(c, t);
            t += 4 * MS;
        }
        assertEquals("6901234567892", d.onEnter(t));
    }

    @Test
    void typingByHandIsNotABarcode() {
        WedgeDetector d = new WedgeDetector();
        long t = 0;
        for (char c : "6901234567892".toCharArray()) {
            d.onChar(c, t);
            t += 120 * MS;
        }
        assertNull(d.onEnter(t));
    }

    @Test
    void aPauseRestartsTheBurstAndShortBurstsOrLateEnterDoNotCount() {
        WedgeDetector d = new WedgeDetector();
        d.onChar('x', 0);
        long t = 500 * MS;
        for (char c : "123456".toCharArray()) {
            d.onChar(c, t);
            t += 5 * MS;
        }
        assertEquals("123456", d.onEnter(t), "the slow 'x' before the pause is not part of it");
        for (char c : "12345".toCharArray()) {
            d.onChar(c, t);
            t += 5 * MS;
        }
        assertNull(d.onEnter(t), "5 characters are too few");
        for (char c : "1234567".toCharArray()) {
            d.onChar(c, t);
            t += 5 * MS;
        }
        assertNull(d.onEnter(t + 200 * MS), "Enter pressed by hand after a pause");
    }

    @Test
    void thePinBufferKeepsDigitsOnlyAndIsWipedWhenTaken() {
        PinBuffer b = new PinBuffer();
        assertFalse(b.add('a'));
        for (char c : "123456".toCharArray()) {
            assertTrue(b.add(c));
        }
        b.backspace();
        assertEquals("●●●●●", b.mask());
        assertTrue(b.complete());
        assertArrayEquals("12345".toCharArray(), b.take());
        assertEquals(0, b.length());
        for (int i = 0; i < PinBuffer.MAX_DIGITS + 2; i++) {
            b.add('9');
        }
        assertEquals(PinBuffer.MAX_DIGITS, b.length());
    }

    @Test
    void theIdNumberIsMaskedForTheHolderPanel() {
        HolderViewModel holder = new HolderViewModel();
        holder.show("张三", "男", "1990-01-01", "440106199001011234");
        assertEquals("440***********1234", holder.maskedIdProperty().get());
        holder.show("张三", "男", "1990-01-01", "440***********1234");
        assertEquals("440***********1234", holder.maskedIdProperty().get(), "a number masked already stays as it is");
    }
}
