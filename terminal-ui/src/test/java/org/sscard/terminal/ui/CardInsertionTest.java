package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sscard.terminal.ui.reader.CardInsertion;

/** The {@code --card-insert} forms. */
class CardInsertionTest {
    @Test
    void readIsTheDefaultAndIgnoreSwitchesItOff() {
        assertEquals(CardInsertion.READ, CardInsertion.parse(null));
        assertEquals(CardInsertion.READ, CardInsertion.parse(" "));
        assertEquals(CardInsertion.READ, CardInsertion.parse("read"));
        assertEquals(CardInsertion.IGNORE, CardInsertion.parse("Ignore"));
    }

    @Test
    void anUnknownFormSaysWhichAreUnderstood() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardInsertion.parse("auto"));
        assertTrue(e.getMessage().contains("--card-insert=auto") && e.getMessage().contains("read")
                && e.getMessage().contains("ignore"), e.getMessage());
    }
}
