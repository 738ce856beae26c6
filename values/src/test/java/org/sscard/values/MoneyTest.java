package org.sscard.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void parsesYuanTextStrictly() {
        assertEquals(1234, Money.parse("12.34").fen());
        assertEquals(1230, Money.parse("12.3").fen());
        assertEquals(1200, Money.parse("12").fen());
        assertEquals(0, Money.parse("0").fen());
        assertEquals(5, Money.parse("0.05").fen());
        assertEquals(-5, Money.parse("-0.05").fen());
        assertEquals(Money.MAX_FEN, Money.parse("999999999.99").fen());
        assertEquals(-Money.MAX_FEN, Money.parse("-999999999.99").fen());
        for (String bad : new String[] {"12.345", "1e3", "1E3", "01.00", "00", "1.", ".5", "+1.00", "-", "-.5",
            "1000000000.00", "", " 1.00", "1.00 ", "1,000.00", "1,00", "NaN", "0x10", "１２", "1.0.0", "--1", "¥1.00"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.parse(bad), bad);
            assertTrue(e.getMessage().contains(Money.TEXT_RULE), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Money.parse(null));
    }

    @Test
    void writesTwoDecimals() {
        assertEquals("12.30", Money.ofFen(1230).toString());
        assertEquals("0.05", Money.ofFen(5).toString());
        assertEquals("-0.05", Money.ofFen(-5).toString());
        assertEquals("-12.00", Money.ofFen(-1200).toString());
        assertEquals("1000.00", Money.ofYuan(1000).toString());
        assertEquals("999999999.99", Money.ofFen(Money.MAX_FEN).toString());
    }

    @Test
    void arithmeticIsExactAndRefusesToLeaveTheRange() {
        assertEquals(Money.ofFen(30), Money.ofFen(10).plus(Money.ofFen(20)));
        assertEquals(Money.ofFen(-10), Money.ofFen(10).minus(Money.ofFen(20)));
        assertEquals(Money.ofFen(861), Money.ofFen(123).times(7));
        assertEquals(Money.ofFen(-5), Money.ofFen(5).negate());
        assertEquals(Money.ofFen(5), Money.ofFen(5).min(Money.ofFen(7)));
        assertEquals(Money.ofFen(7), Money.ofFen(5).max(Money.ofFen(7)));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(Money.MAX_FEN).plus(Money.ofFen(1)));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(-Money.MAX_FEN).minus(Money.ofFen(1)));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(Money.MAX_FEN).times(Long.MAX_VALUE));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(2).times(Long.MAX_VALUE / 2 + 1), "wraps to 0 in long");
        assertThrows(ArithmeticException.class, () -> Money.ofYuan(Long.MAX_VALUE / 10));
        assertThrows(ArithmeticException.class, () -> Money.ofFen(Long.MIN_VALUE));
    }

    /** Every amount in range reads back from its text, and the text is what BigDecimal writes. */
    @Property(tries = 500)
    void textRoundTrips(@ForAll @LongRange(min = -Money.MAX_FEN, max = Money.MAX_FEN) long fen) {
        Money m = Money.ofFen(fen);
        assertEquals(BigDecimal.valueOf(fen, 2).toPlainString(), m.toString());
        assertEquals(m, Money.parse(m.toString()));
    }

    /** Sums agree with exact arithmetic or are refused; never a wrapped value. */
    @Property(tries = 500)
    void sumsAreExactOrRefused(@ForAll @LongRange(min = -Money.MAX_FEN, max = Money.MAX_FEN) long a,
                               @ForAll @LongRange(min = -Money.MAX_FEN, max = Money.MAX_FEN) long b) {
        BigDecimal exact = BigDecimal.valueOf(a).add(BigDecimal.valueOf(b));
        if (exact.abs().compareTo(BigDecimal.valueOf(Money.MAX_FEN)) > 0) {
            assertThrows(ArithmeticException.class, () -> Money.ofFen(a).plus(Money.ofFen(b)));
        } else {
            assertEquals(exact.longValueExact(), Money.ofFen(a).plus(Money.ofFen(b)).fen());
        }
    }
}
