package org.sscard.terminal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.PasswordHasher;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.config.Departments;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;

/** A station in a temporary folder: key module, store, configuration, and a pinned-CA TLS MockWebServer. */
public final class TestStation implements AutoCloseable {
    public static final String INSTITUTION = "H44010600001";
    public static final String REGION = "440106";
    public static final KeyRef DATA_KEY = KeyRef.local(KeyType.DATA, REGION, 1);

    public final Path dir;
    public final MutableClock clock;
    public final SoftwareSecurityModule module;
    public final HeldCertificate ca;
    public final HeldCertificate serverCert;
    public final Path caFile;
    public StationStore store;
    /** The default departments and doctors, and the department D01 with its doctor 李医生 that tests register with. */
    public static final Departments DEPARTMENTS = new Departments(java.util.Map.of(
            "OUTPATIENT", Departments.DEFAULTS.department("OUTPATIENT").orElseThrow(),
            "PHARMACY", Departments.DEFAULTS.department("PHARMACY").orElseThrow(),
            "D01", new Departments.Department("D01", "内科门诊", "A03")),
            java.util.Map.of("门诊医生", "DR-OUTPATIENT", "药师", "DR-PHARMACY", "李医生", "D440106000001"));

    public StationConfig config;

    public TestStation(Path dir) throws Exception {
        this(dir, "DEV-0001");
    }

    /** A station with its own device number (dev_no), e.g. one of several windows of the institution. */
    public TestStation(Path dir, String deviceNumber) throws Exception {
        this.dir = dir;
        this.clock = MutableClock.at("2025-03-14T01:30:15Z");
        this.module = SoftwareSecurityModule.inMemory();
        module.generateLocalKey(DATA_KEY);
        module.generateLocalKey(KeyRef.local(KeyType.DEVICE_SIGN, REGION, 1));
        this.ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("central test CA").build();
        this.serverCert = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .signedBy(ca).build();
        this.caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, ca.certificatePem(), StandardCharsets.US_ASCII);
        this.config = new StationConfig(INSTITUTION, "广州市第一人民医院", 2, REGION, "440100", deviceNumber, "GDYB",
                URI.create("https://localhost:1/"), caFile, false, Duration.ofSeconds(2), Duration.ofMillis(700),
                Duration.ofSeconds(5), null, dir.resolve("keys.sks"), 1, 1, dir.resolve("station.db"),
                OfflineLimits.DEFAULTS, Duration.ofMinutes(5)).withDepartments(DEPARTMENTS);
        openStore();
    }

    /** Opens the store, made first (as setup makes it) when there is none yet. */
    public void openStore() {
        StoreConfig storeConfig = new StoreConfig(config.storeFile(), config.deviceNumber(), DATA_KEY, 0,
                Duration.ofSeconds(10), clock);
        store = java.nio.file.Files.exists(config.storeFile())
                ? StationStore.open(storeConfig, module, PasswordHasher.FAST_FOR_TESTS)
                : StationStore.create(storeConfig, module, PasswordHasher.FAST_FOR_TESTS);
    }

    public void reopenStore() {
        store.close();
        openStore();
    }

    public static final char[] ADMIN_PASSWORD = "Admin-Pass-1".toCharArray();

    /** Creates the first administrator (admin1) if there is none. */
    public void ensureAdmin() {
        if (store.operators().find("admin1").isEmpty()) {
            store.operators().create(org.sscard.store.Operators.SETUP, "admin1", "管理员一", org.sscard.store.Role.ADMINISTRATOR,
                    ADMIN_PASSWORD.clone());
        }
    }

    /** Records the central key, station number 1 and a sign-in number as enrolment and 9001 would. */
    public void enrolDirectly(org.sscard.crypto.Sm2.PublicKey centralKey) {
        ensureAdmin();
        store.settings().setString("admin1", CentralLink.CENTRAL_KEY_SETTING, centralKey.pem());
        giveStationNumber(1);
        store.signIns().record(new org.sscard.store.SignIns.SignIn("SN0001", "setup", "setup", "-", "-", java.time.Instant.EPOCH));
    }

    /** Records the station number as enrolment would. */
    public void giveStationNumber(int stationNo) {
        ensureAdmin();
        store.settings().setLong("admin1", org.sscard.terminal.link.MsgIds.STATION_SETTING, stationNo);
    }

    public org.sscard.crypto.Sm2.PublicKey stationKey() {
        return module.publicKey(KeyRef.local(KeyType.DEVICE_SIGN, REGION, 1));
    }

    /** Serves HTTPS with a certificate signed by this station's pinned CA. */
    public void useHttps(MockWebServer server) {
        HandshakeCertificates serverTls = new HandshakeCertificates.Builder().heldCertificate(serverCert).build();
        server.useHttps(serverTls.sslSocketFactory(), false);
    }

    public void pointAt(MockWebServer server) {
        config = config.withCentral(URI.create("https://localhost:" + server.getPort() + "/"), caFile);
    }

    public CentralLink link() {
        OkHttpClient http = CentralLink.httpClient(config);
        return new CentralLink(config, module, store, clock, http);
    }

    @Override
    public void close() {
        store.close();
    }
}
