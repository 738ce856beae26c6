package org.sscard.terminal.sync;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.CatalogQuery;
import org.sscard.protocol.Flag;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.Blacklist;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;

/**
 * Keeps the station's catalog (1312) and blacklist (C108) current, incrementally, on demand ({@link #catalog},
 * {@link #blacklist}, each through {@link Authorizer#require}) and on a schedule ({@link #runDue}, driven by the
 * station's clock; a running station's {@code StationServices} calls {@link #blacklist(Opter)} and
 * {@link #catalog(Opter)} itself, with back-off). Each page is applied in its own store transaction, so an interrupted run loses nothing and
 * the next run continues from what was applied.
 */
public final class Sync {
    /** The operator recorded for scheduled runs (as requests' {@code opter}). */
    public static final Opter SYSTEM = new Opter("sync", "自动同步");
    public static final String CATALOG_START = "2000-01-01 00:00:00";
    public static final int CATALOG_PAGE = 500;
    static final long BLACKLIST_PAGE = 1000;
    public static final String LAST_CATALOG = "state.sync.catalog_at";
    public static final String LAST_BLACKLIST = "state.sync.blacklist_at";
    private static final Logger LOG = LoggerFactory.getLogger(Sync.class);

    private final CentralLink link;
    private final StationStore store;
    private final Authorizer authorizer;
    private final Clock clock;
    private final int catalogPage;

    public Sync(CentralLink link, StationStore store, Authorizer authorizer, Clock clock) {
        this(link, store, authorizer, clock, CATALOG_PAGE);
    }

    /** With another 1312 page size (1–1000). */
    public Sync(CentralLink link, StationStore store, Authorizer authorizer, Clock clock, int catalogPage) {
        if (catalogPage < 1 || catalogPage > 1000) {
            throw new IllegalArgumentException("a 1312 page holds 1 to 1000 rows, not " + catalogPage);
        }
        this.link = link;
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
        this.catalogPage = catalogPage;
    }

    /** On demand, by the logged-in operator. */
    public SyncResult catalog() {
        return catalog(authorizer.require(Permission.SYNC, "catalog").opter());
    }

    /** On demand, by the logged-in operator. */
    public SyncResult blacklist() {
        return blacklist(authorizer.require(Permission.SYNC, "blacklist").opter());
    }

    /**
     * 1312 from the catalog's {@code updated_through}, page by page. Pages are applied as they come with the old
     * {@code updated_through} kept; only the last page moves it to the newest {@code updt_time} seen (rows with the
     * same {@code updt_time} may span pages, and 1312 returns rows strictly after the time asked for).
     */
    public SyncResult catalog(Opter opter) {
        Catalog.Status before = store.catalog().status();
        String since = before.updatedThrough() == null ? CATALOG_START : before.updatedThrough();
        long version = before.version() + 1;
        String newest = since;
        int requests = 0;
        int rows = 0;
        long page = 1;
        while (true) {
            CatalogQuery.Output out = answer(Transaction.CATALOG_QUERY,
                    new CatalogQuery.Input(since, page, (long) catalogPage), opter);
            requests++;
            List<Catalog.NationalItem> items = new ArrayList<>();
            for (CatalogQuery.CatalogRow r : out.rows()) {
                items.add(new Catalog.NationalItem(r.hilistCode(), r.hilistName(), ItemClass.fromCode(r.chrgitmLv().code()),
                        r.pricUplmtAmt(),
                        ratio(r.selfpayProp()), null, r.updtTime()));
                if (r.updtTime().compareTo(newest) > 0) {
                    newest = r.updtTime();
                }
            }
            rows += items.size();
            boolean last = out.rows().isEmpty() || page * catalogPage >= out.totalCnt();
            if (!items.isEmpty() || last) {
                store.catalog().applyNationalUpdate(version, last ? newest : before.updatedThrough() == null ? since
                        : before.updatedThrough(), items);
            }
            if (last) {
                break;
            }
            page++;
        }
        store.settings().updateState(LAST_CATALOG, old -> Long.toString(clock.millis()));
        store.audit().record(opter.id(), "sync.catalog", "v" + version, "rows=" + rows + " through=" + newest);
        return new SyncResult("catalog", requests, rows, before.version(), version, newest);
    }

    /**
     * C108 from the station's blacklist version until {@code more} is 0: each answer is one delta (cards whose last
     * row in it says LOST, SUSPENDED or CANCELLED are listed, ACTIVE or ISSUED ones removed); then the list is marked
     * confirmed current (the 24 h offline rule counts from here).
     */
    public SyncResult blacklist(Opter opter) {
        long from = store.blacklist().status().version();
        long version = from;
        int requests = 0;
        int rows = 0;
        while (true) {
            CardService.Blacklist out = answer(Transaction.BLACKLIST_DOWNLOAD,
                    new CardService.BlacklistQuery(version, BLACKLIST_PAGE), opter);
            requests++;
            if (out.ver() > version) {
                Map<String, CardService.BlacklistEntry> last = new LinkedHashMap<>();
                for (CardService.BlacklistEntry e : out.rows()) {
                    last.put(e.cardSn().toUpperCase(Locale.ROOT), e);
                }
                List<Blacklist.Entry> adds = new ArrayList<>();
                List<String> removes = new ArrayList<>();
                for (CardService.BlacklistEntry e : last.values()) {
                    if (listed(e.cardStas())) {
                        adds.add(new Blacklist.Entry(e.cardSn(), e.cardNo(), e.cardStas().name().toLowerCase(Locale.ROOT)));
                    } else {
                        removes.add(e.cardSn());
                    }
                }
                store.blacklist().applyDelta(version, out.ver(), adds, removes);
                rows += out.rows().size();
                version = out.ver();
            }
            if (out.more() != Flag.YES) {
                break;
            }
        }
        store.blacklist().markSynced();
        store.settings().updateState(LAST_BLACKLIST, old -> Long.toString(clock.millis()));
        store.audit().record(opter.id(), "sync.blacklist", "v" + from + "->v" + version, "rows=" + rows);
        return new SyncResult("blacklist", requests, rows, from, version, null);
    }

    /**
     * Runs each sync whose last success is older than its interval (by the station's clock); failures are logged
     * and retried at the next call. Returns what ran.
     */
    public synchronized List<SyncResult> runDue(Duration blacklistEvery, Duration catalogEvery) {
        List<SyncResult> ran = new ArrayList<>();
        Instant now = clock.instant();
        try {
            if (due(LAST_BLACKLIST, blacklistEvery, now)) {
                ran.add(blacklist(SYSTEM));
            }
            if (due(LAST_CATALOG, catalogEvery, now)) {
                ran.add(catalog(SYSTEM));
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduled sync failed, will try again: {}", LogText.redact(e.getMessage()));
        }
        return ran;
    }

    /** When the last blacklist sync finished, by the station's clock; empty if never. */
    public Optional<Instant> lastBlacklist() {
        return last(LAST_BLACKLIST);
    }

    /** When the last catalog sync finished, by the station's clock; empty if never. */
    public Optional<Instant> lastCatalog() {
        return last(LAST_CATALOG);
    }

    private Optional<Instant> last(String key) {
        return store.settings().getString(key).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms)));
    }

    /** The exact ratio with at least two decimals (0.10, 0.125, 1.00), as the protocol writes it. */
    private static BigDecimal ratio(Ratio r) {
        BigDecimal exact = BigDecimal.valueOf(r.basisPoints(), 4).stripTrailingZeros();
        return exact.scale() < 2 ? exact.setScale(2) : exact;
    }

    private boolean due(String key, Duration every, Instant now) {
        return last(key).map(at -> !at.plus(every).isAfter(now)).orElse(true);
    }

    private static boolean listed(CardState state) {
        return state == CardState.LOST || state == CardState.SUSPENDED || state == CardState.CANCELLED;
    }

    private <I extends TransactionInput, O extends TransactionOutput> O answer(Transaction<I, O> t, I input, Opter opter) {
        // a −4 (sign-in expired) is renewed and asked again by the link's send chain
        LinkOutcome<O> outcome = link.call(t, input, opter);
        if (outcome instanceof LinkOutcome.Answered<O> a) {
            return a.output();
        }
        throw new SyncException(t.infno() + " " + t.name() + " did not complete: " + outcome.message()
                + ". What was applied before stays; run the sync again when the link is back.");
    }
}
