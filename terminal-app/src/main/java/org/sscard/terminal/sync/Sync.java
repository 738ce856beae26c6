package org.sscard.terminal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.CatalogPaging;
import org.sscard.protocol.CatalogQuery;
import org.sscard.protocol.Flag;
import org.sscard.protocol.PriceCapQuery;
import org.sscard.protocol.SelfpayRatioQuery;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.Blacklist;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.JobRuns;
import org.sscard.store.JobRuns.Job;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;

/**
 * Keeps the station's catalog (1312 items, 1318 price caps, 1319 self-pay ratios) and blacklist (C108) current,
 * incrementally, on demand ({@link #catalog}, {@link #blacklist}, each through {@link Authorizer#require}) and on a
 * schedule ({@link #runDue}, driven by the station's clock; a running station's {@code StationServices} calls
 * {@link #blacklist(Opter)} and {@link #catalog(Opter)} itself, with back-off). Each page is applied in its own store
 * transaction, so an interrupted run loses nothing and the next run continues from what was applied.
 */
public final class Sync {
    /** The operator recorded for scheduled runs (as requests' {@code opter}). */
    public static final Opter SYSTEM = new Opter("sync", "自动同步");
    /** The day a first download asks from: every row. */
    public static final String CATALOG_START = "2000-01-01";
    public static final int CATALOG_PAGE = 500;
    static final long BLACKLIST_PAGE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Sync.class);

    private final CentralLink link;
    private final StationStore store;
    private final Authorizer authorizer;
    private final Clock clock;
    private final int catalogPage;

    public Sync(CentralLink link, StationStore store, Authorizer authorizer, Clock clock) {
        this(link, store, authorizer, clock, CATALOG_PAGE);
    }

    /** With another page size for 1312, 1318 and 1319 (1–1000). */
    public Sync(CentralLink link, StationStore store, Authorizer authorizer, Clock clock, int catalogPage) {
        if (catalogPage < 1 || catalogPage > 1000) {
            throw new IllegalArgumentException("a catalogue page holds 1 to 1000 rows, not " + catalogPage);
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
     * The catalogue: 1312 (items), then 1318 (price caps), then 1319 (self-pay ratios), each page by page from its own
     * cursor ({@link Catalog.Download}), and then every item's cap and ratio combined for the station's insured area
     * and today ({@link Catalog#recombine}). See {@link #pull} for how a run moves its cursor.
     */
    public SyncResult catalog(Opter opter) {
        Catalog.Status before = store.catalog().status();
        long version = before.version() + 1;
        Catalog.Scope scope = new Catalog.Scope(link.config().insuranceRegion(), LocalDate.now(clock));
        List<SyncResult.Part> parts = List.of(
                pull(Transaction.CATALOG_QUERY, CatalogQuery.Input::new, CatalogQuery.Output::data,
                        CatalogQuery.Output::pages, CatalogQuery.Row::updtTime, opter, scope.day(),
                        (next, rows) -> store.catalog().applyItems(version, next, rows.stream().map(r ->
                                new Catalog.Item(r.hilistCode(), r.hilistName(), ItemClass.fromCode(r.chrgitmLv().code()),
                                        r.updtTime())).toList(), scope)),
                pull(Transaction.PRICE_CAP_QUERY, PriceCapQuery.Input::new, PriceCapQuery.Output::data,
                        PriceCapQuery.Output::pages, PriceCapQuery.Row::updtTime, opter, scope.day(),
                        (next, rows) -> store.catalog().applyPriceCaps(next, rows.stream().map(r ->
                                new Catalog.PriceCap(r.rid(), r.hilistCode(), r.hilistLmtpricType().code(),
                                        r.overlmtDspoWay().code(), r.insuAdmdvs(), day(r.begndate()), day(r.enddate()),
                                        r.hilistPricUplmtAmt(), r.capFen(), r.valiFlag() == Flag.YES, r.updtTime()))
                                .toList(), scope)),
                pull(Transaction.SELFPAY_RATIO_QUERY, SelfpayRatioQuery.Input::new, SelfpayRatioQuery.Output::data,
                        SelfpayRatioQuery.Output::pages, SelfpayRatioQuery.Row::updtTime, opter, scope.day(),
                        (next, rows) -> store.catalog().applySelfpayRatios(next, rows.stream().map(r ->
                                new Catalog.SelfpayRatio(r.rid(), r.hilistCode(), r.selfpayPropPsnType().code(),
                                        r.selfpayPropType().code(), r.insuAdmdvs(), day(r.begndate()),
                                        day(r.enddate()), r.selfpayProp().basisPoints(), r.valiFlag() == Flag.YES,
                                        r.updtTime())).toList(), scope)));
        store.catalog().recombine(scope);
        int requests = parts.stream().mapToInt(SyncResult.Part::requests).sum();
        int rows = parts.stream().mapToInt(SyncResult.Part::rows).sum();
        String through = parts.get(0).through();
        store.jobRuns().record(Job.CATALOG_SYNC, new JobRuns.Run(clock.instant(), null));
        store.audit().record(opter.id(), "sync.catalog", "v" + version, parts.stream()
                .map(p -> p.infno() + " rows=" + p.rows() + " through=" + p.through()).collect(Collectors.joining("; ")));
        return new SyncResult("catalog", requests, rows, before.version(), version, through, parts);
    }

    /** How a download's input is made from its cursor. */
    @FunctionalInterface
    private interface PageQuery<I> {
        I page(String updtTime, Long pageNum, Long pageSize);
    }

    /** Stores one page and the cursor after it, in one store transaction. */
    @FunctionalInterface
    private interface PageStore<R> {
        void store(Catalog.Download next, List<R> rows);
    }

    /**
     * One download, from its cursor: a run asks for the rows changed on or after the cursor's day, page by page, and
     * stores each page with the cursor after it (the next page, the newest updt_time so far) in one transaction, so a
     * run that stops (link, store) goes on next time from the first page not stored, never past it. The run ends at
     * a short or empty page, or at the last of {@code pages}; the cursor's day then moves on ({@link #nextDay}). A
     * run under way keeps its page size.
     */
    private <I extends TransactionInput, O extends TransactionOutput, R> SyncResult.Part pull(Transaction<I, O> t,
            PageQuery<I> query, Function<O, List<R>> data, Function<O, Long> pages, Function<R, String> updtTime,
            Opter opter, LocalDate began, PageStore<R> pageStore) {
        Catalog.Download cursor = store.catalog().download(t.infno())
                .orElse(new Catalog.Download(t.infno(), CATALOG_START, 1, catalogPage, null));
        if (cursor.nextPage() == 1) {
            cursor = new Catalog.Download(t.infno(), cursor.updtTime(), 1, catalogPage, null);
        }
        int requests = 0;
        int rows = 0;
        while (true) {
            O out = answer(t, query.page(cursor.updtTime(), cursor.nextPage(), (long) cursor.pageSize()), opter);
            requests++;
            List<R> page = data.apply(out);
            String newest = cursor.newest();
            for (R r : page) {
                String day = day(updtTime.apply(r));
                newest = newest == null || day.compareTo(newest) > 0 ? day : newest;
            }
            Long total = pages.apply(out);
            boolean last = page.size() < cursor.pageSize() || total != null && cursor.nextPage() >= total
                    || cursor.nextPage() >= CatalogPaging.MAX_PAGE;
            Catalog.Download next = last
                    ? new Catalog.Download(t.infno(), nextDay(cursor.updtTime(), newest, began), 1, catalogPage, null)
                    : new Catalog.Download(t.infno(), cursor.updtTime(), cursor.nextPage() + 1, cursor.pageSize(),
                            newest);
            pageStore.store(next, page);
            rows += page.size();
            cursor = next;
            if (last) {
                return new SyncResult.Part(t.infno(), requests, rows, next.updtTime());
            }
        }
    }

    /**
     * The day the next run asks from, after a run from {@code asked} whose newest row is of {@code newest} (null: no
     * row) and that began on {@code began}: the run saw every row dated up to {@code newest}, and a row changed from
     * now on is dated no earlier than the day before {@code began} (a day's margin for a platform whose clock is
     * behind), so the day after {@code newest}, but not later than that margin and never before {@code asked}.
     */
    static String nextDay(String asked, String newest, LocalDate began) {
        LocalDate margin = began.minusDays(1);
        LocalDate next = newest == null ? margin : LocalDate.parse(newest).plusDays(1);
        LocalDate day = next.isAfter(margin) ? margin : next;
        return day.isBefore(LocalDate.parse(asked)) ? asked : day.toString();
    }

    /** A row's date as the station keeps it: the day ({@code yyyy-MM-dd}), whichever form it came in. */
    private static String day(String date) {
        return date == null ? null : CatalogPaging.day(date).toString();
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
        store.jobRuns().record(Job.BLACKLIST_SYNC, new JobRuns.Run(clock.instant(), null));
        store.audit().record(opter.id(), "sync.blacklist", "v" + from + "->v" + version, "rows=" + rows);
        return new SyncResult("blacklist", requests, rows, from, version, null, List.of());
    }

    /**
     * Runs each sync whose last success is older than its interval (by the station's clock); failures are logged
     * and retried at the next call. Returns what ran.
     */
    public synchronized List<SyncResult> runDue(Duration blacklistEvery, Duration catalogEvery) {
        List<SyncResult> ran = new ArrayList<>();
        Instant now = clock.instant();
        try {
            if (due(Job.BLACKLIST_SYNC, blacklistEvery, now)) {
                ran.add(blacklist(SYSTEM));
            }
            if (due(Job.CATALOG_SYNC, catalogEvery, now)) {
                ran.add(catalog(SYSTEM));
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduled sync failed, will try again: {}", LogText.redact(e.getMessage()));
        }
        return ran;
    }

    /** When the last blacklist sync finished, by the station's clock; empty if never. */
    public Optional<Instant> lastBlacklist() {
        return last(Job.BLACKLIST_SYNC);
    }

    /** When the last catalog sync finished, by the station's clock; empty if never. */
    public Optional<Instant> lastCatalog() {
        return last(Job.CATALOG_SYNC);
    }

    private Optional<Instant> last(Job job) {
        return store.jobRuns().last(job).map(JobRuns.Run::at);
    }

    private boolean due(Job job, Duration every, Instant now) {
        return last(job).map(at -> !at.plus(every).isAfter(now)).orElse(true);
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
