package org.sscard.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CitizenIdTest {
    @ParameterizedTest
    @CsvSource({
        "11010519491231002, X", // the standard's own example
        "44052418800101001, 4",
        "44010619900101123, 5",
        "11010119900307387, X",
        "33010219850512002, 6",
        "00000000000000000, 1"})
    void checkCharacterOfKnownNumbers(String first17, char check) {
        assertEquals(check, CitizenId.checkCharacter(first17));
        assertEquals(first17 + check, new CitizenId(first17 + check).value());
        assertEquals(new CitizenId(first17 + check), CitizenId.withCheckCharacter(first17));
        assertTrue(CitizenId.isValid(first17 + check));
    }

    @ParameterizedTest
    @CsvSource({"110105194912310021", "11010519491231002x", "11010519491231002", "1101051949123100211",
        "1101051949123100A1", "1101051949123100２X", "' 11010519491231002X'"})
    void wrongNumbersAreRefused(String text) {
        assertFalse(CitizenId.isValid(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CitizenId(text));
        assertFalse(e.getMessage().contains("1949"), "the message does not repeat the number: " + e.getMessage());
    }

    @Test
    void theCheckCharacterNeedsSeventeenDigits() {
        assertThrows(IllegalArgumentException.class, () -> CitizenId.checkCharacter("1101051949123100"));
        assertThrows(IllegalArgumentException.class, () -> CitizenId.checkCharacter("1101051949123100X"));
        assertThrows(IllegalArgumentException.class, () -> CitizenId.checkCharacter(null));
    }

    @Test
    void theMaskKeepsTheFirstThreeAndTheLastFour() {
        assertEquals("440***********1234", CitizenId.mask("440106199001011234"));
        assertEquals("110***********002X", new CitizenId("11010519491231002X").toString(), "toString is masked");
        assertEquals("440********1234", CitizenId.mask("440106900101234"), "the old 15-digit form");
        assertEquals("123*5678", CitizenId.mask("12345678"));
        assertEquals("*******", CitizenId.mask("1234567"));
        assertEquals("", CitizenId.mask(""));
        assertNull(CitizenId.mask(null));
    }

    /** Changing any one of the 17 digits changes the check character (MOD 11-2 catches every single error). */
    @Property(tries = 300)
    void everySingleDigitErrorIsCaught(@ForAll("first17") String first17, @ForAll("position") int position,
                                       @ForAll("shift") int shift) {
        String number = CitizenId.withCheckCharacter(first17).value();
        char wrong = (char) ('0' + (number.charAt(position) - '0' + shift) % 10);
        String mistyped = number.substring(0, position) + wrong + number.substring(position + 1);
        assertFalse(CitizenId.isValid(mistyped), mistyped);
    }

    /** The mask never shows more than 7 characters and keeps the length. */
    @Property(tries = 300)
    void theMaskShowsAtMostSevenCharacters(@ForAll("first17") String first17) {
        String number = CitizenId.withCheckCharacter(first17).value();
        String masked = CitizenId.mask(number);
        assertEquals(number.length(), masked.length());
        assertEquals(11, masked.chars().filter(c -> c == '*').count());
    }

    @Provide
    Arbitrary<String> first17() {
        return Arbitraries.strings().numeric().ofLength(17);
    }

    @Provide
    Arbitrary<Integer> position() {
        return Arbitraries.integers().between(0, 16);
    }

    @Provide
    Arbitrary<Integer> shift() {
        return Arbitraries.integers().between(1, 9);
    }
}
