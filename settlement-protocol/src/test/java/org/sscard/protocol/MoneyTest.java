package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void parsesTheWireFormStrictly() {
        assertEquals(1230, Money.parse("12.3").fen());
        assertEquals(1230, Money.parse("12.30").fen());
        assertEquals(1200, Money.parse("12").fen());
        assertEquals(5, Money.parse("0.05").fen());
        assertEquals(-5, Money.parse("-0.05").fen());
        assertEquals(Money.MAX_FEN, Money.parse("999999999.99").fen());
        for (String bad : new String[] {"12.345", "1e3", "1E3", "01.00", "1.", ".5", "+1.00", "1000000000.00", "",
            " 1.00", "1,00", "NaN", "0x10"}) {
            assertThrows(ProtocolException.class, () -> Money.parse(bad, "x"), bad);
        }
    }

    @Test
    void writesTwoDecimals() {
        assertEquals("12.30", Money.ofFen(1230).toString());
        assertEquals("0.05", Money.ofFen(5).toString());
        assertEquals("-0.05", Money.ofFen(-5).toString());
        assertEquals("-12.00", Money.ofFen(-1200).toString());
        assertEquals("1000.00", Money.ofYuan(1000).toString());
    }

    @Test
    void arithmeticIsExactAndBounded() {
        assertEquals(Money.ofFen(30), Money.ofFen(10).plus(Money.ofFen(20)));
        assertEquals(Money.ofFen(-10), Money.ofFen(10).minus(Money.ofFen(20)));
        assertEquals(Money.ofFen(861), Money.ofFen(123).times(7));
        assertThrows(ProtocolException.class, () -> Money.ofFen(Money.MAX_FEN).plus(Money.ofFen(1)));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(Money.MAX_FEN).times(Long.MAX_VALUE));
    }

    @Test
    void ratiosAreExact() {
        assertEquals(1000, Ratio.parse("0.1", "x").basisPoints());
        assertEquals(1250, Ratio.parse("0.125", "x").basisPoints());
        assertEquals(10000, Ratio.parse("1.00", "x").basisPoints());
        assertEquals("0.10", Ratio.ofPercent(10).toString());
        assertEquals("0.125", Ratio.ofBasisPoints(1250).toString());
        assertEquals("1.00", Ratio.ofPercent(100).toString());
        for (String bad : new String[] {"1.01", "0.12345", "2", "-0.1", "1e-1"}) {
            assertThrows(ProtocolException.class, () -> Ratio.parse(bad, "x"), bad);
        }
    }
}
