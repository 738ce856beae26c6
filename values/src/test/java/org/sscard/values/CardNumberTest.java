package org.sscard.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardNumberTest {

    @ParameterizedTest
    @CsvSource({"A1234567, 4", "44010600, 1", "12345678, 8", "00000001, 9", "K9876543, 6", "00000000, 0", "00000006, X"})
    void checkCharacter(String body, char check) {
        assertEquals(check, CardNumber.checkCharacter(body));
        assertEquals(body + check, CardNumber.of(body + check).value());
        assertEquals(CardNumber.of(body + check), CardNumber.withCheckCharacter(body));
        assertTrue(CardNumber.isValid(body + check));
    }

    @ParameterizedTest
    @CsvSource({"A12345675", "A1234567", "a12345674", "A1234-674", "A123456740"})
    void invalidNumbersAreRefused(String number) {
        assertThrows(IllegalArgumentException.class, () -> CardNumber.of(number));
        assertFalse(CardNumber.isValid(number));
    }

    @Test
    void theMaskKeepsTheLastFourCharacters() {
        assertEquals("*****5674", CardNumber.mask("A12345674"));
        assertEquals("*2345", CardNumber.mask("12345"), "any text, valid or not");
        assertEquals("****", CardNumber.mask("A123"));
        assertEquals("", CardNumber.mask(""));
        assertEquals(null, CardNumber.mask(null));
    }

    @Test
    void aWrongCheckCharacterIsNamedWithoutTheWholeNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardNumber.of("A12345675"));
        assertEquals("card number *****5675 has a wrong check character (expected 4): mistyped or not a genuine card "
                + "number", e.getMessage());
    }
}
