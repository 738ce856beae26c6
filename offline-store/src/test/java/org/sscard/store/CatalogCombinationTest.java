package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.values.Money;

/** An item's cap and ratio combined from the 1318 caps and 1319 ratios the station keeps, for its insured area. */
class CatalogCombinationTest {
    private static final LocalDate DAY = LocalDate.of(2025, 6, 1);
    private static final Catalog.Scope SCOPE = new Catalog.Scope("440106", DAY);
    @TempDir
    Path dir;
    private StationStore store;
    private Catalog catalog;

    @BeforeEach
    void open() {
        store = Fixtures.open(dir.resolve("s.db"), Fixtures.module(), new Fixtures.TestClock());
        catalog = store.catalog();
        catalog.applyItems(1, download("1312", 2), List.of(new Catalog.Item("X1", "阿莫西林胶囊", ItemClass.B,
                "2025-01-01"), new Catalog.Item("S1", "挂号费", ItemClass.C, "2025-01-01")), SCOPE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theMostSpecificAreaWinsAndWithinItTheLowestCapAndTheHighestRatio() {
        catalog.applyPriceCaps(download("1318", 2), List.of(cap("c1", "440000", "9.00", true, null),
                cap("c2", "440100", "8.50", true, null), cap("c3", "440100", "8.20", true, null),
                cap("c4", "440300", "1.00", true, null)), SCOPE);
        assertEquals(Money.parse("8.20"), item("X1").priceCap(), "the city's lowest; the province's and Shenzhen's not");
        catalog.applyPriceCaps(download("1318", 3), List.of(cap("c5", "440106", "12.345", true, null)), SCOPE);
        assertEquals(Money.parse("12.34"), item("X1").priceCap(), "the district's own, in fen rounded down");
        catalog.applySelfpayRatios(download("1319", 2), List.of(ratio("r1", "440000", 1_000), ratio("r2", "440000",
                500)), SCOPE);
        assertEquals(new BigDecimal("0.10"), item("X1").selfpayRatio());
        assertEquals(new BigDecimal("1.00"), item("S1").selfpayRatio(), "no ratio row: the class's");
        assertEquals(2, catalog.download("1319").orElseThrow().nextPage(), "the cursor stored with the page");
    }

    @Test
    void aCapWithdrawnOrEndedIsNoCap() {
        catalog.applyPriceCaps(download("1318", 2), List.of(cap("c1", "440000", "9.00", true, null)), SCOPE);
        assertEquals(Money.parse("9.00"), item("X1").priceCap());
        catalog.applyPriceCaps(download("1318", 3), List.of(cap("c1", "440000", "9.00", false, "2025-05-31")), SCOPE);
        assertNull(item("X1").priceCap(), "vali_flag 0");
        catalog.applyPriceCaps(download("1318", 4), List.of(cap("c2", "440000", "7.00", true, "2025-06-30")), SCOPE);
        assertEquals(Money.parse("7.00"), item("X1").priceCap());
        catalog.recombine(new Catalog.Scope("440106", LocalDate.of(2025, 7, 1)));
        assertNull(item("X1").priceCap(), "its enddate is past");
    }

    @Test
    void aPageThatFailsHalfWayStoresNeitherItsRowsNorTheCursorAfterIt() {
        catalog.applyPriceCaps(download("1318", 2), List.of(cap("c1", "440000", "9.00", true, null)), SCOPE);
        Catalog.PriceCap broken = new Catalog.PriceCap("c3", null, "1", "1", "440000", "2025-01-01", null,
                BigDecimal.ONE, Money.ofFen(100), true, "2025-01-01");
        assertThrows(StoreException.class, () -> catalog.applyPriceCaps(download("1318", 3),
                List.of(cap("c2", "440000", "5.00", true, null), broken), SCOPE));
        assertEquals(2, catalog.download("1318").orElseThrow().nextPage(), "the cursor stays before the page");
        assertEquals(Money.parse("9.00"), item("X1").priceCap(), "the page's first row is not kept either");
    }

    private Catalog.NationalItem item(String code) {
        return catalog.national(code).orElseThrow();
    }

    private static Catalog.Download download(String infno, long nextPage) {
        return new Catalog.Download(infno, "2000-01-01", nextPage, 100, "2025-01-01");
    }

    private static Catalog.PriceCap cap(String rid, String area, String cap, boolean valid, String enddate) {
        BigDecimal exact = new BigDecimal(cap);
        return new Catalog.PriceCap(rid, "X1", "1", "1", area, "2025-01-01", enddate, exact,
                Money.ofFen(exact.movePointRight(2).setScale(0, java.math.RoundingMode.FLOOR).longValueExact()), valid,
                "2025-01-01");
    }

    private static Catalog.SelfpayRatio ratio(String rid, String area, int bp) {
        return new Catalog.SelfpayRatio(rid, "X1", rid, "1", area, "2025-01-01", null, bp, true, "2025-01-01");
    }
}
