package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

/** Amounts and proportions as the interface carries them (Money itself is tested in module values). */
class AmountsTest {
    @Test
    void sumsBeyondWhatAnAmountCarriesAreTheMessagesFault() {
        Validated tooMuch = fields -> Money.ofFen(Money.MAX_FEN).plus(Money.ofFen(1));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new Fields("").list("items", List.of(tooMuch), 1, 5));
        assertEquals(InfCode.VALIDATION, e.infCode());
        assertEquals("items[0]: its amounts add up to more than 999999999.99", e.getMessage());
        ProtocolException nested = assertThrows(ProtocolException.class,
                () -> new Fields("").object("input", fields -> fields.list("items", List.of(tooMuch), 1, 5)));
        assertEquals("input.items[0]: its amounts add up to more than 999999999.99", nested.getMessage());
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
