package org.sscard.terminal.ui.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo cards of a {@code demo-cards.json} manifest (docs/demo-cards.md), as far as the demo needs them: the
 * number to insert (1-based), card number, holder name, status, and the PIN (demo data: the manifest carries it).
 */
public record DemoCards(List<Card> cards) {
    public record Card(int number, String cardNumber, String holderName, String status, String pin) {
        /** The PIN is demo data but is kept out of logs and text all the same. */
        @Override
        public String toString() {
            return "card " + number + " (" + cardNumber + ", " + status + ")";
        }
    }

    public static DemoCards load(Path manifest) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the demo-card manifest " + manifest + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode list = root.path("cards");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("the demo-card manifest " + manifest + " lists no cards; write it again "
                    + "with scripts/card-factory");
        }
        List<Card> cards = new ArrayList<>();
        int n = 1;
        for (JsonNode c : list) {
            cards.add(new Card(n++, c.path("card_no").asText(), c.path("holder").path("name").asText(),
                    c.path("status").asText(), c.path("pin").asText()));
        }
        return new DemoCards(List.copyOf(cards));
    }

    public Card card(int number) {
        if (number < 1 || number > cards.size()) {
            throw new IllegalArgumentException("there is no demo card " + number + " (1.." + cards.size() + ")");
        }
        return cards.get(number - 1);
    }
}
