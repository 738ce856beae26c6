package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.store.Catalog;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.reader.ReaderWatcher;
import org.sscard.terminal.ui.screens.CounterViewModel;
import org.sscard.terminal.ui.workflow.CounterPrompts;
import org.sscard.terminal.ui.workflow.CounterWorkflows;
import org.sscard.terminal.ui.workflow.OnlineCounterActions;

/**
 * The UI's performance figures for docs/BENCHMARKS.md, run by scripts/bench-ui (never by the normal test run: the
 * class name is outside the test patterns). Each probe prints lines starting with {@code bench-ui}.
 * <ul>
 * <li>cold start to the log-in screen of an existing station, several JVMs, median, against a trivial JavaFX window
 * started the same way in the same run;</li>
 * <li>card present → holder shown on the cashier window's model, PIN supplied without the dialog, in process
 * (jCardSim reader) and through pcscd + vpcd ({@code -Dsscard.pcsc=true}, reader "Virtual PCD 00 01");</li>
 * <li>memory: RSS and heap after GC after 0, 100 and 1,000 visits through the cashier window's workflow layer
 * against an in-process central-sim ({@code -Dsscard.visits=1000}).</li>
 * </ul>
 */
class UiPerformanceProbe {
    private static final String PIN = "123456";

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyStarted) {
            up.countDown();
        }
        up.await();
        Platform.setImplicitExit(false);
    }

    @Test
    void coldStartToTheLogInScreen() throws Exception {
        int runs = Integer.getInteger("sscard.coldstart.runs", 5);
        Path stationFile = ColdStartProbe.setUp(dir);
        List<Long> station = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            baseline.add(Long.parseLong(launch("baseline")[2]));
            String[] run = launch("station", stationFile.toString());
            station.add(Long.parseLong(run[2]));
            parts.add(String.join(" ", Arrays.copyOfRange(run, 3, run.length)));
        }
        long s = median(station);
        long b = median(baseline);
        System.out.printf("bench-ui coldstart station runs=%d median=%d ms all=%s%n", runs, s, station);
        System.out.printf("bench-ui coldstart station parts (ms) %s%n", parts);
        System.out.printf("bench-ui coldstart baseline runs=%d median=%d ms all=%s%n", runs, b, baseline);
        System.out.printf(Locale.ROOT, "bench-ui coldstart ratio station/baseline=%.2f%n", (double) s / b);
    }

    /** The probe JVM's result line, split at spaces: coldstart MODE MILLIS PARTS... */
    private static String[] launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text", "java.awt.headless")) {
            String v = System.getProperty(p);
            if (v != null && !v.isEmpty()) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add(ColdStartProbe.class.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().put(StationWindow.PASSPHRASE_ENV, ColdStartProbe.PASSPHRASE);
        Process p = builder.start();
        String[] result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("coldstart " + args[0] + " ")) {
                    result = line.split(" ");
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not end");
        assertTrue(result != null, "no measurement from the probe JVM:\n" + output);
        return result;
    }

    /** The PIN typed on the dialog, given here without the dialog; the settlement confirmed. */
    private static final class ScriptedPrompts implements CounterPrompts {
        @Override
        public Optional<char[]> askPin() {
            return Optional.of(PIN.toCharArray());
        }

        @Override
        public boolean confirmSettlement(SettlementResult preSettlement) {
            return true;
        }

        @Override
        public boolean confirm(String title, String text, String okText) {
            throw new AssertionError("an online visit asks no other question: " + title);
        }

        @Override
        public Optional<String> chooseVisit(List<OpenVisits.OpenVisit> visits) {
            throw new AssertionError("the probe never resumes a visit");
        }

        @Override
        public Optional<String> askText(String title, String prompt) {
            throw new AssertionError("the probe never asks for text: " + title);
        }
    }

    private static OnlineCounterActions cashier(CounterWorkflows workflows) {
        return new OnlineCounterActions(workflows, MedType.OUTPATIENT, new ScriptedPrompts(),
                new org.sscard.terminal.ui.text.Texts(Locale.ENGLISH), () -> "王收费");
    }

    /** Runs on the FX thread and waits for it. */
    private static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        assertTrue(done.await(30, TimeUnit.SECONDS), "the FX thread did not answer");
    }

    /** Starts timing, reads the card, returns the nanoseconds until the holder's name is set on the FX thread. */
    private static long holderLatency(OnlineCounterActions actions, CounterViewModel model, long startNanos)
            throws Exception {
        AtomicLong shown = new AtomicLong();
        CountDownLatch named = new CountDownLatch(1);
        onFx(() -> model.holder().nameProperty().addListener((o, was, now) -> {
            if (now != null && !now.isEmpty() && shown.compareAndSet(0, System.nanoTime())) {
                named.countDown();
            }
        }));
        actions.readCard(model);
        assertTrue(named.await(30, TimeUnit.SECONDS), "the holder was not shown: " + model.messageProperty().get());
        return shown.get() - startNanos;
    }

    @Test
    void cardPresentToHolderShownInProcess() throws Exception {
        int runs = Integer.getInteger("sscard.holder.runs", 20);
        try (OnlineStation station = new OnlineStation(dir)) {
            assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < runs + 3; i++) {
                CounterViewModel model = new CounterViewModel(code -> Optional.empty());
                OnlineCounterActions actions = cashier(station.workflows);
                long t = holderLatency(actions, model, System.nanoTime());
                actions.cancel(model);
                if (i >= 3) {
                    micros.add(t / 1000);
                }
            }
            report("in-process (jCardSim reader, card already present; from the read's start)", micros);
        }
    }

    @Test
    void cardPresentToHolderShownThroughPcscd() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("sscard.pcsc"),
                "needs pcscd + vpcd (scripts/pcsc-up): -Dsscard.pcsc=true");
        int runs = Integer.getInteger("sscard.holder.runs", 20);
        String reader = "Virtual PCD 00 01";
        try (OnlineStation station = new OnlineStation(dir)) {
            assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
            ReaderManager readers = new ReaderManager();
            CounterWorkflows workflows = new CounterWorkflows(station.presentation(readers, reader),
                    station.workflows.counter(), station.workflows.spooler(), "广州市第一人民医院", "DEV-0001");
            SimulatedCard card = new CardFactory().issue(station.card);
            LinkedBlockingQueue<Long> present = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Long> gone = new LinkedBlockingQueue<>();
            List<Long> micros = new ArrayList<>();
            try (ReaderWatcher watcher = new ReaderWatcher(new ReaderManager(), reader, Duration.ofSeconds(2))) {
                watcher.addListener(s -> (s.state() == ReaderStatus.State.CARD_PRESENT ? present : gone)
                        .add(System.nanoTime()));
                watcher.start();
                for (int i = 0; i < runs + 3; i++) {
                    gone.clear();
                    present.clear();
                    VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT + 1, card,
                            Duration.ofSeconds(5));
                    Long event = present.poll(10, TimeUnit.SECONDS);
                    assertTrue(event != null, "pcscd did not report the card in " + reader);
                    CounterViewModel model = new CounterViewModel(code -> Optional.empty());
                    OnlineCounterActions actions = cashier(workflows);
                    long t = holderLatency(actions, model, event);
                    actions.cancel(model);
                    bridge.close();
                    assertTrue(gone.poll(10, TimeUnit.SECONDS) != null, "pcscd did not report the card removed");
                    if (i >= 3) {
                        micros.add(t / 1000);
                    }
                }
            }
            report("pcscd + vpcd (\"" + reader + "\"; from the watcher's card-present event)", micros);
        }
    }

    private static void report(String how, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "bench-ui holder %s runs=%d median=%.1f ms p90=%.1f ms max=%.1f ms%n", how,
                sorted.size(), median(sorted) / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    @Test
    void memoryOverScriptedVisits() throws Exception {
        int last = Integer.getInteger("sscard.visits", 1000);
        try (OnlineStation station = new OnlineStation(dir)) {
            assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
            Catalog.LocalItem first = station.item(0);
            Catalog.LocalItem second = station.item(1);
            memory(0);
            long started = System.nanoTime();
            for (int visit = 1; visit <= last; visit++) {
                CounterViewModel model = new CounterViewModel(code -> Optional.empty());
                OnlineCounterActions actions = cashier(station.workflows);
                actions.readCard(model);
                onFx(() -> {
                    model.add(first);
                    model.add(second);
                    model.holder().confirmedProperty().set(true);
                });
                actions.settle(model);
                onFx(() -> { });
                String setlId = model.breakdown().setlIdProperty().get();
                assertFalse(setlId.isEmpty(), "visit " + visit + " not settled: " + model.messageProperty().get());
                actions.cancel(model);
                if (visit == 100 || visit == last) {
                    System.out.printf(Locale.ROOT, "bench-ui visits %d in %.1f s%n", visit,
                            (System.nanoTime() - started) / 1e9);
                    memory(visit);
                }
            }
            assertEquals(last, station.printed.size(), "one receipt per visit");
        }
    }

    private static void memory(int visits) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        System.out.printf(Locale.ROOT, "bench-ui memory after %d visits: %s, heap after GC %.1f MB%n", visits, rss,
                heap / 1048576.0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
