package org.sscard.terminal.ui;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Catalog;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.values.Money;

/**
 * One JVM of the cold-start measurement ({@link UiPerformanceProbe#coldStartToTheLogInScreen}):
 * {@link #setUp} writes a station once (station file, key store with the default key derivation, store, an
 * administrator, an item); {@code station FILE} starts the station application itself as {@link StationApp} does —
 * {@link EarlyStation} opening the station in the background while JavaFX starts (the passphrase comes from the
 * environment), then {@link StationWindow} with the system's PC/SC readers, the link monitor, forwarder and reader
 * watcher, and the log-in screen; {@code baseline} shows a window with one label. Both print
 * {@code coldstart MODE MILLIS PARTS} — from the JVM's start to the first frame pulse after the window is shown; the
 * parts are the toolkit's start (JVM start to {@code start()}) and the rest — and end.
 */
public final class ColdStartProbe {
    static final String PASSPHRASE = "cold-start-passphrase";
    private static final String REGION = "440106";

    private ColdStartProbe() {
    }

    /** Launched through {@link #main} (a main class extending Application needs JavaFX on the module path). */
    public static final class App extends Application {
        private Runnable closer = () -> { };

        @Override
        public void start(Stage stage) {
            List<String> args = getParameters().getRaw();
            String mode = args.get(0);
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            long toolkitUp = System.currentTimeMillis();
            if (mode.equals("station")) {
                StationWindow window = new StationWindow(System::getenv, ReaderManager::new, () -> { },
                        List.of(args.get(1)));
                window.start(stage);
                closer = window::stop;
            } else {
                stage.setScene(new Scene(new Label("baseline"), 1280, 800));
                stage.show();
            }
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    long shown = System.currentTimeMillis();
                    System.out.println("coldstart " + mode + " " + (shown - jvmStart) + " toolkit=" + (toolkitUp - jvmStart)
                            + " window=" + (shown - toolkitUp) + (stage.isShowing() ? "" : " NOT-SHOWN"));
                    closer.run();
                    Platform.exit();
                }
            }.start();
        }
    }

    /** Writes the station that the timed starts open; returns its station file. */
    static Path setUp(Path dir) throws Exception {
        CentralSim.Running central = CentralSim.start(CentralConfig.of(dir.resolve("central")));
        try {
            Files.writeString(dir.resolve("ca.pem"), central.caCertPem(), StandardCharsets.US_ASCII);
        } finally {
            central.stop();
        }
        SoftwareSecurityModule module = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASSPHRASE.toCharArray());
        module.generateLocalKey(KeyRef.local(KeyType.DATA, REGION, 1));
        module.generateLocalKey(KeyRef.local(KeyType.DEVICE_SIGN, REGION, 1));
        Path config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H44010600001", "institution.name=广州市第一人民医院",
                "institution.level=2", "region.mdtrtarea_admvs=" + REGION, "region.insuplc_admdvs=440100",
                "device.number=DEV-0001", "central.url=https://localhost:9", "central.ca-file=ca.pem",
                "central.recer-sys-code=GDYB", "reader.card=Virtual PCD 00 00", "keystore.path=station.keys",
                "store.path=station.db", ""), StandardCharsets.UTF_8);
        try (Station station = Station.create(StationConfigLoader.load(config), PASSPHRASE.toCharArray())) {
            station.store().operators().create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR,
                    "Station-Pass1".toCharArray());
            station.store().catalog().putLocalItem("admin1", new Catalog.LocalItem("YP0001", "阿莫西林胶囊 0.25g×24粒", Money.ofFen(2800),
                    null, List.of("6901234567892")));
        }
        return config;
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("station")) {
            EarlyStation.begin(new String[] {args[1]}, System::getenv, ReaderManager::new);
        }
        Application.launch(App.class, args);
    }
}
