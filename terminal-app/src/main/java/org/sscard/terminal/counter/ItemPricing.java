package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sscard.store.Catalog;

/**
 * Resolves entered lines against the station catalog (offline-store): the station's code (or a barcode) → its
 * local item → the national item it is mapped to. Every problem of the whole list is reported at once: unknown
 * codes, items not yet mapped to a national code (refused until an administrator maps them), items without a
 * price, counts above the national item's quantity limit (the counts of every line of the same national item
 * together, whatever local code or barcode each line was entered with).
 */
public final class ItemPricing {
    private final Catalog catalog;

    public ItemPricing(Catalog catalog) {
        this.catalog = catalog;
    }

    public List<PricedLine> price(List<CounterItem> items) {
        if (items.isEmpty()) {
            throw new CounterException("no items entered: add at least one item");
        }
        List<String> problems = new ArrayList<>();
        List<PricedLine> lines = new ArrayList<>();
        for (CounterItem item : items) {
            Optional<Catalog.LocalItem> local = catalog.local(item.code()).or(() -> catalog.byBarcode(item.code()));
            if (local.isEmpty()) {
                problems.add(item.code() + ": not in the station's catalog");
                continue;
            }
            Catalog.LocalItem l = local.get();
            if (l.nationalCode() == null) {
                problems.add(item.code() + " (" + l.name() + "): not mapped to a national catalog code; ask the"
                        + " administrator to map it before it can be charged to the insurance");
                continue;
            }
            Optional<Catalog.NationalItem> national = catalog.national(l.nationalCode());
            if (national.isEmpty()) {
                problems.add(item.code() + ": mapped to " + l.nationalCode() + ", which is not in the national catalog;"
                        + " update the catalog");
                continue;
            }
            if (l.priceFen() <= 0) {
                problems.add(item.code() + " (" + l.name() + "): has no price");
                continue;
            }
            lines.add(new PricedLine(lines.size() + 1, l, national.get(), item.count()));
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
            throw new CounterException("Items refused: " + String.join("; ", problems));
        }
        return lines;
    }
}
