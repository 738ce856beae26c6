package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sscard.store.Catalog;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.values.Money;

/**
 * One catalogue mapping for the hospital (real PostgreSQL): the hospital's own items and their national codes are
 * published once to the ledger and two windows pull the changes, only the changes, into their own catalogues; a window
 * whose ledger is down prices from its own copy and catches up when it is back.
 */
class HospitalCatalogEndToEndTest extends HospitalWindows {
    @Test
    void theHospitalsMappingIsPublishedOnceAndEveryWindowPullsOnlyWhatChanged() throws Exception {
        CounterFixture office = window(1);
        CounterFixture counter = window(2);
        administrator(office);
        String dressing = office.nationalItems().get(3).code();
        String injection = office.nationalItems().get(5).code();
        Catalog.LocalItem h1 = new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1250), dressing, List.of("6900000000017"));
        Catalog.LocalItem h2 = new Catalog.LocalItem("H0002", "院内自制合剂", Money.ofFen(880), null, List.of());

        Ledger.CatalogPublished first = catalog(office, ledger).publish(office.authorizer, List.of(h1, h2));
        assertEquals(new Ledger.CatalogPublished(2, 1), first);
        assertEquals(Optional.of(h1), office.store.catalog().local("H0001"), "the publishing window has them at once");
        assertEquals(1, catalog(office, ledger).version());

        HospitalCatalog atCounter = catalog(counter, ledger);
        assertEquals(Optional.empty(), counter.store.catalog().local("H0001"));
        assertEquals(new HospitalCatalog.Pulled(2, 0, 1, false), atCounter.pull());
        assertEquals(Optional.of(h1), counter.store.catalog().local("H0001"));
        assertEquals(Optional.of(h2), counter.store.catalog().local("H0002"));
        assertEquals(Optional.of(h1), counter.store.catalog().byBarcode("6900000000017"));
        assertEquals(new HospitalCatalog.Pulled(0, 0, 1, false), atCounter.pull(), "nothing new: nothing pulled");

        // H0002 mapped, H0001 unchanged: only H0002 takes version 2, and only it travels.
        Catalog.LocalItem h2Mapped = new Catalog.LocalItem("H0002", "院内自制合剂", Money.ofFen(880), injection, List.of());
        assertEquals(new Ledger.CatalogPublished(1, 2), catalog(office, ledger).publish(office.authorizer,
                List.of(h1, h2Mapped)));
        assertEquals(new Ledger.CatalogPublished(0, 2), catalog(office, ledger).publish(office.authorizer,
                List.of(h1, h2Mapped)), "the same list again changes nothing");
        assertEquals(new HospitalCatalog.Pulled(1, 0, 2, false), atCounter.pull());
        assertEquals(injection, counter.store.catalog().local("H0002").orElseThrow().nationalCode());
        assertTrue(counter.store.audit().after(0, "catalog.local.put", 100_000).stream()
                .filter(e -> e.operator().equals(HospitalCatalog.PULLED_BY)).count() >= 3, "pulled items are audited");

        // Only an administrator publishes; an unknown national code publishes nothing.
        counter.login("cashier");
        assertThrows(AccessDeniedException.class, () -> atCounter.publish(counter.authorizer, List.of(h1)));
        LedgerException unknown = assertThrows(LedgerException.class, () -> catalog(office, ledger).publish(
                office.authorizer, List.of(new Catalog.LocalItem("H0003", "新项目", Money.ofFen(100), "NOT-A-CODE", List.of()))));
        assertEquals(Problem.of(Reason.CATALOG_PUBLISH_NATIONAL_UNKNOWN, List.of("NOT-A-CODE"), 1), unknown.problem());
        assertTrue(unknown.getMessage().contains("NOT-A-CODE"), unknown.getMessage());
        assertEquals(2, ledger.catalogSince(CounterFixture.INSTITUTION, "DEV-0001", 0, null).version());

        // The counter's ledger goes down: it prices from its own copy; a change made meanwhile arrives after.
        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger throughGate = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            gate.cut();
            Catalog.LocalItem dearer = new Catalog.LocalItem("H0001", "院内换药", Money.ofFen(1300), dressing, List.of("6900000000017"));
            catalog(office, ledger).publish(office.authorizer, List.of(dearer));
            assertEquals(Reason.LEDGER_UNREACHABLE,
                    assertThrows(LedgerException.class, () -> catalog(counter, throughGate).pull()).problem().reason());
            assertEquals(2, catalog(counter, throughGate).version());
            assertEquals(1250, new ItemPricing(counter.store.catalog()).price(List.of(new CounterItem("H0001", 1)))
                    .lines().get(0).price().fen(), "the counter prices from its own copy");
            gate.restore();
            assertEquals(new HospitalCatalog.Pulled(1, 0, 3, false), catalog(counter, throughGate).pull());
            assertEquals(1300, new ItemPricing(counter.store.catalog()).price(List.of(new CounterItem("H0001", 1)))
                    .lines().get(0).price().fen());
        }
    }

    @Test
    void aPullTheStationCannotStoreWholeKeepsItsItemsAndItsVersion() throws Exception {
        CounterFixture a = window(1);
        String known = a.nationalItems().get(1).code();
        ledger.publishCatalog(CounterFixture.INSTITUTION, "admin1", List.of(
                new Catalog.LocalItem("H0101", "已映射", Money.ofFen(100), known, List.of()),
                new Catalog.LocalItem("H0102", "新国家编码", Money.ofFen(200), "XNEWER00001", List.of())));
        HospitalCatalog catalog = catalog(a, ledger);
        LedgerException refused = assertThrows(LedgerException.class, catalog::pull);
        assertEquals(Problem.of(Reason.CATALOG_PULL_NATIONAL_UNKNOWN, List.of("XNEWER00001"), 1), refused.problem());
        assertTrue(refused.getMessage().contains("XNEWER00001") && refused.getMessage().contains("sync the national"),
                refused.getMessage());
        assertEquals(0, catalog.version());
        assertEquals(Optional.empty(), a.store.catalog().local("H0101"), "all or none");

        ledger.publishCatalog(CounterFixture.INSTITUTION, "admin1", List.of(
                new Catalog.LocalItem("H0102", "新国家编码", Money.ofFen(200), null, List.of())));
        assertEquals(new HospitalCatalog.Pulled(2, 0, 2, false), catalog.pull());

        // The ledger's catalogue emptied (as a restore of a backup taken before it): the station finds the ledger no
        // longer holds its version and takes the ledger's list whole; `ledger sync --from-start` rewinds by hand.
        try (Connection c = DriverManager.getConnection(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("DELETE FROM catalog_item");
            st.execute("DELETE FROM catalog_publication");
            st.execute("UPDATE institution SET catalog_version = 0");
        }
        ledger.publishCatalog(CounterFixture.INSTITUTION, "admin1", List.of(
                new Catalog.LocalItem("H0103", "恢复后新增", Money.ofFen(300), null, List.of())));
        assertEquals(new HospitalCatalog.Pulled(1, 0, 1, true), catalog.pull(), "the ledger's whole list");
        assertEquals(300, a.store.catalog().local("H0103").orElseThrow().price().fen());
        catalog.rewind("admin1");
        assertEquals(new HospitalCatalog.Pulled(1, 0, 1, false), catalog.pull());
    }
}
