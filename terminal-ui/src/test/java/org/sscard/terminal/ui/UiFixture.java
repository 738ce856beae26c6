package org.sscard.terminal.ui;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Catalog;
import org.sscard.store.Operators;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.values.Money;

/** A station in a temporary folder with one operator per role, a catalog item, a movable clock and a fake link. */
public final class UiFixture implements AutoCloseable {
    public static final String REGION = "440106";
    public static final char[] PASSWORD = "Station-Pass1".toCharArray();
    public static final String BARCODE = "6901234567892";

    /** A clock the test moves. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.ofHours(8);
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Reader status pushed by the test, delivered on a background thread like the real watcher. */
    public static final class FakeReaders implements UiServices.ReaderSource {
        private final List<Consumer<ReaderStatus>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public void addListener(Consumer<ReaderStatus> listener) {
            listeners.add(listener);
        }

        public void push(ReaderStatus status) throws InterruptedException {
            Thread t = new Thread(() -> listeners.forEach(l -> l.accept(status)), "fake-reader");
            t.start();
            t.join();
        }
    }

    public final MovableClock clock = new MovableClock(Instant.now());
    public final StationStore store;
    public final SessionManager sessions;
    public final Authorizer authorizer;
    public final LinkMonitor monitor;
    public final Forwarder forwarder;
    public final FakeReaders readers = new FakeReaders();
    public volatile boolean centralUp = true;
    public final SoftwareSecurityModule module;
    public final StationConfig config;
    public final CentralLink link;

    public UiFixture(Path dir) {
        module = SoftwareSecurityModule.inMemory();
        KeyRef dataKey = KeyRef.local(KeyType.DATA, REGION, 1);
        module.generateLocalKey(dataKey);
        module.generateLocalKey(KeyRef.local(KeyType.DEVICE_SIGN, REGION, 1));
        store = StationStore.create(new StoreConfig(dir.resolve("station.db"), "DEV-0001", dataKey, 0,
                Duration.ofSeconds(10), clock), module, PasswordHasher.FAST_FOR_TESTS);
        Operators ops = store.operators();
        ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, PASSWORD.clone());
        create("cash1", "收费员一", Role.CASHIER);
        create("pharm1", "药师一", Role.PHARMACIST);
        create("sup1", "主管一", Role.SUPERVISOR);
        create("aud1", "审计员一", Role.AUDITOR);
        store.catalog().putLocalItem("admin1", new Catalog.LocalItem("YP0001", "阿莫西林胶囊 0.25g×24粒", Money.ofFen(2800), null,
                List.of(BARCODE)));
        config = new StationConfig("H44010600001", "广州市第一人民医院", 2, REGION, "440100", "DEV-0001",
                "GDYB", URI.create("https://localhost:1/"), dir.resolve("ca.pem"), false, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), null, dir.resolve("keys.sks"), 1, 1,
                dir.resolve("station.db"), OfflineLimits.DEFAULTS, Duration.ofMinutes(5))
                .withDepartments(TestStation.DEPARTMENTS);
        sessions = new SessionManager(store, clock, config.idleLock());
        authorizer = new Authorizer(sessions, store);
        link = new CentralLink(config, module, store, clock, new OkHttpClient());
        forwarder = new Forwarder(link, store);
        monitor = new LinkMonitor(() -> centralUp, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    private void create(String id, String name, Role role) {
        char[] initial = "Initial-Pass9".toCharArray();
        store.operators().create("admin1", id, name, role, initial.clone());
        store.operators().changePassword(id, initial, PASSWORD.clone());
    }

    public UiServices services(Locale locale) {
        return new UiServices(new Texts(locale), clock, "广州市第一人民医院", store, sessions, authorizer, monitor, forwarder,
                readers);
    }

    @Override
    public void close() {
        store.close();
    }
}
