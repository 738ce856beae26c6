package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.values.CitizenId;

/**
 * Card holders seen at this station, kept for the identity check (人证卡相符) when the link is down. Nothing that
 * identifies the person is in clear: card identification code, card number, name and ID number are sealed per field
 * with the DATA key, and the row is found through keyed blind indexes of the identification code (primary key), the
 * card number and the ID number. Reads are audited like every data query; audit entries name the card by its
 * {@link AuditLog#cardRef card reference}.
 */
public final class CardHolders {
    static final String TABLE = "card_holder";
    /** Where version 3's rows (card number and identification code in clear) wait for {@link #moveVersion3Rows}. */
    static final String VERSION_3_TABLE = "card_holder_v3";

    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Clock clock;

    CardHolders(Database db, FieldCipher cipher, AuditLog audit, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** A holder: card identification code (hex), card number, name, ID number, sex ('1'/'2'), birth date (yyyyMMdd). */
    public record Holder(String cardId, String cardNumber, String name, String idNumber, String sex, String birthDate) {
        public Holder {
            cardId = CardIdentificationCode.ofHex(cardId).hex().toUpperCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return "Holder[ID " + CitizenId.mask(idNumber) + "]";
        }
    }

    public void put(String operator, Holder h) {
        String ref = audit.cardRef(h.cardNumber());
        db.write("save a card holder (" + ref + ")", c -> {
            insert(c, h, clock.millis());
            audit.append(c, operator, "holder.put", ref, "id=" + CitizenId.mask(h.idNumber()));
            return null;
        });
    }

    public Optional<Holder> byCard(String operator, CardIdentificationCode card) {
        String cardId = card.hex().toUpperCase(Locale.ROOT);
        byte[] index = cardIndex(cardId);
        audit.record(operator, "holder.query", audit.cardRef(cardId), "by card");
        return db.read("read a card holder", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE card_index = ?")) {
                ps.setBytes(1, index);
                return rows(ps).stream().findFirst();
            }
        });
    }

    /** Holders with this card number (through its blind index; the number is never in the database in clear). */
    public List<Holder> byCardNumber(String operator, String cardNumber) {
        byte[] index = cardNumberIndex(cardNumber);
        audit.record(operator, "holder.query", audit.cardRef(cardNumber), "by card number");
        return db.read("look up card holders", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE card_number_index = ?")) {
                ps.setBytes(1, index);
                return rows(ps);
            }
        });
    }

    /** Holders with exactly this ID number (through the blind index; the number itself is never in the database in clear). */
    public List<Holder> byIdNumber(String operator, String idNumber) {
        byte[] index = cipher.index("id_number", idNumber.toUpperCase(Locale.ROOT));
        audit.record(operator, "holder.query", CitizenId.mask(idNumber), "by ID number");
        return db.read("look up card holders", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id_number_index = ?")) {
                ps.setBytes(1, index);
                return rows(ps);
            }
        });
    }

    /**
     * Moves the rows a version-3 file kept with the card number and identification code in clear into the
     * blind-indexed table (schema V4 renamed the old table to {@value #VERSION_3_TABLE}), then drops the old table,
     * all in the caller's write transaction. The sealed name and ID number keep their ciphertext (their associated
     * data names the identification code, as before). Returns the number of rows moved; 0 when there is nothing
     * left to move.
     */
    int moveVersion3Rows(Connection c) throws SQLException {
        if (!version3TablePresent(c)) {
            return 0;
        }
        int moved = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT card_id, card_number, name_sealed, id_number_sealed, id_number_index,"
                     + " sex, birth_date, updated_at FROM " + VERSION_3_TABLE);
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            while (rs.next()) {
                String cardId = CardIdentificationCode.ofHex(rs.getString(1)).hex().toUpperCase(Locale.ROOT);
                bind(insert, cardId, rs.getString(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5), rs.getString(6),
                        rs.getString(7), rs.getLong(8));
                insert.executeUpdate();
                moved++;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + VERSION_3_TABLE);
        }
        return moved;
    }

    /** True while schema V4 has been applied but version 3's rows have not been moved yet. */
    static boolean version3TablePresent(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, VERSION_3_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    private static final String INSERT = "INSERT INTO card_holder (card_index, card_number_index, card_id_sealed,"
            + " card_number_sealed, name_sealed, id_number_sealed, id_number_index, sex, birth_date, updated_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT (card_index) DO UPDATE SET card_number_index = excluded.card_number_index,"
            + " card_id_sealed = excluded.card_id_sealed, card_number_sealed = excluded.card_number_sealed,"
            + " name_sealed = excluded.name_sealed, id_number_sealed = excluded.id_number_sealed,"
            + " id_number_index = excluded.id_number_index, sex = excluded.sex, birth_date = excluded.birth_date,"
            + " updated_at = excluded.updated_at";

    private void insert(Connection c, Holder h, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, h.cardId(), h.cardNumber(), cipher.sealText(TABLE, "name", h.cardId(), h.name()),
                    cipher.sealText(TABLE, "id_number", h.cardId(), h.idNumber()),
                    cipher.index("id_number", h.idNumber().toUpperCase(Locale.ROOT)), h.sex(), h.birthDate(), now);
            ps.executeUpdate();
        }
    }

    private void bind(PreparedStatement ps, String cardId, String cardNumber, byte[] name, byte[] idNumber,
            byte[] idNumberIndex, String sex, String birthDate, long updatedAt) throws SQLException {
        byte[] cardIndex = cardIndex(cardId);
        String rowKey = HexFormat.of().formatHex(cardIndex);
        ps.setBytes(1, cardIndex);
        ps.setBytes(2, cardNumberIndex(cardNumber));
        ps.setBytes(3, cipher.sealText(TABLE, "card_id", rowKey, cardId));
        ps.setBytes(4, cipher.sealText(TABLE, "card_number", rowKey, cardNumber));
        ps.setBytes(5, name);
        ps.setBytes(6, idNumber);
        ps.setBytes(7, idNumberIndex);
        ps.setString(8, sex);
        ps.setString(9, birthDate);
        ps.setLong(10, updatedAt);
    }

    private byte[] cardIndex(String cardIdHex) {
        return cipher.index("holder-card", cardIdHex.toUpperCase(Locale.ROOT));
    }

    private byte[] cardNumberIndex(String cardNumber) {
        return cipher.index("holder-card-number", cardNumber.trim().toUpperCase(Locale.ROOT));
    }

    private static final String SELECT = "SELECT card_index, card_id_sealed, card_number_sealed, name_sealed,"
            + " id_number_sealed, sex, birth_date FROM card_holder";

    private List<Holder> rows(PreparedStatement ps) throws SQLException {
        List<Holder> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String rowKey = HexFormat.of().formatHex(rs.getBytes(1));
                String cardId = cipher.openText(TABLE, "card_id", rowKey, rs.getBytes(2));
                String cardNumber = cipher.openText(TABLE, "card_number", rowKey, rs.getBytes(3));
                out.add(new Holder(cardId, cardNumber, cipher.openText(TABLE, "name", cardId, rs.getBytes(4)),
                        cipher.openText(TABLE, "id_number", cardId, rs.getBytes(5)), rs.getString(6), rs.getString(7)));
            }
        }
        return out;
    }
}
