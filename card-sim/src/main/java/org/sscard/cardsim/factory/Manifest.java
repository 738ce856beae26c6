package org.sscard.cardsim.factory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.sscard.values.MoneyFormat;

/**
 * The demo-card manifest, {@code demo-cards.json}, exactly as docs/demo-cards.md defines it. Amounts are
 * yuan strings with two places ("1500.00"), never JSON numbers.
 */
public final class Manifest {
    public static final String FILE_NAME = "demo-cards.json";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private Manifest() {
    }

    /** The manifest's JSON text. */
    public static String toJson(DemoCardSet set) {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest_version", VERSION);
        root.put("seed", set.seed());
        root.put("test_keys", true);
        ArrayNode cards = root.putArray("cards");
        for (DemoCard card : set.cards()) {
            ObjectNode c = cards.addObject();
            c.put("card_no", card.cardNumber().value());
            c.put("card_sn", card.identification().hex().toUpperCase(Locale.ROOT));
            c.put("algorithm", card.algorithm().displayName());
            c.put("region", card.region());
            c.put("issue_date", card.issueDate().toString());
            c.put("expiry_date", card.expiryDate().toString());
            c.put("status", card.status().name());
            c.put("pin", card.pin());
            ObjectNode h = c.putObject("holder");
            DemoCard.Holder holder = card.holder();
            h.put("psn_no", holder.personNumber());
            h.put("certno", holder.certificateNumber());
            h.put("name", holder.name());
            h.put("gend", holder.sex());
            h.put("brdy", holder.birthDate().toString());
            h.put("nation", holder.ethnicity());
            h.put("birthplace", holder.birthplace());
            ObjectNode i = c.putObject("insurance");
            DemoCard.Insurance insurance = card.insurance();
            i.put("insutype", insurance.insuranceType());
            i.put("psn_type", insurance.personType());
            i.put("insuplc_admdvs", insurance.insuredRegion());
            i.put("balance", MoneyFormat.decimal(insurance.balanceFen()));
            i.put("ytd_deductible_used", MoneyFormat.decimal(insurance.yearToDateDeductibleFen()));
            i.put("ytd_pool_paid", MoneyFormat.decimal(insurance.yearToDatePoolPaidFen()));
        }
        ArrayNode blanks = root.putArray("blank_cards");
        for (BlankCard blank : set.blankCards()) {
            ObjectNode b = blanks.addObject();
            b.put("card_sn", blank.identification().hex().toUpperCase(Locale.ROOT));
            b.put("algorithm", blank.algorithm().displayName());
            b.put("region", blank.region());
        }
        try {
            return JSON.writer(LAYOUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the manifest could not be serialised", e);
        }
    }

    /** Writes {@code demo-cards.json} into {@code directory} (made if missing), replacing an older one whole. */
    public static Path write(DemoCardSet set, Path directory) {
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(FILE_NAME);
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
            Files.writeString(temporary, toJson(set), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the manifest into " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The seed and card count a manifest was made from: generating again from them gives the same cards,
     * so a manifest file can name the cards to insert.
     */
    public static DemoCardSet load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the manifest " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.path("manifest_version").asInt() != VERSION || !root.path("seed").isTextual()
                || !root.path("cards").isArray()) {
            throw new IllegalArgumentException("The file " + file + " is not a version " + VERSION
                    + " demo-card manifest (manifest_version, seed and cards are required).");
        }
        DemoCardSet set = DemoCardGenerator.generate(root.get("seed").asText(), root.get("cards").size());
        if (!root.equals(readBack(set))) {
            throw new IllegalArgumentException("The manifest " + file + " differs from the cards its seed makes; "
                    + "it was edited or made by another version. Make it again with scripts/card-factory.");
        }
        return set;
    }

    private static JsonNode readBack(DemoCardSet set) {
        try {
            return JSON.readTree(toJson(set));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
