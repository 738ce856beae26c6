package org.sscard.centralsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;

/** Starts a central-sim with the test manifest and makes enrolled, signed-in terminals. */
final class Harness {
    static final String ACTIVE_SM4_CARD = "A00000011";
    static final String ACTIVE_SM4_SN = "440106D15600000501020304A1B2C3D4";
    static final String ACTIVE_SM4_PSN = "44010600000001";
    static final String ACTIVE_SM4_CERT = "440106198001011222";
    static final String ACTIVE_3DES_CARD = "A0000002X";
    static final String ACTIVE_3DES_SN = "440106D15600000502020304A1B2C3D4";
    static final String ACTIVE_3DES_PSN = "44010600000002";
    static final String LOST_CARD = "A00000038";
    static final String LOST_CERT = "440104199002201425";
    static final String CANCELLED_CARD = "A00000046";
    static final String CANCELLED_CERT = "440104196511111512";
    static final String FIFTH_CARD = "A00000054";
    static final String FIFTH_SN = "440106D15600000505020304A1B2C3D4";
    static final String FIFTH_PSN = "44010600000005";
    static final String FIFTH_CERT = "44010619881212161X";

    /** A clock tests can move. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    static Path manifest() {
        try {
            return Path.of(Harness.class.getResource("/test-cards.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CentralSim.Running start(Path dataDir, Clock clock) throws IOException {
        return CentralSim.start(CentralConfig.of(dataDir).withDemoManifest(manifest()).withClock(clock));
    }

    /** A new device of {@code institution}, enrolled (key in memory) and signed in. */
    static TerminalClient terminal(CentralSim.Running central, String devNo, String institution, Clock clock) {
        return terminal(central, devNo, institution, clock,
                TerminalClient.httpClient(CertificateAuthority.clientContext(central.caCertPem())));
    }

    /** As above, over a given HTTP client (which must trust the central's CA). */
    static TerminalClient terminal(CentralSim.Running central, String devNo, String institution, Clock clock,
            HttpClient http) {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef key = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        module.generateLocalKey(key);
        TerminalClient client = new TerminalClient(central.baseUri(), http, module, key,
                new TerminalClient.Station(devNo, institution, "测试医院", "440106"), clock);
        try {
            client.enrol(central.issueEnrolCode(devNo, institution, 2));
            if (!client.signIn("C001").ok()) {
                throw new IllegalStateException("sign-in failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return client;
    }
}
