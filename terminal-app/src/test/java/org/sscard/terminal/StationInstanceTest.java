package org.sscard.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.BackupException;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.restore.BackupProblems;

/**
 * One station program per store: the second start asks the running one to show its window, a lock left by a killed
 * process does not stop a start, and a restore is refused while the station runs (and holds off its start).
 */
class StationInstanceTest {
    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("station.db");
    }

    @Test
    void aSecondStartAsksTheRunningStationToShowItsWindow() {
        StationInstance first = assertInstanceOf(StationInstance.Claimed.class,
                StationInstance.claim(store(), Duration.ZERO)).instance();
        try {
            AtomicInteger shown = new AtomicInteger();
            first.onShow(shown::incrementAndGet);
            StationInstance.Running second = assertInstanceOf(StationInstance.Running.class,
                    StationInstance.claim(store(), Duration.ZERO));
            assertTrue(second.shown());
            assertEquals(1, shown.get(), "the running station was asked once");
            assertTrue(second.holder().contains("pid " + ProcessHandle.current().pid()), second.holder());
        } finally {
            first.close();
        }
        assertFalse(Files.exists(StationInstance.socketFile(store())), "the socket goes with the station");
    }

    @Test
    void aShowAskedForWhileTheWindowIsNotReadyYetIsPassedOnWhenItIs() {
        StationInstance first = assertInstanceOf(StationInstance.Claimed.class,
                StationInstance.claim(store(), Duration.ZERO)).instance();
        try {
            assertTrue(assertInstanceOf(StationInstance.Running.class, StationInstance.claim(store(), Duration.ZERO))
                    .shown());
            AtomicInteger shown = new AtomicInteger();
            first.onShow(shown::incrementAndGet);
            assertEquals(1, shown.get());
        } finally {
            first.close();
        }
    }

    @Test
    void aStationOfAnotherProcessIsAskedAndTheLockOfAKilledOneIsFreeAgain() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StationInstanceHolder.class.getName(), store().toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("claimed", firstLine(out, "claimed"));
            StationInstance.Running running = assertInstanceOf(StationInstance.Running.class,
                    StationInstance.claim(store(), Duration.ofSeconds(5)));
            assertTrue(running.shown());
            assertTrue(running.holder().contains("pid " + holder.pid()), running.holder());
            assertEquals("shown", firstLine(out, "shown"), "the other process was asked to show its window");
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(StationInstance.lockFile(store())) && Files.exists(StationInstance.socketFile(store())),
                "a killed station leaves its files behind");
        try (StationInstance after = assertInstanceOf(StationInstance.Claimed.class,
                StationInstance.claim(store(), Duration.ZERO)).instance()) {
            assertTrue(StationInstance.holder(store()).contains("pid " + ProcessHandle.current().pid()));
            AtomicInteger shown = new AtomicInteger();
            after.onShow(shown::incrementAndGet);
            assertTrue(StationInstance.askToShow(StationInstance.socketFile(store())), "listening on a fresh socket");
            assertEquals(1, shown.get());
        }
    }

    @Test
    void aRestoreIsRefusedWhileTheStationRunsAndHoldsOffItsStart() {
        StationInstance running = assertInstanceOf(StationInstance.Claimed.class,
                StationInstance.claim(store(), Duration.ZERO)).instance();
        BackupException refused = assertThrows(BackupException.class,
                () -> StationInstance.lockFor(store(), "terminal restore"));
        assertTrue(refused.getMessage().contains("station program is running"), refused.getMessage());
        assertEquals(Reason.RESTORE_STATION_RUNNING, BackupProblems.of(refused).reason());
        running.close();
        StationInstance restoring = StationInstance.lockFor(store(), "terminal restore");
        try {
            StationInstance.Running start = assertInstanceOf(StationInstance.Running.class,
                    StationInstance.claim(store(), Duration.ofMillis(400)));
            assertFalse(start.shown(), "a restore has no window to show");
            assertTrue(start.holder().contains("terminal restore"), start.holder());
        } finally {
            restoring.close();
        }
    }

    /** Reads lines until {@code wanted} (the JVM may print warnings first); fails after 30 s. */
    private static String firstLine(BufferedReader out, String wanted) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < giveUp) {
            String line = out.readLine();
            if (line == null) {
                return "(the process ended)";
            }
            if (line.equals(wanted) || line.equals("running")) {
                return line;
            }
        }
        return "(nothing in time)";
    }
}
