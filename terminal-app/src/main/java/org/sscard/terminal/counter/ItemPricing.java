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
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * Checks a whole basket against the station catalog (offline-store) before anything of the visit is sent: the
 * station's code (or a barcode) → its local item → the national item it is mapped to. Every problem of the whole
 * list is reported at once (the first {@value Problems#SHOWN}, then a count), each by its line: too many lines for
 * one fee upload, unknown codes, items not yet mapped to a national code (refused until an administrator maps them),
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
            throw new CounterException("no items entered: add at least one item");
        }
        Problems problems = new Problems();
        if (items.size() > MAX_LINES) {
            problems.add(String.format(Locale.ROOT, "%,d lines, more than the %d one settlement can carry: split the"
                    + " items into several visits", items.size(), MAX_LINES));
        }
        List<PricedLine> lines = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < items.size(); i++) {
            CounterItem item = items.get(i);
            String at = "line " + (item.line() > 0 ? item.line() : i + 1) + " (" + item.code() + ")";
            Optional<Catalog.LocalItem> local = catalog.local(item.code()).or(() -> catalog.byBarcode(item.code()));
            if (local.isEmpty()) {
                problems.add(at + ": not in the station's catalog");
                continue;
            }
            Catalog.LocalItem l = local.get();
            if (l.nationalCode() == null) {
                problems.add(at + " " + l.name() + ": not mapped to a national catalog code; ask the administrator to"
                        + " map it before it can be charged to the insurance");
                continue;
            }
            Optional<Catalog.NationalItem> national = catalog.national(l.nationalCode());
            if (national.isEmpty()) {
                problems.add(at + ": mapped to " + l.nationalCode() + ", which is not in the national catalog; update the"
                        + " catalog");
                continue;
            }
            if (l.priceFen() <= 0) {
                problems.add(at + " " + l.name() + ": has no price");
                continue;
            }
            long amount = amountFen(l.priceFen(), item.count());
            if (amount < 0) {
                problems.add(at + " " + l.name() + ": " + item.count() + " × " + Money.ofFen(l.priceFen())
                        + " is more than one line can carry (" + Money.ofFen(Money.MAX_FEN) + ")");
                continue;
            }
            total = Math.addExact(total, amount);
            lines.add(new PricedLine(lines.size() + 1, l, national.get(), item.count()));
        }
        if (total > Money.MAX_FEN) {
            problems.add("the total " + MoneyFormat.decimal(total) + " is more than one settlement can carry ("
                    + Money.ofFen(Money.MAX_FEN) + ")");
        }
        Map<String, Long> countPerNationalItem = new LinkedHashMap<>();
        for (PricedLine line : lines) {
            countPerNationalItem.merge(line.national().code(), line.count(), Math::addExact);
        }
        for (Map.Entry<String, Long> e : countPerNationalItem.entrySet()) {
            Catalog.NationalItem n = catalog.national(e.getKey()).orElseThrow();
            if (n.quantityLimit() != null && e.getValue() > n.quantityLimit()) {
                problems.add(e.getKey() + " (" + n.name() + "): " + e.getValue() + " in all lines together exceeds the"
                        + " limit of " + n.quantityLimit() + " per settlement");
            }
        }
        if (!problems.isEmpty()) {
            throw new CounterException("Items refused, nothing was sent: " + problems.summary());
        }
        return new Basket(lines, total);
    }

    /** {@code priceFen × count}, or −1 when that is more than {@link Money#MAX_FEN}. */
    private static long amountFen(long priceFen, long count) {
        return priceFen > Money.MAX_FEN / count ? -1 : priceFen * count;
    }
}
