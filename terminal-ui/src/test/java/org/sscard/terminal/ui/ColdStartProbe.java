package org.sscard.terminal.ui;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Catalog;
import org.sscard.store.Operators;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.text.Texts;

/**
 * One JVM of the cold-start measurement ({@link UiPerformanceProbe#coldStartToTheLogInScreen}):
 * {@link #setUp} writes a station once (key store with the default key derivation, store, an administrator, an
 * item); {@code station DIR} opens that existing station (key store with its passphrase, store) and shows
 * the log-in screen; {@code baseline} shows a window with one label. Both print
 * {@code coldstart MODE MILLIS PARTS} — from the JVM's start to the first frame pulse after the window is shown; the
 * parts are the toolkit's start, opening the key store, opening the store, building the screen (to the window shown
 * before the first pulse) — and end.
 */
public final class ColdStartProbe {
    static final char[] PASSPHRASE = "cold-start-passphrase".toCharArray();
    private static final String REGION = "440106";
    private static final KeyRef DATA_KEY = KeyRef.local(KeyType.DATA, REGION, 1);

    private ColdStartProbe() {
    }

    /** Launched through {@link #main} (a main class extending Application needs JavaFX on the module path). */
    public static final class App extends Application {
        private Runnable closer = () -> { };
        private String parts = "";

        @Override
        public void start(Stage stage) {
            List<String> args = getParameters().getRaw();
            String mode = args.get(0);
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            long toolkitUp = System.currentTimeMillis();
            if (mode.equals("station")) {
                Path dir = Path.of(args.get(1));
                SoftwareSecurityModule module = SoftwareSecurityModule.open(dir.resolve("keys.sks"), PASSPHRASE.clone());
                long keysOpen = System.currentTimeMillis();
                StationStore store = StationStore.open(storeConfig(dir), module, PasswordHasher.FAST_FOR_TESTS);
                long storeOpen = System.currentTimeMillis();
                SessionManager sessions = new SessionManager(store, Clock.systemDefaultZone(), Duration.ofMinutes(5));
                TerminalUi ui = new TerminalUi(new UiServices(new Texts(Locale.SIMPLIFIED_CHINESE),
                        Clock.systemDefaultZone(), "广州市第一人民医院", store, sessions, new Authorizer(sessions, store),
                        null, null, null));
                stage.setScene(ui.scene());
                parts = " toolkit=" + (toolkitUp - jvmStart) + " keystore=" + (keysOpen - toolkitUp) + " store="
                        + (storeOpen - keysOpen) + " window=" + (System.currentTimeMillis() - storeOpen);
                closer = () -> {
                    ui.close();
                    store.close();
                };
            } else {
                stage.setScene(new Scene(new Label("baseline"), 1280, 800));
                parts = " toolkit=" + (toolkitUp - jvmStart);
            }
            stage.show();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    long shown = System.currentTimeMillis();
                    System.out.println("coldstart " + mode + " " + (shown - jvmStart) + parts);
                    closer.run();
                    Platform.exit();
                }
            }.start();
        }
    }

    private static StoreConfig storeConfig(Path dir) {
        return new StoreConfig(dir.resolve("station.db"), "DEV-0001", DATA_KEY, 0, Duration.ofSeconds(10),
                Clock.systemDefaultZone());
    }

    /** Writes the station that the timed starts open. */
    static void setUp(Path dir) {
        SoftwareSecurityModule module = SoftwareSecurityModule.create(dir.resolve("keys.sks"), PASSPHRASE.clone());
        module.generateLocalKey(DATA_KEY);
        module.generateLocalKey(KeyRef.local(KeyType.DEVICE_SIGN, REGION, 1));
        try (StationStore store = StationStore.open(storeConfig(dir), module, PasswordHasher.FAST_FOR_TESTS)) {
            store.operators().create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR,
                    "Station-Pass1".toCharArray());
            store.catalog().putLocalItem("admin1", new Catalog.LocalItem("YP0001", "阿莫西林胶囊 0.25g×24粒", 2800, null,
                    List.of("6901234567892")));
        }
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
