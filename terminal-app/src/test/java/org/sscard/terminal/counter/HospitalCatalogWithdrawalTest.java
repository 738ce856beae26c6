package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;
import org.sscard.store.Catalog;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.AccessDeniedException;

/**
 * The hospital withdraws a catalogue item (real PostgreSQL): every window, one of them cut off from the ledger while it
 * happens, stops charging it with a typed reason, the visits settled with it stay readable, and publishing it again
 * brings it back; and a ledger restored from its backup whose catalogue is at or below the version a window holds is
 * found by the window's next pull, which takes the ledger's catalogue whole.
 */
class HospitalCatalogWithdrawalTest extends HospitalWindows {
    private static long price(CounterFixture f, String code) {
        return new ItemPricing(f.store.catalog()).price(List.of(new CounterItem(code, 1))).lines().get(0).price().fen();
    }

    private static void assertWithdrawnAtTheCounter(CounterFixture f, String code) {
        CounterException refused = assertThrows(CounterException.class, () -> price(f, code));
        assertEquals(Reason.ITEMS_REFUSED, refused.problem().reason());
        Problem line = (Problem) ((List<?>) refused.problem().args().get(0)).get(0);
        assertEquals(Reason.ITEM_WITHDRAWN, line.reason(), line.english());
        assertTrue(line.in(java.util.Locale.CHINA).contains("停用"), line.in(java.util.Locale.CHINA));
    }

    @Test
    void aWithdrawnItemIsRefusedAtEveryWindowAndPublishingItAgainBringsItBack() throws Exception {
        CounterFixture office = window(1);
        CounterFixture counter = window(2);
        CounterFixture cutOff = window(3);
        administrator(office);
        Catalog.LocalItem dressing = new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1250),
                office.nationalItems().get(3).code(), List.of("6900000000017"));
        Catalog.LocalItem gauze = new Catalog.LocalItem("H0002", "院内纱布", Money.ofFen(300), office.nationalItems().get(5).code(),
                List.of());
        assertEquals(new Ledger.CatalogPublished(2, 1), catalog(office, ledger).publish(office.authorizer,
                List.of(dressing, gauze)));
        assertEquals(new HospitalCatalog.Pulled(2, 0, 1, false), catalog(counter, ledger).pull());
        assertEquals(new HospitalCatalog.Pulled(2, 0, 1, false), catalog(cutOff, ledger).pull());
        String settledWithIt = HospitalLedgerEndToEndTest.settle(counter, 1, new CounterItem("H0001", 1));

        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger throughGate = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            gate.cut();
            assertEquals(new Ledger.CatalogPublished(1, 2), catalog(office, ledger).withdraw(office.authorizer,
                    List.of("H0001")));
            assertEquals(new Ledger.CatalogPublished(0, 2), catalog(office, ledger).withdraw(office.authorizer,
                    List.of("H0001")), "withdrawn already: no new version");
            LedgerException unknown = assertThrows(LedgerException.class, () -> catalog(office, ledger).withdraw(
                    office.authorizer, List.of("H0002", "H9999")));
            assertEquals(Problem.of(Reason.CATALOG_WITHDRAW_UNKNOWN, List.of("H9999")), unknown.problem());
            assertWithdrawnAtTheCounter(office, "H0001");
            assertEquals(300, price(office, "H0002"), "nothing of a refused withdrawal was withdrawn");

            assertEquals(new HospitalCatalog.Pulled(0, 1, 2, false), catalog(counter, ledger).pull());
            assertWithdrawnAtTheCounter(counter, "H0001");
            assertWithdrawnAtTheCounter(counter, "6900000000017");
            assertEquals(300, price(counter, "H0002"));
            assertEquals(List.of("H0002"), counter.store.catalog().searchLocal("院内", 10).stream()
                    .map(Catalog.LocalItem::localCode).toList(), "no longer offered in the search");
            assertEquals(1, counter.store.audit().after(0, "catalog.local.withdraw", 10).size());

            // The window cut off from the ledger charges from its own copy until it can pull again.
            assertThrows(LedgerException.class, () -> catalog(cutOff, throughGate).pull());
            assertEquals(1250, price(cutOff, "H0001"));
            gate.restore();
            assertEquals(new HospitalCatalog.Pulled(0, 1, 2, false), catalog(cutOff, throughGate).pull());
            assertWithdrawnAtTheCounter(cutOff, "H0001");
        }

        // The visit settled with it reads as before: its record, its receipt with the item's name and price.
        LocalDate today = LocalDate.now(counter.clock);
        assertTrue(counter.counter.records().between(today, today).stream()
                .anyMatch(r -> r.setlId().equals(settledWithIt)));
        Receipt receipt = new SettledReceipts(counter.store, counter.counter.records(), "医院",
                counter.config.deviceNumber()).rebuild(settledWithIt);
        assertTrue(receipt.lines().stream().anyMatch(l -> l.name().equals("院内换药") && l.price().fen() == 1250),
                receipt.lines().toString());
        assertEquals(1, HospitalLedgerEndToEndTest.replicator(counter, ledger).runOnce().added());

        counter.login("cashier");
        assertThrows(AccessDeniedException.class, () -> catalog(counter, ledger).withdraw(counter.authorizer,
                List.of("H0002")));
        assertEquals(new Ledger.CatalogPublished(1, 3), catalog(office, ledger).publish(office.authorizer,
                List.of(dressing, gauze)), "published again: offered again");
        for (CounterFixture f : List.of(counter, cutOff)) {
            assertEquals(new HospitalCatalog.Pulled(1, 0, 3, false), catalog(f, ledger).pull());
            assertEquals(1250, price(f, "H0001"));
            assertEquals(1250, price(f, "6900000000017"));
        }
        Map<String, Long> held = ledger.stationCatalogs(CounterFixture.INSTITUTION).stream()
                .collect(Collectors.toMap(Ledger.StationCatalog::device, Ledger.StationCatalog::catalogVersion));
        assertEquals(Map.of("DEV-0001", 3L, "DEV-0002", 3L, "DEV-0003", 3L), held);
    }

    @Test
    void aLedgerRestoredAtOrBelowTheWindowsCatalogueVersionIsFoundAndTakenWhole() throws Exception {
        CounterFixture office = window(1);
        CounterFixture counter = window(2);
        administrator(office);
        String national = office.nationalItems().get(3).code();
        Catalog.LocalItem dressing = new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1250), national, List.of());
        Catalog.LocalItem gauze = new Catalog.LocalItem("H0002", "院内纱布", Money.ofFen(300), national, List.of());
        catalog(office, ledger).publish(office.authorizer, List.of(dressing, gauze));
        catalog(counter, ledger).pull();
        Path backup = dir.resolve("ledger.dump");
        ledgerBackup("dump", backup);

        // After the backup: a new price (v2) and a withdrawal (v3), taken by both windows.
        catalog(office, ledger).publish(office.authorizer, List.of(new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1300),
                national, List.of())));
        catalog(office, ledger).withdraw(office.authorizer, List.of("H0002"));
        assertEquals(new HospitalCatalog.Pulled(1, 1, 3, false), catalog(counter, ledger).pull());
        assertEquals(3, catalog(office, ledger).version());

        // Restored: the ledger's catalogue is at v1, below both windows' v3. The office pulls now.
        ledgerBackup("restore", backup);
        assertEquals(new HospitalCatalog.Pulled(2, 0, 1, true), catalog(office, ledger).pull());
        assertEquals(1250, price(office, "H0001"));
        assertEquals(300, price(office, "H0002"), "the restored ledger offers it: so does the window");

        // Two publications later the ledger is at v3 again, the counter's number, but not the counter's v3.
        catalog(office, ledger).publish(office.authorizer, List.of(new Catalog.LocalItem("H0003", "院内合剂", Money.ofFen(880),
                national, List.of())));
        catalog(office, ledger).publish(office.authorizer, List.of(new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1400),
                national, List.of())));
        assertEquals(3, ledger.catalogSince(CounterFixture.INSTITUTION, "DEV-0002", 0, null).version());
        assertEquals(new HospitalCatalog.Pulled(3, 0, 3, true), catalog(counter, ledger).pull());
        assertEquals(1400, price(counter, "H0001"));
        assertEquals(300, price(counter, "H0002"));
        assertEquals(880, price(counter, "H0003"));
        assertEquals(new HospitalCatalog.Pulled(0, 0, 3, false), catalog(counter, ledger).pull());
        for (CounterFixture f : windows) {
            assertEquals(1, f.store.audit().after(0, HospitalCatalog.BEHIND_ACTION, 10).size(),
                    "the catch-up is audited once");
        }
        assertFalse(catalog(office, ledger).pull().ledgerWasBehind());
    }
}
