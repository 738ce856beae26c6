package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sscard.protocol.FeeUpload;
import org.sscard.store.Catalog;
import org.sscard.terminal.Problems;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * Checks a whole basket against the station catalog (offline-store) before anything of the visit is sent: the
 * station's code (or a barcode) → its local item → the national item it is mapped to. Every problem of the whole
 * list is reported at once (the first {@value Problems#SHOWN}, then a count), each by its line: too many lines for
 * one fee upload, unknown codes, items the hospital withdrew from its catalogue, items not yet mapped to a national code (refused until an administrator maps them),
 * items without a price, amounts beyond what the interface carries, counts above the national item's quantity limit
 * (the counts of every line of the same national item together, whatever local code or barcode each line was
 * entered with).
 */
public final class ItemPricing {
    /** The lines one fee upload (2204) carries. */
    public static final int MAX_LINES = FeeUpload.MAX_ITEMS;

    private final Catalog catalog;

    public ItemPricing(Catalog catalog) {
        this.catalog = catalog;
    }

    /** @throws CounterException naming the problems, when the basket cannot be charged as it is */
    public Basket price(List<CounterItem> items) {
        if (items.isEmpty()) {
            throw new CounterException(Reason.NO_ITEMS);
        }
        List<Problem> problems = new ArrayList<>();
        if (items.size() > MAX_LINES) {
            problems.add(Problem.of(Reason.ITEM_LINES_TOO_MANY, items.size(), String.valueOf(MAX_LINES)));
        }
        List<PricedLine> lines = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < items.size(); i++) {
            CounterItem item = items.get(i);
            String line = String.valueOf(item.line() > 0 ? item.line() : i + 1);
            Optional<Catalog.LocalItem> local = catalog.local(item.code()).or(() -> catalog.byBarcode(item.code()));
            if (local.isEmpty()) {
                problems.add(Problem.of(Reason.ITEM_NOT_IN_CATALOG, line, item.code()));
                continue;
            }
            Catalog.LocalItem l = local.get();
            if (catalog.isWithdrawn(l.localCode())) {
                problems.add(Problem.of(Reason.ITEM_WITHDRAWN, line, item.code(), l.name()));
                continue;
            }
            if (l.nationalCode() == null) {
                problems.add(Problem.of(Reason.ITEM_NOT_MAPPED, line, item.code(), l.name()));
                continue;
            }
            Optional<Catalog.NationalItem> national = catalog.national(l.nationalCode());
            if (national.isEmpty()) {
                problems.add(Problem.of(Reason.ITEM_NATIONAL_MISSING, line, item.code(), l.nationalCode()));
                continue;
            }
            if (!l.price().isPositive()) {
                problems.add(Problem.of(Reason.ITEM_NO_PRICE, line, item.code(), l.name()));
                continue;
            }
            long amount = amountFen(l.price().fen(), item.count());
            if (amount < 0) {
                problems.add(Problem.of(Reason.ITEM_LINE_TOO_LARGE, line, item.code(), l.name(),
                        String.valueOf(item.count()), l.price(), Money.ofFen(Money.MAX_FEN)));
                continue;
            }
            total = Math.addExact(total, amount);
            lines.add(new PricedLine(lines.size() + 1, l, national.get(), item.count()));
        }
        if (total > Money.MAX_FEN) {
            problems.add(Problem.of(Reason.ITEMS_TOTAL_TOO_LARGE, MoneyFormat.decimal(total),
                    Money.ofFen(Money.MAX_FEN)));
        }
        Map<String, Long> countPerNationalItem = new LinkedHashMap<>();
        for (PricedLine line : lines) {
            countPerNationalItem.merge(line.national().code(), line.count(), Math::addExact);
        }
        for (Map.Entry<String, Long> e : countPerNationalItem.entrySet()) {
            Catalog.NationalItem n = catalog.national(e.getKey()).orElseThrow();
            if (n.quantityLimit() != null && e.getValue() > n.quantityLimit()) {
                problems.add(Problem.of(Reason.ITEM_OVER_QUANTITY_LIMIT, e.getKey(), n.name(),
                        String.valueOf(e.getValue()), String.valueOf(n.quantityLimit())));
            }
        }
        if (!problems.isEmpty()) {
            throw new CounterException(Reason.ITEMS_REFUSED, shown(problems));
        }
        return new Basket(lines, Money.ofFen(total));
    }

    /** The first {@value Problems#SHOWN} problems, then how many more there are (one message, not a page). */
    private static List<Object> shown(List<Problem> problems) {
        if (problems.size() <= Problems.SHOWN) {
            return List.copyOf(problems);
        }
        List<Object> shown = new ArrayList<>(problems.subList(0, Problems.SHOWN));
        shown.add(Problem.of(Reason.MORE_PROBLEMS, problems.size() - Problems.SHOWN));
        return shown;
    }

    /** {@code priceFen × count}, or −1 when that is more than {@link Money#MAX_FEN}. */
    private static long amountFen(long priceFen, long count) {
        return priceFen > Money.MAX_FEN / count ? -1 : priceFen * count;
    }
}
