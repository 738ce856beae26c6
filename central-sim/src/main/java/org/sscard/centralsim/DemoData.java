package org.sscard.centralsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import org.sscard.protocol.CardAlgorithm;
import org.sscard.protocol.CardState;
import org.sscard.protocol.Fields;
import org.sscard.protocol.InsuStatus;
import org.sscard.protocol.InsuType;
import org.sscard.values.Money;

/**
 * Loads the persons and cards of a demo-card manifest (docs/demo-cards.md) into the registry. Cards
 * already present are left alone, so loading the same manifest on every start changes nothing.
 */
final class DemoData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoData() {
    }

    /** Returns how many cards were added. */
    static int load(Connection c, Path manifest, LocalDateTime now) throws SQLException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(manifest));
        } catch (IOException e) {
            throw new IllegalArgumentException("demo manifest " + manifest + ": cannot be read as JSON ("
                    + e.getMessage() + ")");
        }
        if (root == null || root.path("manifest_version").asInt() != 1 || !root.path("cards").isArray()) {
            throw new IllegalArgumentException("demo manifest " + manifest
                    + ": expected manifest_version 1 and a cards array (docs/demo-cards.md)");
        }
        int added = 0;
        int i = 0;
        for (JsonNode card : root.get("cards")) {
            String where = "demo manifest cards[" + i++ + "]";
            try {
                if (addCard(c, card, now)) {
                    added++;
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return added;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(name + " missing");
        }
        return v.textValue();
    }

    private static boolean addCard(Connection c, JsonNode card, LocalDateTime now) throws SQLException {
        String cardNo = text(card, "card_no");
        if (CardRegistry.byNo(c, cardNo).isPresent()) {
            return false;
        }
        JsonNode holder = card.path("holder");
        JsonNode insurance = card.path("insurance");
        String psnNo = text(holder, "psn_no");
        String cardSn = text(card, "card_sn").toUpperCase(Locale.ROOT);
        CardAlgorithm alg = switch (text(card, "algorithm")) {
            case "SM4" -> CardAlgorithm.SM4;
            case "3DES" -> CardAlgorithm.TDES;
            default -> throw new IllegalArgumentException("algorithm must be SM4 or 3DES");
        };
        CardState state = CardState.valueOf(text(card, "status"));
        InsuType insutype = InsuType.of(text(insurance, "insutype"));
        long balance = Money.parse(text(insurance, "balance")).fen();
        long deductible = Money.parse(text(insurance, "ytd_deductible_used")).fen();
        long pool = Money.parse(text(insurance, "ytd_pool_paid")).fen();
        String nowText = Fields.DATE_TIME.format(now);
        Jdbc.update(c, "INSERT INTO person(psn_no, certno, psn_name, gend, brdy, insutype, psn_type, insuplc_admdvs, "
                + "psn_insu_stas, balance_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(psn_no) DO NOTHING",
                psnNo, text(holder, "certno"), text(holder, "name"), text(holder, "gend"), text(holder, "brdy"),
                insutype.code(), text(insurance, "psn_type"), text(insurance, "insuplc_admdvs"), InsuStatus.NORMAL.code(),
                balance);
        Jdbc.update(c, "INSERT INTO person_year(psn_no, year, deductible_fen, pool_paid_fen) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT(psn_no, year) DO NOTHING", psnNo, now.getYear(), deductible, pool);
        Jdbc.update(c, "INSERT INTO card(card_no, card_sn, psn_no, card_alg, issue_date, expy_date, spec_ver, card_stas, "
                + "stas_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cardNo, cardSn, psnNo, alg.code(),
                text(card, "issue_date"), text(card, "expiry_date"), "3.00", state.code(), nowText);
        if (CardRegistry.blacklisted(state)) {
            CardRegistry.addBlacklistVersion(c, cardSn, cardNo, state, nowText);
        }
        return true;
    }
}
