package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Transaction;
import org.sscard.store.Backups;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.services.StationServices.Level;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/**
 * A station that runs itself: {@link StationServices} against central-sim, with the station's clock moved by the test
 * and the ticks called by it (the scheduler is the test), nobody logged in.
 */
class StationServicesTest {
    @TempDir
    Path dir;
    LiveCentral live;
    StationConfig config;

    @BeforeEach
    void start() throws Exception {
        live = new LiveCentral(dir);
        config = live.station.config.withBackupFolders(dir.resolve("backups"), dir.resolve("share"));
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private StationServices services(StationConfig c, StationStore store, CentralLink link, Authorizer authorizer) {
        return new StationServices(c, store, new Forwarder(link, store), new Sync(link, store, authorizer,
                live.station.clock), authorizer, live.station.clock);
    }

    private StationServices services() {
        return services(config, live.station.store, live.link, live.authorizer);
    }

    /** An offline debit (C110) left in the outbox, as an offline sale leaves it. */
    private String queueDebit(long termSeq) {
        DemoCard card = live.cards.card(1);
        CardService.OfflineDebits in = new CardService.OfflineDebits(List.of(new CardService.OfflineDebit("0000000000A1",
                termSeq, card.cardNumber().toString(), card.identification().hex().toUpperCase(), termSeq,
                "2025-03-14 09:40:00", Money.ofFen(100), Money.ofFen(1000), "1A2B3C4D")));
        PreparedMessage m = live.link.prepare(Transaction.OFFLINE_DEBITS, in, LiveCentral.PHARMACIST);
        live.station.store.outbox().enqueue("pharm1", new OutboxMessage(m.msgid(), "offline-debit", m.infno(), m.body(),
                true, null, Money.ofFen(100)));
        return m.msgid();
    }

    private OutboxState state(String msgid) {
        return live.station.store.outbox().find(msgid).orElseThrow().state();
    }

    private void adminLogsIn() {
        assertTrue(live.sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
    }

    @Test
    void aQueueLeftAtLogOutIsForwardedWithinTheForwardingInterval() {
        StationServices services = services();
        services.tick();
        live.login("pharm1");
        String msgid = queueDebit(1);
        live.sessions.logout();
        assertTrue(live.sessions.loggedIn().isEmpty());
        live.station.clock.advance(StationServices.FORWARD_EVERY.minusSeconds(1));
        services.tick();
        assertEquals(OutboxState.QUEUED, state(msgid), "not yet: the forwarding interval has not passed");
        live.station.clock.advance(Duration.ofSeconds(1));
        services.tick();
        assertEquals(OutboxState.DONE, state(msgid), "forwarded with nobody logged in");
    }

    @Test
    void aStationLeftAloneFor48HoursKeepsItsBlacklistFreshTakesItsBackupsAndForwardsItsQueue() throws Exception {
        StationServices services = services();
        List<StationServices.Status> seen = new ArrayList<>();
        services.addListener(seen::add);
        String before = queueDebit(1);
        Instant start = live.station.clock.instant();
        Duration step = Duration.ofMinutes(5);
        Duration downFrom = Duration.ofHours(20);
        Duration downUntil = Duration.ofHours(23);
        String queuedWhileDown = null;
        boolean warned = false;
        for (Duration t = Duration.ZERO; t.compareTo(Duration.ofHours(48)) <= 0; t = t.plus(step)) {
            live.station.clock.set(start.plus(t));
            if (t.equals(downFrom)) {
                live.central.faults().arm(new Fault("C108", Fault.Mode.FAIL_5XX, 0, 0));
                live.central.faults().arm(new Fault("C110", Fault.Mode.FAIL_5XX, 0, 0));
                queuedWhileDown = queueDebit(2);
            }
            if (t.equals(downUntil)) {
                live.central.faults().clearAll();
            }
            if (t.equals(Duration.ofHours(30))) {
                new Counter(config, live.station.store, live.link, live.authorizer, live.station.clock).shifts()
                        .close("pharm1");
            }
            StationServices.Status s = services.tick();
            Duration age = s.age(s.blacklistAt());
            assertNotNull(age, "synced from the first tick");
            assertTrue(s.blacklist() != Level.OVERDUE, "never past the offline limit: " + s);
            boolean down = t.compareTo(downFrom) >= 0 && t.compareTo(downUntil) < 0;
            boolean recovering = t.compareTo(downUntil) >= 0 && t.compareTo(downUntil.plusMinutes(20)) < 0;
            if (!down && !recovering) {
                assertTrue(age.compareTo(Duration.ofMinutes(20)) <= 0, "fresh at " + t + ": " + age);
                assertEquals(Level.OK, s.blacklist(), "at " + t);
                assertNull(s.problem(), "at " + t);
            }
            if (down && t.compareTo(downFrom.plusMinutes(10)) > 0) {
                assertTrue(s.problem() != null && s.problem().english().contains("blacklist sync failed"), s.toString());
                assertEquals("黑名单同步未成功,稍后自动重试。", s.problem().in(java.util.Locale.SIMPLIFIED_CHINESE),
                        "the link's own words stay in the English");
            }
            if (down && age.compareTo(Duration.ofHours(1)) >= 0) {
                assertEquals(Level.WARNING, s.blacklist(), "a warning well before the 24 h limit, at " + t);
                warned = true;
            }
            assertEquals(Level.OK, s.backup(), "at " + t);
        }
        assertTrue(warned);
        assertEquals(OutboxState.DONE, state(before));
        assertEquals(OutboxState.DONE, state(queuedWhileDown), "forwarded once the link came back");
        StationServices.Status last = services.status();
        assertTrue(last.age(last.catalogAt()).compareTo(Duration.ofDays(1)) <= 0);
        assertEquals(Level.OK, last.catalog());
        assertEquals(seen.get(seen.size() - 1), last, "listeners get every tick's status");

        // Daily at 02:00 (Asia/Shanghai) — the first at start, then 03-15 and 03-16 — and one at the shift close.
        // The ticks fall at :00:15, :05:15...: the first at or after each time is the one that backs up.
        adminLogsIn();
        List<Backups.BackupFile> backups = services.backups();
        assertEquals(List.of("2025-03-14T01:30:15Z", "2025-03-14T18:00:15Z", "2025-03-15T07:30:15Z",
                "2025-03-15T18:00:15Z"), backups.stream().map(b -> b.madeAt().toString()).sorted().toList());
        for (Backups.BackupFile b : backups) {
            assertTrue(services.verify(b.file()).audit().intact());
            assertEquals(-1, Files.mismatch(b.file(), dir.resolve("share").resolve(b.file().getFileName())),
                    "copied to the second folder");
        }
    }

    @Test
    void aFailingSyncIsRetriedWithADoublingWaitAndNeverThrown() {
        StationServices services = services();
        services.tick();
        Instant synced = services.status().blacklistAt();
        live.station.clock.advance(Duration.ofMinutes(15));
        live.central.faults().arm(new Fault("C108", Fault.Mode.FAIL_5XX, 0, 4));
        Integer usedUpAt = null;
        Integer syncedAt = null;
        for (int minute = 0; minute <= 16; minute++) {
            StationServices.Status s = services.tick();
            if (usedUpAt == null && live.central.faults().list().isEmpty()) {
                usedUpAt = minute;
            }
            if (syncedAt == null && s.blacklistAt().isAfter(synced)) {
                syncedAt = minute;
            }
            if (minute > 0 && syncedAt == null) {
                assertTrue(s.problem() != null && s.problem().english().contains("blacklist sync failed"), s.toString());
            }
            live.station.clock.advance(Duration.ofMinutes(1));
        }
        // fails at minute 0 (then waits 1 min), 1 (2 min), 3 (4 min), 7 (8 min; the fault is used up), succeeds at 15
        assertEquals(7, usedUpAt, "the 4th failure comes at minute 7, not at minute 3");
        assertEquals(15, syncedAt);
        StationServices.Status s = services.status();
        assertTrue(s.blacklistAt().isAfter(synced), "synced again at minute 15");
        assertNull(s.problem());
    }

    @Test
    void aBackupThatCannotBeCopiedIsAWarningAndOldBackupsGoAfterTheRetentionPeriod() throws Exception {
        Files.writeString(dir.resolve("not-a-folder"), "a file where the share should be");
        config = config.withBackupFolders(dir.resolve("backups"), dir.resolve("not-a-folder"));
        StationServices services = services();
        StationServices.Status s = services.tick();
        assertEquals(Level.OK, s.backup(), "the backup itself is good");
        assertTrue(s.problem() != null && s.problem().english().contains("could not be copied to the second folder"), s.toString());
        assertThrows(AccessDeniedException.class, services::backupNow, "an administrator's");

        Path first = live.station.store.backups().list(config.backupFolder()).get(0).file();
        live.station.clock.advance(Duration.ofDays(31));
        adminLogsIn();
        StationServices.BackupMade made = services.backupNow();
        assertTrue(made.verification().audit().intact());
        assertEquals(Reason.BACKUP_COPY_FAILED, made.copyProblem().reason());
        assertEquals(List.of(made.file().getFileName().toString(), dir.resolve("not-a-folder").toString()),
                made.copyProblem().args().subList(0, 2));
        assertFalse(Files.exists(first), "older than the 30 days kept");
        assertEquals(List.of(made.file()), services.backups().stream().map(Backups.BackupFile::file).toList());
    }

    /**
     * The restore drill: the station's disk is lost; a new station gets the key store and the copy of the last backup
     * from the second folder, restores it, and works: it forwards what was queued, syncs and takes its own backups.
     */
    @Test
    void theRestoreDrillTurnsANewStationWithTheKeyStoreAndABackupIntoAWorkingStation() throws Exception {
        live.central.faults().arm(new Fault("C110", Fault.Mode.FAIL_5XX, 0, 0));
        StationServices services = services();
        String queued = queueDebit(1);
        services.tick();
        assertEquals(OutboxState.QUEUED, state(queued), "the link refused it before the disk was lost");
        Path copy = Files.list(dir.resolve("share")).filter(p -> p.toString().endsWith(".ssbak")).findFirst().orElseThrow();
        live.station.store.close();
        Files.delete(config.storeFile());
        live.central.faults().clearAll();

        Path fresh = Files.createDirectories(dir.resolve("new-station"));
        StationConfig restoredConfig = new StationConfig(config.institutionCode(), config.institutionName(),
                config.institutionLevel(), config.treatmentRegion(), config.insuranceRegion(), config.deviceNumber(),
                config.receiverSystem(), config.centralUrl(), config.centralCaFile(), false, config.connectTimeout(),
                config.readTimeout(), config.callTimeout(), null, fresh.resolve("keys.sks"), 1, 1,
                fresh.resolve("station.db"), config.offline(), config.idleLock(), null, null, fresh.resolve("backups"),
                null);
        StoreConfig storeConfig = new StoreConfig(restoredConfig.storeFile(), config.deviceNumber(), TestStation.DATA_KEY,
                0, Duration.ofSeconds(10), live.station.clock);
        assertTrue(Backups.restore(copy, storeConfig, live.station.module).audit().intact());
        live.station.store = StationStore.open(storeConfig, live.station.module,
                org.sscard.store.PasswordHasher.FAST_FOR_TESTS);
        live.station.config = restoredConfig;
        CentralLink link = live.station.link();
        SessionManager sessions = new SessionManager(live.station.store, live.station.clock, Duration.ofMinutes(30));
        Authorizer authorizer = new Authorizer(sessions, live.station.store);
        StationServices restored = services(restoredConfig, live.station.store, link, authorizer);
        live.station.clock.advance(Duration.ofMinutes(15));
        StationServices.Status s = restored.tick();
        assertEquals(OutboxState.DONE, live.station.store.outbox().find(queued).orElseThrow().state());
        assertEquals(Level.OK, s.blacklist());
        assertEquals(Level.OK, s.backup());
        assertTrue(sessions.login("pharm1", LiveCentral.PASSWORD.clone()).loggedIn(), "the operators came back too");
        assertTrue(Files.list(fresh.resolve("backups")).anyMatch(p -> p.toString().endsWith(".ssbak")));
    }
}
