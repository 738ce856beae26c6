package org.sscard.terminal.ledger;

import java.util.List;
import org.sscard.store.Catalog;
import org.sscard.store.LedgerPosition;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;

/**
 * One catalogue mapping for the hospital: its own items (code, name, price, barcodes) and their mapping to national
 * codes are published once to the hospital ledger ({@link #publish}), withdrawn there when a mapping must no longer be
 * used ({@link #withdraw}), and every station pulls the changes into its own catalogue ({@link #pull}), from which the
 * counter prices as before (a withdrawn item is kept for the visits settled with it, and refused at the counter), so
 * a station whose ledger cannot be reached works on from its local copy. The station keeps the catalog version it has
 * and that version's publication id in the store's ledger position ({@link LedgerPosition}, one write); they move only
 * after the pulled changes are stored.
 */
public final class HospitalCatalog {
    /** Who the station's audit names for items pulled from the ledger. */
    public static final String PULLED_BY = "ledger";
    /** Audit action of a pull that found the ledger's catalogue not the one the station followed, and took it whole. */
    public static final String BEHIND_ACTION = "ledger.catalog.behind";

    private final StationStore store;
    private final Ledger ledger;
    private final String institution;
    private final String device;

    public HospitalCatalog(StationStore store, Ledger ledger, String institution, String device) {
        this.store = store;
        this.ledger = ledger;
        this.institution = institution;
        this.device = device;
    }

    /**
     * A pull's outcome: items stored (new, changed or offered again), items withdrawn, the version the station now
     * holds, and whether the ledger's catalogue was found not to be the one the station followed (restored from a
     * backup), so that the pull took it whole.
     */
    public record Pulled(int items, int withdrawn, long version, boolean ledgerWasBehind) {
    }

    /**
     * Publishes {@code items} for the whole hospital (CONFIGURATION, audited {@code catalog.hospital.publish}), then
     * pulls them here. Every national code must be in this station's national catalogue, else nothing is published.
     */
    public Ledger.CatalogPublished publish(Authorizer authorizer, List<Catalog.LocalItem> items) {
        Session s = authorizer.require(Permission.CONFIGURATION, "hospital catalog");
        List<String> unknown = unknownNational(items);
        if (!unknown.isEmpty()) {
            throw new LedgerException(Reason.CATALOG_PUBLISH_NATIONAL_UNKNOWN, listed(unknown), unknown.size());
        }
        Ledger.CatalogPublished published = ledger.publishCatalog(institution, s.operatorId(), items);
        store.audit().record(s.operatorId(), "catalog.hospital.publish", "v" + published.version(), items.size()
                + " items offered, " + published.changed() + " new or changed");
        pull();
        return published;
    }

    /**
     * Withdraws the hospital's items {@code localCodes} (CONFIGURATION, audited {@code catalog.hospital.withdraw}):
     * every station stops offering them at its next pull, this one at once. Publishing an item again offers it again.
     */
    public Ledger.CatalogPublished withdraw(Authorizer authorizer, List<String> localCodes) {
        Session s = authorizer.require(Permission.CONFIGURATION, "hospital catalog");
        Ledger.CatalogPublished withdrawn = ledger.withdrawCatalog(institution, s.operatorId(), localCodes);
        store.audit().record(s.operatorId(), "catalog.hospital.withdraw", "v" + withdrawn.version(),
                String.join(",", localCodes) + ": " + withdrawn.changed() + " withdrawn");
        pull();
        return withdrawn;
    }

    /**
     * Stores the items changed in the ledger since the version the station holds and marks the ones withdrawn. A
     * national code the station's catalogue does not know yet refuses the whole pull (nothing stored, version
     * unchanged): sync the national catalogue, and the next pull takes them. A ledger that lacks the version the
     * station holds, or holds another publication under its number (restored from a backup, perhaps published again
     * since), answers with its whole catalogue, which the station takes (audited {@value #BEHIND_ACTION}). Throws
     * {@link LedgerException} when the ledger cannot be reached.
     */
    public synchronized Pulled pull() {
        Held held = held();
        Ledger.CatalogChanges changes = ledger.catalogSince(institution, device, held.version(), held.publication());
        List<Catalog.LocalItem> offered = changes.offered();
        List<String> unknown = unknownNational(offered);
        if (!unknown.isEmpty()) {
            throw new LedgerException(Reason.CATALOG_PULL_NATIONAL_UNKNOWN, listed(unknown), unknown.size());
        }
        if (changes.fromStart()) {
            store.audit().record(PULLED_BY, BEHIND_ACTION, institution, "the ledger's catalogue is at v"
                    + changes.version() + " without the station's v" + held.version() + "; took its "
                    + changes.entries().size() + " items whole");
        }
        List<String> withdrawn = changes.withdrawn();
        if (!changes.entries().isEmpty()) {
            store.catalog().applyLocalChanges(PULLED_BY, offered, withdrawn);
        }
        Held reached = new Held(changes.version(), changes.publication());
        if (!reached.equals(held)) {
            store.ledgerPosition().holdCatalog(reached.version(), reached.publication());
        }
        if (changes.stationReported() != reached.version()) {
            ledger.catalogTaken(institution, device, reached.version());
        }
        return new Pulled(offered.size(), withdrawn.size(), reached.version(), changes.fromStart());
    }

    /**
     * The hospital catalogue as the ledger holds it: its version, the version this station holds, every item (withdrawn
     * ones too) with the version of its last change, and the version each station of the institution last took.
     */
    public record Listing(long version, long held, List<Ledger.CatalogEntry> items, List<Ledger.StationCatalog> stations) {
    }

    /** Reads the {@link Listing} (any operator); throws {@link LedgerException} when the ledger cannot be reached. */
    public Listing listing(Authorizer authorizer) {
        authorizer.require(Permission.SYNC, "hospital catalog");
        Ledger.CatalogChanges all = ledger.catalogSince(institution, device, 0, null);
        return new Listing(all.version(), version(), all.entries(), ledger.stationCatalogs(institution));
    }

    /**
     * Sets the held version back to 0, so the next pull takes the ledger's whole list (for changes lost otherwise than
     * by a restore, which {@link #pull} finds by itself). Audited.
     */
    public synchronized void rewind(String operator) {
        long was = version();
        store.ledgerPosition().holdCatalog(0, null);
        store.audit().record(operator, "ledger.catalog.rewind", institution, "version was " + was);
    }

    /** The hospital catalog version the station holds (0 before the first pull). */
    public long version() {
        return held().version();
    }

    private record Held(long version, String publication) {
    }

    private Held held() {
        LedgerPosition.Position at = store.ledgerPosition().current();
        return new Held(at.catalogVersion(), at.catalogPublication());
    }

    private List<String> unknownNational(List<Catalog.LocalItem> items) {
        return items.stream().map(Catalog.LocalItem::nationalCode).filter(code -> code != null)
                .distinct().filter(code -> store.catalog().national(code).isEmpty()).sorted().toList();
    }

    /** The first ten codes (a refusal names them all by their count). */
    private static List<String> listed(List<String> codes) {
        return codes.subList(0, Math.min(10, codes.size()));
    }
}
