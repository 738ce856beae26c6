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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The demo mode's pieces: the manifest as the demo reads it, the simulated reader driven through a process's
 * standard input, and the autoplay settling a visit on the cashier window by itself (in-process central-sim, demo
 * card 1 in jCardSim's reader; the "reader" process here only records the commands).
 */
@ExtendWith(ApplicationExtension.class)
class DemoModeTest {
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

    /** A stand-in for scripts/virtual-card: says ready, echoes each command, ends on quit. */
    private Path recordingReader() throws Exception {
        Path script = dir.resolve("reader.sh");
        Files.writeString(script, "#!/bin/sh\necho \"ready $*\"\nwhile read line; do echo \"got $line\"; "
                + "[ \"$line\" = quit ] && exit 0; done\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void theSimulatedReaderTakesInsertAndRemoveOnItsStandardInputAndEndsOnClose() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        reader = DemoReader.start(recordingReader().toString(), dir.resolve("demo-cards.json"), lines::add);
        reader.insert(2);
        reader.remove();
        waitUntil(() -> lines.contains("got remove"), "the commands: " + lines);
        assertEquals(List.of("ready --manifest " + dir.resolve("demo-cards.json"), "got insert 2", "got remove"), lines);
        reader.close();
        waitUntil(() -> lines.contains("got quit"), "quit on close: " + lines);
        IllegalStateException ended = assertThrows(IllegalStateException.class, () -> reader.insert(1));
        assertTrue(ended.getMessage().contains("has ended"), ended.getMessage());
    }

    @Test
    void theAutoplaySettlesOneVisitOnTheCashierWindowByItself() throws Exception {
        station = new OnlineStation(dir);
        ui = station.showWindow();
        WaitForAsyncUtils.waitForFxEvents();
        List<String> commands = new CopyOnWriteArrayList<>();
        reader = DemoReader.start(recordingReader().toString(), dir.resolve("demo-cards.json"), commands::add);
        DemoCards.Card card = new DemoCards.Card(1, station.card.cardNumber().value(), station.card.holder().name(),
                "ACTIVE", station.card.pin());
        Path shot = dir.resolve("settled.png");
        CountDownLatch done = new CountDownLatch(1);
        FxToolkit.setupFixture(() -> new DemoAutoplay(ui, reader, card,
                List.of(station.item(0).localCode(), station.item(1).localCode()), shot, done::countDown).start());
        assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());

        assertTrue(done.await(120, TimeUnit.SECONDS), "the autoplay did not end");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        String setlId = cashier.model().breakdown().setlIdProperty().get();
        assertFalse(setlId.isEmpty(), "settled: " + cashier.model().messageProperty().get());
        assertEquals(1, station.printed.size(), "one receipt");
        assertEquals(setlId, station.printed.get(0).setlId());
        assertTrue(commands.contains("got insert 1"), "card 1 inserted: " + commands);
        assertTrue(Files.size(shot) > 0, "the window saved");
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
