package org.sscard.terminal.ledger;

import java.util.List;
import org.sscard.store.Catalog;
import org.sscard.store.StationStore;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;

/**
 * One catalogue mapping for the hospital: its own items (code, name, price, barcodes) and their mapping to national
 * codes are published once to the hospital ledger ({@link #publish}) and every station pulls the changes into its own
 * catalogue ({@link #pull}), from which the counter prices as before, so a station whose ledger cannot be reached
 * works on from its local copy. The station keeps the catalog version it has in station state {@value #VERSION};
 * it moves only after the pulled items are stored, all at once.
 */
public final class HospitalCatalog {
    /** The hospital catalog version whose items the station holds. */
    public static final String VERSION = "state.ledger.catalog_version";
    /** Who the station's audit names for items pulled from the ledger. */
    public static final String PULLED_BY = "ledger";

    private final StationStore store;
    private final Ledger ledger;
    private final String institution;

    public HospitalCatalog(StationStore store, Ledger ledger, String institution) {
        this.store = store;
        this.ledger = ledger;
        this.institution = institution;
    }

    /** A pull's outcome: items stored, and the version the station now holds. */
    public record Pulled(int items, long version) {
    }

    /**
     * Publishes {@code items} for the whole hospital (CONFIGURATION, audited {@code catalog.hospital.publish}), then
     * pulls them here. Every national code must be in this station's national catalogue, else nothing is published.
     */
    public Ledger.CatalogPublished publish(Authorizer authorizer, List<Catalog.LocalItem> items) {
        Session s = authorizer.require(Permission.CONFIGURATION, "hospital catalog");
        List<String> unknown = unknownNational(items);
        if (!unknown.isEmpty()) {
            throw new LedgerException("nothing was published: national code(s) " + String.join(", ", unknown.subList(0,
                    Math.min(10, unknown.size()))) + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "")
                    + " not in this station's national catalogue (sync the catalogue first, or leave national_code empty"
                    + " to map the item later)");
        }
        Ledger.CatalogPublished published = ledger.publishCatalog(institution, s.operatorId(), items);
        store.audit().record(s.operatorId(), "catalog.hospital.publish", "v" + published.version(), items.size()
                + " items offered, " + published.changed() + " new or changed");
        pull();
        return published;
    }

    /**
     * Stores the items changed in the ledger since the version the station holds. A national code the station's
     * catalogue does not know yet refuses the whole pull (nothing stored, version unchanged): sync the national
     * catalogue, and the next pull takes them. Throws {@link LedgerException} when the ledger cannot be reached.
     */
    public synchronized Pulled pull() {
        long held = version();
        Ledger.CatalogChanges changes = ledger.catalogSince(institution, held);
        if (changes.version() < held) {
            // The ledger is behind the station (restored from an older backup): take its whole catalogue again.
            changes = ledger.catalogSince(institution, 0);
        }
        if (!changes.items().isEmpty()) {
            List<String> unknown = unknownNational(changes.items());
            if (!unknown.isEmpty()) {
                throw new LedgerException("the hospital catalogue maps items to national code(s) " + String.join(", ",
                        unknown.subList(0, Math.min(10, unknown.size()))) + " this station's national catalogue does not"
                        + " have yet; sync the national catalogue, then pull again (the station keeps its items meanwhile)");
            }
            store.catalog().putLocalItems(PULLED_BY, changes.items());
        }
        long reached = changes.version();
        if (reached != held) {
            store.settings().updateState(VERSION, old -> String.valueOf(reached));
        }
        return new Pulled(changes.items().size(), reached);
    }

    /**
     * Sets the held version back to 0, so the next pull takes the ledger's whole list (after the ledger was restored
     * from a backup). Audited.
     */
    public synchronized void rewind(String operator) {
        long was = version();
        store.settings().updateState(VERSION, old -> "0");
        store.audit().record(operator, "ledger.catalog.rewind", institution, "version was " + was);
    }

    /** The hospital catalog version the station holds (0 before the first pull). */
    public long version() {
        return parse(store.settings().getString(VERSION).orElse(null));
    }

    private List<String> unknownNational(List<Catalog.LocalItem> items) {
        return items.stream().map(Catalog.LocalItem::nationalCode).filter(code -> code != null)
                .distinct().filter(code -> store.catalog().national(code).isEmpty()).sorted().toList();
    }

    private static long parse(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
