package org.sscard.centralsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.CanonicalJson;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/**
 * Load driver: N simulated terminals on loopback HTTPS against an in-process central-sim, each doing
 * full visits (9001 once, then 1101 → 2201 → 2204 with 10 items → 2206 → 2207). Prints visits/s and
 * p50/p99 per transaction and the CPU spent per visit, then the cost of the parts (SM2 sign/verify, JSON,
 * canonical form). Usage: LoadDriver [terminals=20] [seconds=20] [warm-up seconds=3]
 */
public final class LoadDriver {
    private static final String[][] CARDS = {
        {Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, Harness.ACTIVE_SM4_PSN, "310"},
        {Harness.ACTIVE_3DES_CARD, Harness.ACTIVE_3DES_SN, Harness.ACTIVE_3DES_PSN, "390"},
        {Harness.FIFTH_CARD, Harness.FIFTH_SN, Harness.FIFTH_PSN, "310"}};
    private static final List<String> CODES = List.of("1101", "2201", "2204", "2206", "2207");

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int terminals = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path data = Files.createTempDirectory("central-load");
        Clock clock = Clock.systemDefaultZone();
        try (CentralSim.Running central = CentralSim.start(CentralConfig.of(data).withDemoManifest(Harness.manifest())
                .withThreads(8))) {
            // One HTTP client for all simulated terminals: each still gets its own kept-alive connection (the
            // requests are concurrent), but the process is spared a selector thread and its hand-offs per
            // terminal, CPU that would otherwise be taken from the server on this shared machine.
            java.net.http.HttpClient http = TerminalClient.httpClient(CertificateAuthority.clientContext(
                    central.caCertPem()));
            List<TerminalClient> clients = new ArrayList<>();
            for (int i = 0; i < terminals; i++) {
                clients.add(Harness.terminal(central, "LOAD-" + i, String.format("H4401060%04d", 100 + i), clock,
                        http));
            }
            runFor(clients, warmUp, false);
            Map<String, long[]> latencies = new LinkedHashMap<>();
            long cpuBefore = processCpuNanos();
            long[] visits = runFor(clients, seconds, true, latencies);
            long cpu = processCpuNanos() - cpuBefore;
            long total = Arrays.stream(visits).sum();
            System.out.printf("%d terminals, %d s: %d visits, %.1f visits/s, CPU %.1f ms per visit (clients and "
                    + "server, %.2f of %d cores busy)%n", terminals, seconds, total, total / (double) seconds,
                    cpu / 1e6 / total, cpu / 1e9 / seconds, Runtime.getRuntime().availableProcessors());
            for (String code : CODES) {
                long[] l = latencies.get(code);
                Arrays.sort(l);
                System.out.printf("  %s  n=%d  p50 %.1f ms  p99 %.1f ms%n", code, l.length, l[l.length / 2] / 1e6,
                        l[(int) (l.length * 0.99)] / 1e6);
            }
        }
        parts();
    }

    /** CPU time of the whole process (all threads, clients and server alike). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void runFor(List<TerminalClient> clients, int seconds, boolean record) throws Exception {
        runFor(clients, seconds, record, new LinkedHashMap<>());
    }

    static long[] runFor(List<TerminalClient> clients, int seconds, boolean record, Map<String, long[]> out)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        List<Future<Map<String, List<Long>>>> futures = new ArrayList<>();
        long[] visits = new long[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                Map<String, List<Long>> mine = new LinkedHashMap<>();
                CODES.forEach(c -> mine.put(c, new ArrayList<>()));
                while (!stop.get()) {
                    visit(clients.get(n), CARDS[n % CARDS.length], mine);
                    visits[n]++;
                }
                return mine;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        Map<String, List<Long>> all = new LinkedHashMap<>();
        CODES.forEach(c -> all.put(c, new ArrayList<>()));
        for (Future<Map<String, List<Long>>> f : futures) {
            f.get().forEach((k, v) -> all.get(k).addAll(v));
        }
        pool.shutdown();
        if (record) {
            all.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).toArray()));
        }
        return visits;
    }

    private static <T extends Response<?>> T timed(String code, Map<String, List<Long>> lat, IoCall<T> call)
            throws IOException {
        long t0 = System.nanoTime();
        T r = call.run();
        lat.get(code).add(System.nanoTime() - t0);
        if (!r.ok()) {
            throw new IllegalStateException(code + " failed: " + r.header().errMsg());
        }
        return r;
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static void visit(TerminalClient t, String[] card, Map<String, List<Long>> lat) throws IOException {
        InsuType insutype = InsuType.of(card[3]);
        timed("1101", lat, () -> t.send(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, card[0], card[1], null)));
        String mdtrtId = timed("2201", lat, () -> t.send(Transaction.REGISTRATION, new org.sscard.protocol.Registration.Input(
                card[2], insutype, "2025-03-14 09:00:00", MdtrtCertType.SOCIAL_SECURITY_CARD, card[0], "OTP", "D440106000001",
                "李医生", "D01", "内科门诊", "A03"))).output().mdtrtId();
        List<FeeUpload.FeeDetail> items = Visits.items(mdtrtId, card[2], "CB1", 10);
        timed("2204", lat, () -> t.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(items)));
        Money total = items.stream().map(FeeUpload.FeeDetail::detItemFeeSumamt).reduce(Money.ZERO, Money::plus);
        PreSettlement.Input p = Visits.pre(card[2], insutype, card[0], mdtrtId, "CB1", total);
        Response<SettlementResult> preview = timed("2206", lat, () -> t.send(Transaction.PRE_SETTLEMENT, p));
        timed("2207", lat, () -> t.send(Transaction.SETTLEMENT, Visits.settlementOf(p, preview.output())));
    }

    /** Costs of the parts, single-threaded, after warm-up. */
    private static void parts() {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef key = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        module.generateLocalKey(key);
        Sm2.PublicKey pub = module.publicKey(key);
        TerminalClient t = new TerminalClient(java.net.URI.create("http://localhost"), TerminalClient.httpClient(null),
                module, key, new TerminalClient.Station("D", "H44010600001", "测试医院", "440106"), Clock.systemDefaultZone());
        Request<FeeUpload.Input> unsigned = t.request(Transaction.FEE_UPLOAD,
                new FeeUpload.Input(Visits.items("MD1", "P1", "CB1", 10)));
        org.sscard.protocol.RequestHeader h = unsigned.header();
        Request<FeeUpload.Input> req = new Request<>(new org.sscard.protocol.RequestHeader(h.infno(), h.msgid(),
                h.mdtrtareaAdmvs(), h.insuplcAdmdvs(), h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(),
                h.infver(), h.opterType(), h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(),
                "SN1"), unsigned.input());
        byte[] body = MessageCodec.write(MessageSigning.sign(req, module, key));
        int n = 2000;
        for (int round = 0; round < 2; round++) {
            long a = System.nanoTime();
            for (int i = 0; i < n; i++) {
                MessageCodec.readRequest(body);
            }
            long b = System.nanoTime();
            for (int i = 0; i < n; i++) {
                CanonicalJson.of(body);
            }
            long c = System.nanoTime();
            for (int i = 0; i < n; i++) {
                module.sign(key, body);
            }
            long d = System.nanoTime();
            for (int i = 0; i < n; i++) {
                MessageSigning.verify(body, pub);
            }
            long e = System.nanoTime();
            if (round == 1) {
                System.out.printf("parts (2204 body of %d bytes): parse+validate %.0f us, canonical form %.0f us, "
                        + "SM2 sign %.0f us, verify (incl. canonical form) %.0f us%n", body.length, (b - a) / 1e3 / n,
                        (c - b) / 1e3 / n, (d - c) / 1e3 / n, (e - d) / 1e3 / n);
            }
        }
    }
}
