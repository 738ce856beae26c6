package org.sscard.terminal;

import java.time.Clock;
import java.time.Duration;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;

/** One running station: its configuration, security module, store, central link, session and policies. */
public final class Station implements AutoCloseable {
    private final StationConfig config;
    private final SoftwareSecurityModule module;
    private final StationStore store;
    private final CentralLink link;
    private final SessionManager sessions;
    private final Authorizer authorizer;
    private final OfflinePolicy offlinePolicy;

    private Station(StationConfig config, SoftwareSecurityModule module, StationStore store, Clock clock) {
        this.config = config;
        this.module = module;
        this.store = store;
        this.link = new CentralLink(config, module, store, clock, CentralLink.httpClient(config));
        this.sessions = new SessionManager(store, clock, RuntimeSettings.idleLock(config, store.settings()));
        this.authorizer = new Authorizer(sessions, store);
        this.offlinePolicy = new OfflinePolicy(RuntimeSettings.offlineLimits(config, store.settings()), store, clock);
    }

    /** Opens the key store with {@code passphrase} and the station store it protects. */
    public static Station open(StationConfig config, char[] passphrase) {
        SoftwareSecurityModule module = SoftwareSecurityModule.open(config.keyStore(), passphrase);
        StationStore store = StationStore.open(storeConfig(config), module);
        return new Station(config, module, store, Clock.systemDefaultZone());
    }

    public static StoreConfig storeConfig(StationConfig config) {
        return new StoreConfig(config.storeFile(), config.deviceNumber(), dataKey(config), 0, Duration.ofSeconds(10),
                Clock.systemDefaultZone());
    }

    public static KeyRef dataKey(StationConfig config) {
        return KeyRef.local(KeyType.DATA, config.treatmentRegion(), config.dataKeyVersion());
    }

    public Enrolment enrolment() {
        return new Enrolment(link, config, module, store, ref -> {
            boolean present = module.keys().stream().anyMatch(k -> k.ref().equals(ref));
            if (!present) {
                module.generateLocalKey(ref);
            }
        });
    }

    public StationConfig config() {
        return config;
    }

    public SoftwareSecurityModule module() {
        return module;
    }

    public StationStore store() {
        return store;
    }

    public CentralLink link() {
        return link;
    }

    public SessionManager sessions() {
        return sessions;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public OfflinePolicy offlinePolicy() {
        return offlinePolicy;
    }

    @Override
    public void close() {
        store.close();
    }
}
