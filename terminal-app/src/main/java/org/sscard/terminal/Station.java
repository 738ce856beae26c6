package org.sscard.terminal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.card.StationPsam;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.restore.StagedRestore;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;

/**
 * One running station: its configuration, security modules, store, central link, session and policies. The station's
 * own keys (DATA sealing the store, DEVICE_SIGN signing requests) are always in the software key store
 * ({@link #module()}); card keys ({@link #cardKeys()}) come from the PSAM when {@code reader.psam} is set, else
 * from the same key store.
 */
public final class Station implements AutoCloseable {
    private final StationConfig config;
    private final SoftwareSecurityModule module;
    private final StationPsam psam;
    private final SecurityModule cardKeys;
    private final StationStore store;
    private final CentralLink link;
    private final SessionManager sessions;
    private final Authorizer authorizer;
    private final OfflinePolicy offlinePolicy;
    private final StagedRestore.Outcome restoreAtStart;

    private Station(StationConfig config, SoftwareSecurityModule module, StationPsam psam, StationStore store,
                    Clock clock, StagedRestore.Outcome restoreAtStart) {
        this.restoreAtStart = restoreAtStart;
        this.config = config;
        this.module = module;
        this.psam = psam;
        this.cardKeys = psam == null ? module : psam.cardKeys(module);
        this.store = store;
        this.link = new CentralLink(config, module, store, clock, CentralLink.httpClient(config));
        this.sessions = new SessionManager(store, clock, RuntimeSettings.idleLock(config, store.settings()));
        this.authorizer = new Authorizer(sessions, store);
        this.offlinePolicy = new OfflinePolicy(RuntimeSettings.offlineLimits(config, store.settings()), store, clock);
    }

    /** Opens the key store with {@code passphrase}, the PSAM if configured (system PC/SC readers) and the store. */
    public static Station open(StationConfig config, char[] passphrase) {
        return open(config, passphrase, ReaderManager::new);
    }

    /**
     * Opens the key store with {@code passphrase}, the PSAM in {@code reader.psam} if set (through a reader manager
     * from {@code readers}, asked only then) and the station store. A missing PSAM reader, no card there, a card
     * that is not a PSAM or a PSAM without card keys stops the start with a {@code ConfigException} naming
     * {@code reader.psam}.
     */
    public static Station open(StationConfig config, char[] passphrase, Supplier<ReaderManager> readers) {
        return open(config, passphrase, readers, false);
    }

    /**
     * As {@link #open(StationConfig, char[])}, but makes the station's store, which must not exist yet, and
     * pairs the key store with it ({@code terminal setup}). Nothing else creates a store.
     */
    public static Station create(StationConfig config, char[] passphrase) {
        return create(config, passphrase, ReaderManager::new);
    }

    /** As {@link #create(StationConfig, char[])}, with the readers' source (asked only for a PSAM). */
    public static Station create(StationConfig config, char[] passphrase, Supplier<ReaderManager> readers) {
        return open(config, passphrase, readers, true);
    }

    /**
     * The station program's start (the window): as {@link #open(StationConfig, char[], Supplier)}, but a restore the
     * administrators staged is applied first ({@link StagedRestore#open}; {@link #restoreAtStart} says how it went).
     * Only the program that holds the store's {@code StationInstance} may call it.
     */
    public static Station start(StationConfig config, char[] passphrase, Supplier<ReaderManager> readers) {
        return open(config, passphrase, readers, Mode.START);
    }

    private enum Mode { OPEN, CREATE, START }

    private static Station open(StationConfig config, char[] passphrase, Supplier<ReaderManager> readers, boolean create) {
        return open(config, passphrase, readers, create ? Mode.CREATE : Mode.OPEN);
    }

    private static Station open(StationConfig config, char[] passphrase, Supplier<ReaderManager> readers, Mode mode) {
        SoftwareSecurityModule module = SoftwareSecurityModule.open(config.keyStore(), passphrase);
        StationPsam psam = config.psamReaderName().map(r -> StationPsam.open(readers.get(), r)).orElse(null);
        StagedRestore.Opened opened;
        try {
            opened = switch (mode) {
                case CREATE -> new StagedRestore.Opened(StationStore.create(storeConfig(config), module), Optional.empty());
                case OPEN -> new StagedRestore.Opened(StationStore.open(storeConfig(config), module), Optional.empty());
                case START -> StagedRestore.open(storeConfig(config), module);
            };
        } catch (RuntimeException e) {
            if (psam != null) {
                psam.close();
            }
            throw e;
        }
        return new Station(config, module, psam, opened.store(), Clock.systemDefaultZone(),
                opened.restore().orElse(null));
    }

    /** What the start did with a restore the administrators had staged (empty: none was waiting). */
    public Optional<StagedRestore.Outcome> restoreAtStart() {
        return Optional.ofNullable(restoreAtStart);
    }

    /** The store's settings; its pairing record is {@link #pairingFile} beside the key store. */
    public static StoreConfig storeConfig(StationConfig config) {
        return new StoreConfig(config.storeFile(), config.deviceNumber(), dataKey(config), 0, Duration.ofSeconds(10),
                Clock.systemDefaultZone(), pairingFile(config));
    }

    /** {@code <keystore.path>.pairing}: names the station database the key store belongs to. */
    public static Path pairingFile(StationConfig config) {
        return config.keyStore().resolveSibling(config.keyStore().getFileName() + ".pairing");
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

    /** The software key store: the station's own keys (and the card keys when there is no PSAM). */
    public SoftwareSecurityModule module() {
        return module;
    }

    /** The module for card operations: the PSAM for card keys and the key store for station keys, or the key store. */
    public SecurityModule cardKeys() {
        return cardKeys;
    }

    public Optional<StationPsam> psam() {
        return Optional.ofNullable(psam);
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
        try {
            store.close();
        } finally {
            if (psam != null) {
                psam.close();
            }
        }
    }
}
