package org.sscard.centralsim;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stations settling while many clients hold connections they never finish: {@code terminals} simulated stations do
 * full visits (as {@link LoadDriver}) for {@code seconds} without and then with {@code slow} connections open, half
 * of them TCP with a TLS handshake begun and never finished, half TLS with a request head and a truncated body. The
 * slow connections are replaced before the server's 10 s deadlines close them, so they are there all the time.
 * The two phases alternate {@code rounds} times, so a change in the machine's other load falls on both alike.
 * Prints visits/s and message latency of each phase and the ratio. Usage: SlowClientsLoad [terminals=20]
 * [slow=200] [seconds=20] [warm-up seconds=5] [rounds=2]
 */
public final class SlowClientsLoad {
    /** Visits/s and latencies of all messages, in ns, sorted. */
    record Phase(double visitsPerSecond, long[] latencies) {
        double p(double quantile) {
            return latencies[Math.min(latencies.length - 1, (int) (latencies.length * quantile))] / 1e6;
        }
    }

    /** All rounds' phases merged; {@code slowOpenAtEnd}: the fewest slow connections held at the end of a round. */
    record Result(Phase baseline, Phase slowed, int slowOpenAtEnd) {
    }

    private SlowClientsLoad() {
    }

    public static void main(String[] args) throws Exception {
        int terminals = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int slow = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Result r = run(Files.createTempDirectory("central-slow"), terminals, slow, seconds, warmUp, rounds);
        print(terminals, slow, seconds, r);
    }

    static void print(int terminals, int slow, int seconds, Result r) {
        System.out.printf("%d stations, %d s per phase and round, %d cores%n", terminals, seconds,
                Runtime.getRuntime().availableProcessors());
        for (Phase p : List.of(r.baseline(), r.slowed())) {
            System.out.printf("  %-26s %6.1f visits/s  message p50 %6.1f ms  p99 %6.1f ms%n",
                    p == r.baseline() ? "without slow clients" : "with " + slow + " slow connections",
                    p.visitsPerSecond(), p.p(0.5), p.p(0.99));
        }
        System.out.printf("  ratio with/without: p50 %.2f, p99 %.2f, visits/s %.2f; slow connections open at the end:"
                + " %d of %d%n", r.slowed().p(0.5) / r.baseline().p(0.5), r.slowed().p(0.99) / r.baseline().p(0.99),
                r.slowed().visitsPerSecond() / r.baseline().visitsPerSecond(), r.slowOpenAtEnd(), slow);
    }

    static Result run(Path data, int terminals, int slow, int seconds, int warmUp, int rounds) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        try (CentralSim.Running central = CentralSim.start(CentralConfig.of(data).withDemoManifest(Harness.manifest()))) {
            HttpClient http = TerminalClient.httpClient(CertificateAuthority.clientContext(central.caCertPem()));
            List<TerminalClient> clients = new ArrayList<>();
            for (int i = 0; i < terminals; i++) {
                clients.add(Harness.terminal(central, "SLOW-" + i, String.format("H4401061%04d", i), clock, http));
            }
            LoadDriver.runFor(clients, warmUp, false);
            List<Phase> baseline = new ArrayList<>();
            List<Phase> slowed = new ArrayList<>();
            int fewestOpen = slow;
            for (int round = 0; round < rounds; round++) {
                baseline.add(phase(clients, seconds));
                try (SlowConnections held = new SlowConnections(central, slow)) {
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread keeper = new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                held.renewOlderThan(6_000);
                                Thread.sleep(200);
                            } catch (IOException | InterruptedException e) {
                                return;
                            }
                        }
                    }, "slow-keeper");
                    keeper.start();
                    slowed.add(phase(clients, seconds));
                    stop.set(true);
                    keeper.join();
                    fewestOpen = Math.min(fewestOpen, held.stillOpen());
                }
            }
            return new Result(merged(baseline), merged(slowed), fewestOpen);
        }
    }

    private static Phase merged(List<Phase> phases) {
        return new Phase(phases.stream().mapToDouble(Phase::visitsPerSecond).average().orElse(0),
                phases.stream().flatMapToLong(p -> Arrays.stream(p.latencies())).sorted().toArray());
    }

    private static Phase phase(List<TerminalClient> clients, int seconds) throws Exception {
        Map<String, long[]> latencies = new LinkedHashMap<>();
        long visits = Arrays.stream(LoadDriver.runFor(clients, seconds, true, latencies)).sum();
        long[] all = latencies.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Phase(visits / (double) seconds, all);
    }

    /** Connections that are begun and never finished, renewed before the server's deadlines close them. */
    static final class SlowConnections implements AutoCloseable {
        private final CentralSim.Running central;
        private final List<RawConnection> connections = new ArrayList<>();
        private final List<Long> openedAt = new ArrayList<>();

        SlowConnections(CentralSim.Running central, int count) throws IOException {
            this.central = central;
            for (int i = 0; i < count; i++) {
                connections.add(open(i));
                openedAt.add(System.nanoTime());
            }
        }

        private RawConnection open(int i) throws IOException {
            if (i % 2 == 0) {
                return RawConnection.tcp(central.port()).write("\u0016\u0003\u0001\u0002");
            }
            return RawConnection.tls(central).write(RawConnection.postHead("/api/v1/2207", "4000") + "{\"infno\":\"22");
        }

        synchronized void renewOlderThan(long millis) throws IOException {
            for (int i = 0; i < connections.size(); i++) {
                if ((System.nanoTime() - openedAt.get(i)) / 1_000_000 > millis) {
                    connections.get(i).close();
                    connections.set(i, open(i));
                    openedAt.set(i, System.nanoTime());
                }
            }
        }

        /** How many the server has not closed. */
        synchronized int stillOpen() throws IOException {
            int n = 0;
            for (RawConnection c : connections) {
                n += c.stillOpen(1) ? 1 : 0;
            }
            return n;
        }

        @Override
        public synchronized void close() throws IOException {
            for (RawConnection c : connections) {
                c.close();
            }
        }
    }
}
