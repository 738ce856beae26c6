package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.terminal.ui.demo.DemoAutoplay;
import org.sscard.terminal.ui.demo.DemoCards;
import org.sscard.terminal.ui.demo.DemoReader;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The demo mode's pieces: the manifest as the demo reads it, the simulated reader driven through a process's
 * standard input, and the autoplay settling a visit on the cashier window by itself (in-process central-sim, demo
 * card 1 put into jCardSim's reader and its status pushed as the reader watcher would; the "reader" process is a
 * stand-in speaking virtual-card's protocol) — or stopping at once, with the reason, when the visit cannot settle.
 */
@ExtendWith(ApplicationExtension.class)
class DemoModeTest {
    private static final String READER = "jCardSim reader";

    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    DemoReader reader;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (reader != null) {
            reader.close();
        }
        if (ui != null) {
            ui.close();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void theManifestGivesNumberHolderStatusAndPinOfEachCard() {
        Path manifest = Manifest.write(DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 3), dir);
        DemoCards cards = DemoCards.load(manifest);
        assertEquals(3, cards.cards().size());
        DemoCards.Card first = cards.card(1);
        assertEquals(1, first.number());
        assertEquals("123456", first.pin());
        assertFalse(first.holderName().isEmpty());
        assertFalse(first.toString().contains(first.pin()), "the PIN stays out of text");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> cards.card(4));
        assertTrue(none.getMessage().contains("1..3"), none.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> DemoCards.load(dir.resolve("missing.json")));
    }

    /**
     * A stand-in for scripts/virtual-card: says ready with its arguments, echoes each command, answers
     * {@code insert N} with {@code answer} (a shell command; {@code $n} is the card number) and {@code remove} as
     * virtual-card does, ends on quit or at the end of its input.
     */
    private Path standInReader(String answer) throws Exception {
        Path script = dir.resolve("reader.sh");
        Files.writeString(script, "#!/bin/sh\necho \"ready $*\"\nwhile read cmd n; do echo \"got $cmd${n:+ $n}\"; "
                + "case $cmd in insert) " + answer + ";; remove) echo \"removed card\";; quit) exit 0;; esac; done\n",
                StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private Path virtualCardStandIn() throws Exception {
        return standInReader("echo \"inserted card $n (stand-in)\"");
    }

    @Test
    void theSimulatedReaderTakesInsertAndRemoveOnItsStandardInputAndEndsOnClose() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        reader = DemoReader.start(virtualCardStandIn().toString(), dir.resolve("demo-cards.json"), lines::add);
        reader.insert(2);
        waitUntil(() -> reader.holds(2), "card 2 held: " + lines);
        assertFalse(reader.holds(1));
        reader.remove();
        waitUntil(() -> lines.contains("removed card"), "the commands: " + lines);
        assertFalse(reader.holds(2), "taken out");
        assertEquals(List.of("ready --manifest " + dir.resolve("demo-cards.json") + " --quit-at-end-of-input",
                "got insert 2", "inserted card 2 (stand-in)", "got remove", "removed card"), lines);
        reader.close();
        waitUntil(() -> lines.contains("got quit"), "quit on close: " + lines);
        IllegalStateException ended = assertThrows(IllegalStateException.class, () -> reader.insert(1));
        assertTrue(ended.getMessage().contains("has ended"), ended.getMessage());
    }

    /** The cashier window with cashier logged in; the counter's reader is empty and its status says so. */
    private void emptyReaderAndCashierLoggedIn() throws Exception {
        station.simulatedCard.simulator().assignToTerminal(null);
        cashierLoggedIn(ReaderStatus.State.NO_CARD);
    }

    /** The window shown, the reader's state at the start heard, then cashier logged in. */
    private void cashierLoggedIn(ReaderStatus.State readerAtStart) throws Exception {
        ui = station.showWindow();
        station.readers.push(ReaderStatus.of(readerAtStart, READER));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
    }

    private DemoCards.Card demoCard() {
        return new DemoCards.Card(1, station.card.cardNumber().value(), station.card.holder().name(), "ACTIVE",
                station.card.pin());
    }

    private DemoAutoplay.Outcome play(Path screenshot) throws Exception {
        CompletableFuture<DemoAutoplay.Outcome> outcome = new CompletableFuture<>();
        FxToolkit.setupFixture(() -> new DemoAutoplay(ui, reader, demoCard(),
                List.of(station.item(0).localCode(), station.item(1).localCode()), screenshot, outcome::complete).start());
        return outcome.get(120, TimeUnit.SECONDS);
    }

    /** What pcscd does a poll after vpcd took the card: the card is in the reader and the watcher reports it. */
    private void cardArrives() {
        station.simulatedCard.simulator().assignToTerminal(station.counterReaders.getTerminal(READER));
        try {
            station.readers.push(ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, READER));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The card reaches the station's reader a second after the simulated reader was told to insert it (pcscd polls
     * vpcd, then the watcher hears of it): the autoplay waits for it instead of pressing F2 on an empty reader,
     * whose PIN dialog would end in "no card in the reader" with the card arriving unread.
     */
    @Test
    void theAutoplayWaitsForTheCardInTheReaderAndSettlesOneVisitByItself() throws Exception {
        station = new OnlineStation(dir);
        emptyReaderAndCashierLoggedIn();
        List<String> lines = new CopyOnWriteArrayList<>();
        reader = DemoReader.start(virtualCardStandIn().toString(), dir.resolve("demo-cards.json"), line -> {
            lines.add(line);
            if (line.startsWith("inserted card 1 ")) {
                CompletableFuture.runAsync(this::cardArrives, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            }
        });
        Path shot = dir.resolve("settled.png");

        DemoAutoplay.Outcome outcome = play(shot);
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        assertTrue(outcome.settled(), outcome.line());
        String setlId = cashier.model().breakdown().setlIdProperty().get();
        assertFalse(setlId.isEmpty(), "settled: " + cashier.model().messageProperty().get());
        assertTrue(outcome.line().contains(setlId), outcome.line());
        assertEquals(1, station.printed.size(), "one receipt");
        assertEquals(setlId, station.printed.get(0).setlId());
        assertTrue(lines.contains("got insert 1"), "card 1 inserted: " + lines);
        assertTrue(Files.size(shot) > 0, "the window saved");
    }

    /** Demo card 1 of an earlier run still in the reader when the station starts (a virtual card left running). */
    @Test
    void aCardAlreadyInTheReaderStopsTheAutoplayBeforeItInsertsOne() throws Exception {
        station = new OnlineStation(dir);
        cashierLoggedIn(ReaderStatus.State.CARD_PRESENT);
        List<String> lines = new CopyOnWriteArrayList<>();
        reader = DemoReader.start(virtualCardStandIn().toString(), dir.resolve("demo-cards.json"), lines::add);

        DemoAutoplay.Outcome outcome = play(null);
        assertFalse(outcome.settled());
        assertTrue(outcome.line().contains("a card is already in the reader")
                && outcome.line().contains("earlier run"), outcome.line());
        assertFalse(lines.contains("got insert 1"), "nothing inserted: " + lines);
        assertTrue(station.printed.isEmpty());
    }

    @Test
    void aReaderThatDoesNotTakeTheCardStopsTheAutoplayWithItsReason() throws Exception {
        station = new OnlineStation(dir);
        emptyReaderAndCashierLoggedIn();
        reader = DemoReader.start(standInReader("echo \"error: the virtual reader did not take the card\"").toString(),
                dir.resolve("demo-cards.json"), line -> { });

        long start = System.nanoTime();
        DemoAutoplay.Outcome outcome = play(null);
        assertFalse(outcome.settled());
        assertTrue(outcome.line().contains("'card 1 in the reader' cannot happen")
                && outcome.line().contains("error: the virtual reader did not take the card"), outcome.line());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "stopped at once, not after the step limit");
    }

    /** The status says a card is in, the reader is empty: the read ends with "no card", and the autoplay says so. */
    @Test
    void aCardReadThatFailsStopsTheAutoplayWithTheScreensMessage() throws Exception {
        station = new OnlineStation(dir);
        emptyReaderAndCashierLoggedIn();
        reader = DemoReader.start(virtualCardStandIn().toString(), dir.resolve("demo-cards.json"), line -> {
            if (line.startsWith("inserted card 1 ")) {
                try {
                    station.readers.push(ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, READER));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        long start = System.nanoTime();
        DemoAutoplay.Outcome outcome = play(null);
        assertFalse(outcome.settled());
        assertTrue(outcome.line().contains("'holder shown' cannot happen")
                && outcome.line().contains("There is no card in the reader."), outcome.line());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "stopped at once, not after the step limit");
        assertTrue(station.printed.isEmpty());
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
