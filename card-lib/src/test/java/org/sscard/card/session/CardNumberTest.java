package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardNumberTest {

    @ParameterizedTest
    @CsvSource({"A1234567, 4", "44010600, 1", "12345678, 8", "00000001, 9", "K9876543, 6", "00000000, 0", "00000006, X"})
    void checkCharacter(String body, char check) {
        assertEquals(check, CardNumber.checkCharacter(body));
        assertEquals(body + check, CardNumber.of(body + check).value());
        assertEquals(CardNumber.of(body + check), CardNumber.withCheckCharacter(body));
    }

    @ParameterizedTest
    @CsvSource({"A12345675", "A1234567", "a12345674", "A1234-674", "A123456740"})
    void invalidNumbersAreRefused(String number) {
        assertThrows(IllegalArgumentException.class, () -> CardNumber.of(number));
    }
}
