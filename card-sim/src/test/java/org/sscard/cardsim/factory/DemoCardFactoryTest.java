package org.sscard.cardsim.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.session.CardRecords;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.values.CardNumber;
import org.sscard.values.MoneyFormat;

class DemoCardFactoryTest {
    private static final Charset GBK = Charset.forName("GBK");

    @Test
    void citizenIdCheckCharacterFollowsGb11643() {
        assertTrue(CitizenIds.isValid("11010519491231002X"));
        assertFalse(CitizenIds.isValid("110105194912310021"), "wrong check character");
        assertFalse(CitizenIds.isValid("110105194902300024"), "30 February");
        assertEquals("11010519491231002X", CitizenIds.of("110105", LocalDate.of(1949, 12, 31), 2, "2"));
        assertThrows(IllegalArgumentException.class, () -> CitizenIds.of("110105", LocalDate.of(1949, 12, 31), 2, "1"),
                "an even order number is a woman's");
    }

    @Test
    void theSameSeedGivesTheSameCardsAndAnotherSeedOthers() {
        String one = Manifest.toJson(DemoCardGenerator.generate("seed A", 8));
        assertEquals(one, Manifest.toJson(DemoCardGenerator.generate("seed A", 8)));
        assertNotEquals(one, Manifest.toJson(DemoCardGenerator.generate("seed B", 8)));
    }

    @Test
    void holdersAndCardsAreRealisticAndConsistent() {
        DemoCardSet set = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
        Set<String> districts = Arrays.stream(DemoCardGenerator.DISTRICTS).map(d -> d[0]).collect(Collectors.toSet());
        assertEquals("123456", set.card(1).pin());
        assertEquals(BlockAlgorithm.SM4, set.card(1).algorithm());
        assertEquals(DemoCard.Status.ACTIVE, set.card(1).status());
        for (DemoCard card : set.cards()) {
            DemoCard.Holder h = card.holder();
            assertTrue(CitizenIds.isValid(h.certificateNumber()), card + " certno");
            assertEquals(h.birthDate().toString().replace("-", ""), h.certificateNumber().substring(6, 14));
            assertTrue(districts.contains(h.certificateNumber().substring(0, 6)));
            assertEquals(card.region(), h.birthplace());
            int order = h.certificateNumber().charAt(16) - '0';
            assertEquals("1".equals(h.sex()), order % 2 == 1, "the order digit's parity is the sex");
            assertEquals(card.cardNumber(), CardNumber.of(card.cardNumber().value()), "check character");
            assertTrue(h.name().getBytes(GBK).length <= CardRecords.NAME_BYTES + CardRecords.NAME_EXTENSION_BYTES);
            assertEquals(h.name(), new String(h.name().getBytes(GBK), GBK), "the name is GBK");
            assertEquals(card.issueDate().plusYears(10), card.expiryDate());
            assertTrue(Set.of("310", "390").contains(card.insurance().insuranceType()));
            card.cardData();
        }
        assertEquals(Set.of(BlockAlgorithm.SM4, BlockAlgorithm.TDES),
                set.cards().stream().map(DemoCard::algorithm).collect(Collectors.toSet()));
        assertEquals(Set.of("310", "390"), set.cards().stream().map(c -> c.insurance().insuranceType()).collect(Collectors.toSet()));
        assertEquals(1, set.cards().stream().filter(c -> c.status() == DemoCard.Status.LOST).count());
        assertEquals(1, set.cards().stream().filter(c -> c.status() == DemoCard.Status.CANCELLED).count());
        assertTrue(set.cards().stream().filter(c -> c.holder().name().getBytes(GBK).length > CardRecords.NAME_BYTES).count() >= 2,
                "some names need the extension tag 4E");
        assertEquals(2, set.blankCards().size());
        assertThrows(IllegalArgumentException.class, () -> set.card(9));
    }

    @Test
    void manifestIsWrittenAsDocumentedAndLoadsBack(@TempDir Path dir) throws Exception {
        DemoCardSet set = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
        Path file = Manifest.write(set, dir);
        assertEquals("demo-cards.json", file.getFileName().toString());
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(1, root.get("manifest_version").asInt());
        assertEquals(DemoCardGenerator.DEFAULT_SEED, root.get("seed").asText());
        assertTrue(root.get("test_keys").asBoolean());
        JsonNode first = root.get("cards").get(0);
        assertEquals(Set.of("card_no", "card_sn", "algorithm", "region", "issue_date", "expiry_date", "status", "pin",
                "holder", "insurance"), fields(first));
        assertEquals(Set.of("psn_no", "certno", "name", "gend", "brdy", "nation", "birthplace"), fields(first.get("holder")));
        assertEquals(Set.of("insutype", "psn_type", "insuplc_admdvs", "balance", "ytd_deductible_used", "ytd_pool_paid"),
                fields(first.get("insurance")));
        DemoCard card = set.card(1);
        assertEquals(card.cardNumber().value(), first.get("card_no").asText());
        assertTrue(first.get("card_sn").asText().matches("440106D156000005[0-9A-F]{16}"));
        assertEquals("SM4", first.get("algorithm").asText());
        assertTrue(first.get("insurance").get("balance").isTextual(), "amounts are strings");
        assertTrue(first.get("insurance").get("balance").asText().matches("[0-9]+\\.[0-9]{2}"));
        assertEquals(MoneyFormat.decimal(card.insurance().balanceFen()), first.get("insurance").get("balance").asText());
        assertEquals("440100", first.get("insurance").get("insuplc_admdvs").asText());
        assertEquals(Set.of("card_sn", "algorithm", "region"), fields(root.get("blank_cards").get(0)));
        assertEquals("3DES", root.get("blank_cards").get(1).get("algorithm").asText());

        assertEquals(Manifest.toJson(set), Manifest.toJson(Manifest.load(file)));
        Files.writeString(file, Files.readString(file).replace(first.get("card_no").asText(), "A00000006"));
        IllegalArgumentException edited = assertThrows(IllegalArgumentException.class, () -> Manifest.load(file));
        assertTrue(edited.getMessage().contains("differs"), edited.getMessage());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
