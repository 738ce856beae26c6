package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.store.Blacklist;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.CardRetainedException;
import org.sscard.terminal.card.PresentedCard;

/** A card listed as suspended is refused at the counter but not blocked: once resumed it works again. */
class SuspendedCardPresentationTest {
    @TempDir
    Path dir;
    CounterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aSuspendedCardIsRefusedWithoutBlockingIt() {
        DemoCard demo = f.insert(2);
        Blacklist.Entry suspended = new Blacklist.Entry(demo.identification().hex().toUpperCase(Locale.ROOT),
                demo.cardNumber().value(), "suspended");
        f.store.blacklist().replaceAll(1, List.of(suspended));
        f.login("cashier");
        CardPresentationException e = assertThrows(CardPresentationException.class,
                () -> f.presentation.present(demo.pin().toCharArray()));
        assertFalse(e instanceof CardRetainedException, "the holder keeps a suspended card");
        assertTrue(e.getMessage().contains("suspended") && e.getMessage().contains("resumes"), e.getMessage());

        f.store.blacklist().applyDelta(1, 2, List.of(), List.of(suspended.cardId()));
        try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
            assertEquals(demo.cardNumber().value(), card.data().issuer().cardNumber().value(),
                    "not blocked: usable again once taken off the list");
        }
    }
}
