package org.sscard.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sscard.values.Money;

/**
 * The national insurance catalog (its items from 1312, each with the price cap and self-pay ratio combined from the
 * 1318 caps and 1319 ratios kept beside it) and the station's own items matched to it (目录匹配), with barcodes and a
 * pinyin-initials column for search.
 */
public final class Catalog {
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    Catalog(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * An item of the national catalog. The price cap and the quantity limit are null when there is none;
     * {@code selfpayRatio} is exact (e.g. 0.10), never a double.
     */
    public record NationalItem(String code, String name, ItemClass itemClass, Money priceCap, BigDecimal selfpayRatio,
                               Integer quantityLimit, String updatedAt) {
        public NationalItem {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(itemClass, "itemClass");
            Objects.requireNonNull(selfpayRatio, "selfpayRatio");
            Objects.requireNonNull(updatedAt, "updatedAt");
            if (selfpayRatio.signum() < 0 || selfpayRatio.compareTo(BigDecimal.ONE) > 0) {
                throw new StoreException("self-pay ratio of " + code + " must be between 0 and 1, got " + selfpayRatio);
            }
        }
    }

    /** One of the station's items: its own code, name, price, the national item it is matched to (or null) and barcodes. */
    public record LocalItem(String localCode, String name, Money price, String nationalCode, List<String> barcodes) {
        public LocalItem {
            Objects.requireNonNull(localCode, "localCode");
            Objects.requireNonNull(name, "name");
            barcodes = List.copyOf(barcodes);
            Objects.requireNonNull(price, "price");
            if (price.isNegative()) {
                throw new StoreException("the price of " + localCode + " must not be negative");
            }
        }
    }

    /** The catalog's version and how far the national updates reach (the {@code updt_time} to ask 1312 from next). */
    public record Status(long version, String updatedThrough, long nationalItems, long localItems, long unmatched) {
    }

    /** Stores a page of national catalog changes as version {@code version}; older versions are refused. */
    public void applyNationalUpdate(long version, String updatedThrough, Collection<NationalItem> items) {
        db.write("update the catalog", c -> {
            long current = status(c).version();
            if (version < current) {
                throw new StoreException("catalog update version " + version + " is older than the station's " + current);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO national_item (code, name, name_initials, item_class,"
                    + " price_cap_fen, selfpay_ratio, quantity_limit, updated_at, catalog_version) VALUES (?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_initials = excluded.name_initials,"
                    + " item_class = excluded.item_class, price_cap_fen = excluded.price_cap_fen, selfpay_ratio = excluded.selfpay_ratio,"
                    + " quantity_limit = excluded.quantity_limit, updated_at = excluded.updated_at, catalog_version = excluded.catalog_version")) {
                for (NationalItem i : items) {
                    ps.setString(1, i.code());
                    ps.setString(2, i.name());
                    ps.setString(3, PinyinInitials.of(i.name()));
                    ps.setString(4, i.itemClass().code());
                    setNullableLong(ps, 5, i.priceCap() == null ? null : i.priceCap().fen());
                    ps.setString(6, i.selfpayRatio().toPlainString());
                    setNullableLong(ps, 7, i.quantityLimit() == null ? null : i.quantityLimit().longValue());
                    ps.setString(8, i.updatedAt());
                    ps.setLong(9, version);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE catalog_state SET version = ?, updated_through = ?, synced_at = ? WHERE id = 1")) {
                ps.setLong(1, version);
                ps.setString(2, updatedThrough);
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
            }
            audit.append(c, "system", "catalog.update", "v" + version, "items=" + items.size() + " through=" + updatedThrough);
            return null;
        });
    }

    /**
     * The cursor of one catalogue download ({@code infno} 1312, 1318 or 1319): the day {@code updtTime} it asks from
     * (rows changed on or after it), the {@code nextPage} of the run under way (1 when none is), the {@code pageSize}
     * that run's pages are numbered in, and the {@code newest} updt_time stored in that run (null before its first
     * row). Written with each page, in the page's transaction, so a run that stops continues where it stopped.
     */
    public record Download(String infno, String updtTime, long nextPage, int pageSize, String newest) {
    }

    /** The cursor of {@code infno}; empty before its first page. */
    public Optional<Download> download(String infno) {
        return db.read("read the catalogue download", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT updt_time, next_page, page_size, newest"
                    + " FROM catalog_download WHERE infno = ?")) {
                ps.setString(1, infno);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Download(infno, rs.getString(1), rs.getLong(2), rs.getInt(3),
                            rs.getString(4))) : Optional.empty();
                }
            }
        });
    }

    /** An item as 1312 delivers it (its cap and ratio come from 1318 and 1319). */
    public record Item(String code, String name, ItemClass itemClass, String updatedAt) {
    }

    /** A price cap as 1318 delivered it: {@code cap} exact; {@code valid} false for vali_flag 0. */
    public record PriceCap(String rid, String code, String lmtpricType, String overlmtDspoWay, String insuAdmdvs,
            String begndate, String enddate, BigDecimal cap, Money capFen, boolean valid, String updtTime) {
    }

    /** A self-pay ratio as 1319 delivered it, in basis points. */
    public record SelfpayRatio(String rid, String code, String psnType, String propType, String insuAdmdvs,
            String begndate, String enddate, int ratioBp, boolean valid, String updtTime) {
    }

    /**
     * Which caps and ratios make an item's own: those of the station's insured area ({@code insuredArea}, 6 digits)
     * in force on {@code day}.
     */
    public record Scope(String insuredArea, java.time.LocalDate day) {
    }

    /**
     * Stores a page of 1312 items as catalog {@code version} and moves the 1312 cursor to {@code next}, in one
     * transaction. An item keeps its combined cap and ratio; a new one gets them from the caps and ratios stored.
     */
    public void applyItems(long version, Download next, List<Item> items, Scope scope) {
        db.write("store 1312 items", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO national_item (code, name, name_initials,"
                    + " item_class, price_cap_fen, selfpay_ratio, quantity_limit, updated_at, catalog_version)"
                    + " VALUES (?,?,?,?,NULL,?,NULL,?,?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                    + " name_initials = excluded.name_initials, item_class = excluded.item_class,"
                    + " updated_at = excluded.updated_at, catalog_version = excluded.catalog_version")) {
                for (Item i : items) {
                    ps.setString(1, i.code());
                    ps.setString(2, i.name());
                    ps.setString(3, PinyinInitials.of(i.name()));
                    ps.setString(4, i.itemClass().code());
                    ps.setString(5, i.itemClass() == ItemClass.C ? "1.00" : "0.00");
                    ps.setString(6, i.updatedAt());
                    ps.setLong(7, version);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            combine(c, items.stream().map(Item::code).toList(), scope);
            try (PreparedStatement ps = c.prepareStatement("UPDATE catalog_state SET version = ?, updated_through = ?,"
                    + " synced_at = ? WHERE id = 1")) {
                ps.setLong(1, version);
                ps.setString(2, next.nextPage() == 1 ? next.updtTime() : status(c).updatedThrough());
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
            }
            putDownload(c, next);
            return null;
        });
    }

    /** Stores a page of 1318 caps (by rid, as received) and moves the 1318 cursor to {@code next}, in one transaction. */
    public void applyPriceCaps(Download next, List<PriceCap> caps, Scope scope) {
        db.write("store 1318 price caps", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO price_cap (rid, hilist_code,"
                    + " lmtpric_type, overlmt_dspo_way, insu_admdvs, begndate, enddate, cap, cap_fen, valid, updt_time)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                for (PriceCap p : caps) {
                    ps.setString(1, p.rid());
                    ps.setString(2, p.code());
                    ps.setString(3, p.lmtpricType());
                    ps.setString(4, p.overlmtDspoWay());
                    ps.setString(5, p.insuAdmdvs());
                    ps.setString(6, p.begndate());
                    ps.setString(7, p.enddate());
                    ps.setString(8, p.cap().toPlainString());
                    ps.setLong(9, p.capFen().fen());
                    ps.setInt(10, p.valid() ? 1 : 0);
                    ps.setString(11, p.updtTime());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            combine(c, caps.stream().map(PriceCap::code).distinct().toList(), scope);
            putDownload(c, next);
            return null;
        });
    }

    /** Stores a page of 1319 ratios (by rid) and moves the 1319 cursor to {@code next}, in one transaction. */
    public void applySelfpayRatios(Download next, List<SelfpayRatio> ratios, Scope scope) {
        db.write("store 1319 self-pay ratios", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO selfpay_ratio (rid, hilist_code,"
                    + " psn_type, prop_type, insu_admdvs, begndate, enddate, ratio, ratio_bp, valid, updt_time)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                for (SelfpayRatio r : ratios) {
                    ps.setString(1, r.rid());
                    ps.setString(2, r.code());
                    ps.setString(3, r.psnType());
                    ps.setString(4, r.propType());
                    ps.setString(5, r.insuAdmdvs());
                    ps.setString(6, r.begndate());
                    ps.setString(7, r.enddate());
                    ps.setString(8, ratioText(r.ratioBp()));
                    ps.setInt(9, r.ratioBp());
                    ps.setInt(10, r.valid() ? 1 : 0);
                    ps.setString(11, r.updtTime());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            combine(c, ratios.stream().map(SelfpayRatio::code).distinct().toList(), scope);
            putDownload(c, next);
            return null;
        });
    }

    /** Combines every item's cap and ratio again for {@code scope} (a cap whose enddate has passed ends today). */
    public void recombine(Scope scope) {
        db.write("combine the catalogue", c -> {
            combine(c, null, scope);
            return null;
        });
    }

    /**
     * Sets the cap and ratio of the items {@code codes} (all when null) from the stored caps and ratios of
     * {@code scope}: a row applies when it is valid, in force on the day (begndate on or before, enddate absent or on
     * or after) and of the insured area, else of its city ({@code 4401xx → 440100}), else of its province
     * ({@code 440000}); the most specific area present wins. Among that area's key pairs the cap is the lowest (the one
     * that binds) and the ratio the highest (the most a person pays first); the person's own comes with 2204. With
     * none, an item has no cap and the ratio of its class (0.00, 1.00 for 03).
     */
    private static void combine(Connection c, List<String> codes, Scope scope) throws SQLException {
        if (codes != null && codes.isEmpty()) {
            return;
        }
        String area = scope.insuredArea();
        String[] areas = {area, area.substring(0, 4) + "00", area.substring(0, 2) + "0000"};
        String applies = " WHERE x.hilist_code = national_item.code AND x.valid = 1 AND x.begndate <= ?"
                + " AND (x.enddate IS NULL OR x.enddate >= ?) AND x.insu_admdvs IN (?, ?, ?)"
                + " ORDER BY CASE x.insu_admdvs WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END, ";
        String which = codes == null ? "" : " WHERE code IN (" + String.join(",", java.util.Collections.nCopies(
                codes.size(), "?")) + ")";
        String[] sql = {"UPDATE national_item SET price_cap_fen = (SELECT x.cap_fen FROM price_cap x" + applies
                + "x.cap_fen LIMIT 1)" + which,
            "UPDATE national_item SET selfpay_ratio = COALESCE((SELECT x.ratio FROM selfpay_ratio x" + applies
                + "x.ratio_bp DESC LIMIT 1), CASE item_class WHEN '03' THEN '1.00' ELSE '0.00' END)" + which};
        String day = scope.day().toString();
        for (String statement : sql) {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                int i = 1;
                for (String v : new String[] {day, day, areas[0], areas[1], areas[2], areas[0], areas[1]}) {
                    ps.setString(i++, v);
                }
                if (codes != null) {
                    for (String code : codes) {
                        ps.setString(i++, code);
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    /** A ratio in basis points as the catalog holds it: at least two decimals (0.10, 0.125, 1.00). */
    static String ratioText(int basisPoints) {
        BigDecimal exact = BigDecimal.valueOf(basisPoints, 4).stripTrailingZeros();
        return (exact.scale() < 2 ? exact.setScale(2) : exact).toPlainString();
    }

    private static void putDownload(Connection c, Download d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO catalog_download (infno, updt_time,"
                + " next_page, page_size, newest) VALUES (?,?,?,?,?)")) {
            ps.setString(1, d.infno());
            ps.setString(2, d.updtTime());
            ps.setLong(3, d.nextPage());
            ps.setInt(4, d.pageSize());
            ps.setString(5, d.newest());
            ps.executeUpdate();
        }
    }

    /** Adds or changes one of the station's items (its match and barcodes are replaced by the given ones). */
    public void putLocalItem(String operator, LocalItem item) {
        db.write("save item " + item.localCode(), c -> {
            put(c, operator, item);
            return null;
        });
    }

    /**
     * Adds or changes many of the station's items in one transaction, as {@link #putLocalItem} each (each audited):
     * all or none, so a national code the station does not know leaves every item as it was.
     */
    public void putLocalItems(String operator, List<LocalItem> items) {
        applyLocalChanges(operator, items, List.of());
    }

    /**
     * Adds or changes {@code items} (offered again if they were withdrawn) and withdraws the items {@code withdrawn}
     * names, in one transaction, each audited ({@code catalog.local.put}, {@code catalog.local.withdraw}). A withdrawn
     * item is kept with its name, price and barcodes (visits settled with it read as before) but not offered: searches
     * leave it out and {@link #isWithdrawn} says so, for the counter to refuse it. A code the station does not have is
     * skipped; one already withdrawn keeps its first withdrawal's time.
     */
    public void applyLocalChanges(String operator, List<LocalItem> items, List<String> withdrawn) {
        db.write("save " + items.size() + " items, withdraw " + withdrawn.size(), c -> {
            for (LocalItem item : items) {
                put(c, operator, item);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE local_item SET withdrawn_at = ?"
                    + " WHERE local_code = ? AND withdrawn_at IS NULL")) {
                for (String code : withdrawn) {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, code);
                    if (ps.executeUpdate() == 1) {
                        audit.append(c, operator, "catalog.local.withdraw", code, "");
                    }
                }
            }
            return null;
        });
    }

    /** True when the hospital withdrew the item (it is kept, but must not be charged). */
    public boolean isWithdrawn(String localCode) {
        return db.read("read the catalog", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM local_item WHERE local_code = ?"
                    + " AND withdrawn_at IS NOT NULL")) {
                ps.setString(1, localCode);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void put(Connection c, String operator, LocalItem item) throws SQLException {
        requireNational(c, item.nationalCode());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO local_item (local_code, name, name_initials, price_fen, national_code)"
                + " VALUES (?,?,?,?,?) ON CONFLICT (local_code) DO UPDATE SET name = excluded.name, name_initials = excluded.name_initials,"
                + " price_fen = excluded.price_fen, national_code = excluded.national_code, withdrawn_at = NULL")) {
            ps.setString(1, item.localCode());
            ps.setString(2, item.name());
            ps.setString(3, PinyinInitials.of(item.name()));
            ps.setLong(4, item.price().fen());
            ps.setString(5, item.nationalCode());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM local_barcode WHERE local_code = ?")) {
            ps.setString(1, item.localCode());
            ps.executeUpdate();
        }
        for (String barcode : item.barcodes()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO local_barcode (barcode, local_code) VALUES (?,?)"
                    + " ON CONFLICT (barcode) DO UPDATE SET local_code = excluded.local_code")) {
                ps.setString(1, barcode);
                ps.setString(2, item.localCode());
                ps.executeUpdate();
            }
        }
        audit.append(c, operator, "catalog.local.put", item.localCode(), "national=" + item.nationalCode()
                + " price_fen=" + item.price().fen() + " barcodes=" + item.barcodes().size());
    }

    /** Matches a local item to a national one (null clears the match). */
    public void match(String operator, String localCode, String nationalCode) {
        db.write("match item " + localCode, c -> {
            requireNational(c, nationalCode);
            try (PreparedStatement ps = c.prepareStatement("UPDATE local_item SET national_code = ? WHERE local_code = ?")) {
                ps.setString(1, nationalCode);
                ps.setString(2, localCode);
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("the station has no item with code " + localCode);
                }
            }
            audit.append(c, operator, "catalog.match", localCode, "national=" + nationalCode);
            return null;
        });
    }

    public Optional<NationalItem> national(String code) {
        return db.read("read the catalog", c -> {
            try (PreparedStatement ps = c.prepareStatement(NATIONAL_SELECT + " WHERE code = ?")) {
                ps.setString(1, code);
                List<NationalItem> found = nationals(ps);
                return found.stream().findFirst();
            }
        });
    }

    public Optional<LocalItem> local(String localCode) {
        return db.read("read the catalog", c -> localWhere(c, "local_code = ?", 1, localCode).stream().findFirst());
    }

    public Optional<LocalItem> byBarcode(String barcode) {
        return db.read("look up a barcode", c -> localWhere(c,
                "local_code = (SELECT local_code FROM local_barcode WHERE barcode = ?)", 1, barcode).stream().findFirst());
    }

    /**
     * The station's offered items not matched to the national catalog (they cannot be settled through the insurance).
     */
    public List<LocalItem> unmatched() {
        return db.read("list unmatched items", c -> localWhere(c, "national_code IS NULL AND withdrawn_at IS NULL",
                Integer.MAX_VALUE));
    }

    /**
     * Offered local items whose pinyin initials start with {@code query} when it is letters/digits (AMXL → 阿莫西林),
     * otherwise whose name contains it.
     */
    public List<LocalItem> searchLocal(String query, int limit) {
        String q = PinyinInitials.normalizeQuery(query);
        return db.read("search the catalog", c -> PinyinInitials.isInitialsQuery(q)
                ? localWhere(c, "withdrawn_at IS NULL AND name_initials LIKE ?", limit, escapeLike(q) + "%")
                : localWhere(c, "withdrawn_at IS NULL AND name LIKE ?", limit, "%" + escapeLike(query.trim()) + "%"));
    }

    /** As {@link #searchLocal} over the national catalog. */
    public List<NationalItem> searchNational(String query, int limit) {
        String q = PinyinInitials.normalizeQuery(query);
        boolean initials = PinyinInitials.isInitialsQuery(q);
        return db.read("search the catalog", c -> {
            try (PreparedStatement ps = c.prepareStatement(NATIONAL_SELECT + (initials ? " WHERE name_initials LIKE ? ESCAPE '\\'"
                    : " WHERE name LIKE ? ESCAPE '\\'") + " ORDER BY code LIMIT ?")) {
                ps.setString(1, initials ? escapeLike(q) + "%" : "%" + escapeLike(query.trim()) + "%");
                ps.setInt(2, limit);
                return nationals(ps);
            }
        });
    }

    public Status status() {
        return db.read("read the catalog status", Catalog::status);
    }

    private static Status status(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, updated_through, (SELECT COUNT(*) FROM national_item),"
                + " (SELECT COUNT(*) FROM local_item), (SELECT COUNT(*) FROM local_item WHERE national_code IS NULL"
                + " AND withdrawn_at IS NULL)"
                + " FROM catalog_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Status(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    private static final String NATIONAL_SELECT = "SELECT code, name, item_class, price_cap_fen, selfpay_ratio, quantity_limit,"
            + " updated_at FROM national_item";

    private static List<NationalItem> nationals(PreparedStatement ps) throws SQLException {
        List<NationalItem> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object cap = rs.getObject(4);
                Money priceCap = cap == null ? null : Money.ofFen(((Number) cap).longValue());
                Object limit = rs.getObject(6);
                Integer quantityLimit = limit == null ? null : ((Number) limit).intValue();
                out.add(new NationalItem(rs.getString(1), rs.getString(2), ItemClass.fromCode(rs.getString(3)), priceCap,
                        new BigDecimal(rs.getString(5)), quantityLimit, rs.getString(7)));
            }
        }
        return out;
    }

    private static List<LocalItem> localWhere(Connection c, String where, int limit, String... params) throws SQLException {
        List<LocalItem> out = new ArrayList<>();
        String sql = "SELECT local_code, name, price_fen, national_code FROM local_item WHERE " + where
                + (where.contains("LIKE") ? " ESCAPE '\\'" : "") + " ORDER BY local_code LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LocalItem(rs.getString(1), rs.getString(2), Money.ofFen(rs.getLong(3)), rs.getString(4), List.of()));
                }
            }
        }
        List<LocalItem> withBarcodes = new ArrayList<>(out.size());
        for (LocalItem item : out) {
            withBarcodes.add(new LocalItem(item.localCode(), item.name(), item.price(), item.nationalCode(), barcodes(c, item.localCode())));
        }
        return withBarcodes;
    }

    private static List<String> barcodes(Connection c, String localCode) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT barcode FROM local_barcode WHERE local_code = ? ORDER BY barcode")) {
            ps.setString(1, localCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void requireNational(Connection c, String nationalCode) throws SQLException {
        if (nationalCode == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM national_item WHERE code = ?")) {
            ps.setString(1, nationalCode);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("national item " + nationalCode + " is not in the station's catalog;"
                            + " update the catalog from the central service first");
                }
            }
        }
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
