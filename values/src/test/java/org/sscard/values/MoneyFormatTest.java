package org.sscard.values;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MoneyFormatTest {
    @Test
    void forPeopleGroupedByThousands() {
        assertEquals("0.00", MoneyFormat.plain(0));
        assertEquals("0.05", MoneyFormat.plain(5));
        assertEquals("1,234.56", MoneyFormat.plain(123456));
        assertEquals("123.40", MoneyFormat.plain(12340));
        assertEquals("1,000,000.00", MoneyFormat.plain(100_000_000));
        assertEquals("-100,000.00", MoneyFormat.plain(-10_000_000));
        assertEquals("1,234.56", MoneyFormat.plain(Money.ofFen(123456)));
        assertEquals("¥1,234.56", MoneyFormat.yuan(123456));
        assertEquals("¥1,234.56", MoneyFormat.yuan(Money.ofFen(123456)));
        assertEquals("-¥0.05", MoneyFormat.yuan(-5));
        assertEquals("-¥92,233,720,368,547,758.07", MoneyFormat.yuan(-Long.MAX_VALUE));
        assertEquals("-¥92,233,720,368,547,758.08", MoneyFormat.yuan(Long.MIN_VALUE));
    }

    @Test
    void forMachinesUngrouped() {
        assertEquals("0.00", MoneyFormat.decimal(0));
        assertEquals("-0.05", MoneyFormat.decimal(-5));
        assertEquals("1234.56", MoneyFormat.decimal(123456));
        assertEquals("1000000000.00", MoneyFormat.decimal(100_000_000_000L), "also beyond Money.MAX_FEN");
        assertEquals("-92233720368547758.08", MoneyFormat.decimal(Long.MIN_VALUE));
    }

    /** Against the JDK's own decimal formatting, for any long. */
    @Property(tries = 1000)
    void agreesWithBigDecimal(@ForAll long fen) {
        BigDecimal exact = BigDecimal.valueOf(fen, 2);
        DecimalFormat grouped = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        assertEquals(exact.toPlainString(), MoneyFormat.decimal(fen));
        assertEquals(grouped.format(exact), MoneyFormat.plain(fen));
    }
}
