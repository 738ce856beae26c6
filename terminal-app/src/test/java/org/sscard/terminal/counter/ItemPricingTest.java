package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Catalog;
import org.sscard.terminal.TestStation;
import org.sscard.values.Money;

/** The whole-basket check the counter makes before anything of a visit is sent (no central service needed). */
class ItemPricingTest {
    @TempDir
    static Path dir;
    static TestStation station;
    static ItemPricing pricing;
    static List<String> codes;

    /** One store for the class: loading the catalog is the slow part, and no test changes what another reads. */
    @BeforeAll
    static void setUp() throws Exception {
        station = new TestStation(dir);
        station.ensureAdmin();
        CounterFixture.loadCatalog(station.store.catalog());
        pricing = new ItemPricing(station.store.catalog());
        codes = station.store.catalog().searchNational("", 2000).stream().map(n -> "L" + n.code())
                .filter(c -> !c.startsWith("LX")).toList();
    }

    @AfterAll
    static void tearDown() {
        station.store.close();
    }

    private static List<CounterItem> known(int n) {
        List<CounterItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new CounterItem(codes.get(i % codes.size()), 1));
        }
        return items;
    }

    @Test
    void fiveHundredLinesPassAndFiveHundredAndOneAreRefused() {
        assertEquals(500, pricing.price(known(500)).lines().size());
        CounterException e = assertThrows(CounterException.class, () -> pricing.price(known(501)));
        assertTrue(e.getMessage().contains("501 lines, more than the 500 one settlement can carry"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }

    @Test
    void everyUnknownCodeIsNamedByItsLineAndOnlyTwentyAreListed() {
        List<CounterItem> items = new ArrayList<>(known(3));
        for (int i = 0; i < 30; i++) {
            items.add(new CounterItem("NOPE-" + i, 1, 100 + i));
        }
        CounterException e = assertThrows(CounterException.class, () -> pricing.price(items));
        String m = e.getMessage();
        assertTrue(m.contains("line 100 (NOPE-0): not in the station's catalog"), m);
        assertTrue(m.contains("line 119 (NOPE-19)"), m);
        assertFalse(m.contains("NOPE-20"), m);
        assertTrue(m.endsWith("… and 10 more problems"), m);
    }

    @Test
    void withoutLineNumbersTheBasketsRowIsNamed() {
        CounterException e = assertThrows(CounterException.class, () -> pricing.price(List.of(
                new CounterItem(codes.get(0), 1), new CounterItem("LOCAL-UNMAPPED", 1))));
        assertTrue(e.getMessage().contains("line 2 (LOCAL-UNMAPPED) 自制膏药: not mapped"), e.getMessage());
    }

    @Test
    void amountsBeyondWhatTheInterfaceCarriesAreRefusedBeforeAnythingIsSent() {
        Catalog catalog = station.store.catalog();
        String national = codes.get(0).substring(1);
        catalog.putLocalItem("admin1", new Catalog.LocalItem("DEAR-1", "贵重设备", Money.ofFen(60_000_000_000L), national, List.of()));
        catalog.putLocalItem("admin1", new Catalog.LocalItem("DEAR-2", "贵重设备二", Money.ofFen(60_000_000_000L), national, List.of()));
        CounterException line = assertThrows(CounterException.class,
                () -> pricing.price(List.of(new CounterItem("DEAR-1", 2))));
        assertTrue(line.getMessage().contains("line 1 (DEAR-1) 贵重设备: 2 × 600000000.00 is more than one line can"
                + " carry (" + Money.ofFen(Money.MAX_FEN) + ")"), line.getMessage());
        CounterException total = assertThrows(CounterException.class,
                () -> pricing.price(List.of(new CounterItem("DEAR-1", 1), new CounterItem("DEAR-2", 1))));
        assertTrue(total.getMessage().contains("the total 1200000000.00 is more than one settlement can carry"),
                total.getMessage());
        assertEquals(60_000_000_000L, pricing.price(List.of(new CounterItem("DEAR-1", 1))).total().fen());
    }

    @Test
    void anEmptyBasketIsRefused() {
        assertThrows(CounterException.class, () -> pricing.price(List.of()));
    }
}
