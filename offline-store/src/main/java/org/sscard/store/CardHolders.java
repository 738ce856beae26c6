package org.sscard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sscard.crypto.CardIdentificationCode;

/**
 * Card holders seen at this station, kept for the identity check (人证卡相符) when the link is down. Name and
 * ID number are sealed per field with the DATA key (associated data: table, column, card id); the ID number
 * also has a keyed blind index for exact lookups. Reads are audited like every data query.
 */
public final class CardHolders {
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
            return "Holder[card " + cardNumber + ", ID " + Masks.idNumber(idNumber) + "]";
        }
    }

    public void put(String operator, Holder h) {
        byte[] name = cipher.sealText("card_holder", "name", h.cardId(), h.name());
        byte[] idNumber = cipher.sealText("card_holder", "id_number", h.cardId(), h.idNumber());
        byte[] index = cipher.index("id_number", h.idNumber().toUpperCase(Locale.ROOT));
        db.write("save card holder " + h.cardNumber(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO card_holder (card_id, card_number, name_sealed,"
                    + " id_number_sealed, id_number_index, sex, birth_date, updated_at) VALUES (?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (card_id) DO UPDATE SET card_number = excluded.card_number, name_sealed = excluded.name_sealed,"
                    + " id_number_sealed = excluded.id_number_sealed, id_number_index = excluded.id_number_index,"
                    + " sex = excluded.sex, birth_date = excluded.birth_date, updated_at = excluded.updated_at")) {
                ps.setString(1, h.cardId());
                ps.setString(2, h.cardNumber());
                ps.setBytes(3, name);
                ps.setBytes(4, idNumber);
                ps.setBytes(5, index);
                ps.setString(6, h.sex());
                ps.setString(7, h.birthDate());
                ps.setLong(8, clock.millis());
                ps.executeUpdate();
            }
            audit.append(c, operator, "holder.put", h.cardNumber(), "id=" + Masks.idNumber(h.idNumber()));
            return null;
        });
    }

    public Optional<Holder> byCard(String operator, CardIdentificationCode card) {
        String cardId = card.hex().toUpperCase(Locale.ROOT);
        audit.record(operator, "holder.query", cardId, "by card");
        return db.read("read a card holder", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE card_id = ?")) {
                ps.setString(1, cardId);
                return rows(ps).stream().findFirst();
            }
        });
    }

    /** Holders with exactly this ID number (through the blind index; the number itself is never in the database in clear). */
    public List<Holder> byIdNumber(String operator, String idNumber) {
        byte[] index = cipher.index("id_number", idNumber.toUpperCase(Locale.ROOT));
        audit.record(operator, "holder.query", Masks.idNumber(idNumber), "by ID number");
        return db.read("look up card holders", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id_number_index = ?")) {
                ps.setBytes(1, index);
                return rows(ps);
            }
        });
    }

    private static final String SELECT = "SELECT card_id, card_number, name_sealed, id_number_sealed, sex, birth_date FROM card_holder";

    private List<Holder> rows(PreparedStatement ps) throws SQLException {
        List<Holder> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String cardId = rs.getString(1);
                out.add(new Holder(cardId, rs.getString(2), cipher.openText("card_holder", "name", cardId, rs.getBytes(3)),
                        cipher.openText("card_holder", "id_number", cardId, rs.getBytes(4)), rs.getString(5), rs.getString(6)));
            }
        }
        return out;
    }
}
