package org.sscard.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.AuditEntry;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.StoreException;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.RuntimeSettings.Setting;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.values.Money;

class RuntimeSettingsTest {
    static final char[] PASSWORD = "Second-Admin-2".toCharArray();

    @TempDir
    Path dir;
    TestStation station;
    SessionManager sessions;
    RuntimeSettings settings;

    @BeforeEach
    void open() throws Exception {
        station = new TestStation(dir);
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Initial-Pass9".toCharArray());
        ops.changePassword("admin2", "Initial-Pass9".toCharArray(), PASSWORD.clone());
        ops.create("admin1", "sup1", "主管一", Role.SUPERVISOR, "Initial-Pass9".toCharArray());
        ops.changePassword("sup1", "Initial-Pass9".toCharArray(), PASSWORD.clone());
        sessions = new SessionManager(station.store, station.clock, station.config.idleLock());
        settings = new RuntimeSettings(station.config, station.store, new Authorizer(sessions, station.store),
                station.clock);
    }

    @AfterEach
    void close() {
        station.close();
    }

    private void login(String id, char[] password) {
        assertTrue(sessions.login(id, password.clone()).loggedIn(), id);
    }

    @Test
    void aChangeNeedsASecondAdministratorAndIsAppliedWithBothNamed() {
        login("admin1", TestStation.ADMIN_PASSWORD);
        long id = settings.propose(Setting.OFFLINE_PER_TRANSACTION, "150");
        assertEquals(20_000, RuntimeSettings.offlineLimits(station.config, station.store.settings()).perTransaction().fen(),
                "nothing changes while the proposal is pending");
        RuntimeSettings.Proposal p = settings.open().get(0);
        assertEquals(id, p.id());
        assertEquals("15000", p.value());
        SettingsException own = assertThrows(SettingsException.class, () -> settings.approve(id));
        assertTrue(own.getMessage().contains("two different administrators"), own.getMessage());
        SettingsException ownDialog = assertThrows(SettingsException.class,
                () -> settings.approve(id, "admin1", TestStation.ADMIN_PASSWORD.clone(), null));
        assertTrue(ownDialog.getMessage().contains("second administrator"), ownDialog.getMessage());
        assertThrows(SettingsException.class, () -> settings.approve(id, "sup1", PASSWORD.clone(), null),
                "a supervisor cannot approve");
        SettingsException wrong = assertThrows(SettingsException.class,
                () -> settings.approve(id, "admin2", "Not-The-Pass1".toCharArray(), null));
        assertEquals(Reason.SETTING_APPROVER_WRONG_PASSWORD, wrong.problem().reason(), wrong.getMessage());
        assertNull(settings.current().stream().filter(c -> c.setting() == Setting.OFFLINE_PER_TRANSACTION).findFirst()
                .orElseThrow().storedValue());

        char[] typed = PASSWORD.clone();
        RuntimeSettings.Proposal approved = settings.approve(id, "admin2", typed, null);
        assertEquals(Operators.ApprovalState.USED, approved.state(), "approved on admin1's session and applied at once");
        assertEquals("\0".repeat(typed.length), new String(typed), "the approver's password is wiped");
        assertEquals(15_000, RuntimeSettings.offlineLimits(station.config, station.store.settings()).perTransaction().fen());
        assertTrue(settings.open().isEmpty());
        List<AuditEntry> trail = station.store.audit().query("admin1", station.clock.instant().minusSeconds(60),
                station.clock.instant().plusSeconds(60), "setting.dual-control", 10);
        assertEquals(1, trail.size());
        assertTrue(trail.get(0).detail().contains("proposed by admin1, approved by admin2, approval #" + id),
                trail.get(0).detail());
    }

    @Test
    void theSecondFactorRolesChangeUnderDualControlAndTheApproverThenGivesACode() {
        login("admin1", TestStation.ADMIN_PASSWORD);
        assertEquals("NONE", settings.current().stream().filter(c -> c.setting() == Setting.SECOND_FACTOR_ROLES)
                .findFirst().orElseThrow().effective(), "a store set up without the policy asks nobody");
        SettingsException unknown = assertThrows(SettingsException.class, () -> settings.propose(Setting.SECOND_FACTOR_ROLES, "BOSS"));
        assertEquals(Problem.of(Reason.SETTING_ROLES_INVALID, Setting.SECOND_FACTOR_ROLES.key(), "BOSS"), unknown.problem());
        long id = settings.propose(Setting.SECOND_FACTOR_ROLES, "administrator, supervisor");
        assertEquals("SUPERVISOR,ADMINISTRATOR", settings.open().get(0).value());
        settings.approve(id, "admin2", PASSWORD.clone(), null);
        assertEquals(java.util.EnumSet.of(Role.SUPERVISOR, Role.ADMINISTRATOR), station.store.operators().secondFactorRoles());
        sessions.logout();
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, sessions.login("sup1", PASSWORD.clone()).status(),
                "applies at the next log-in");

        Operators ops = station.store.operators();
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, ops.authenticate("admin2", PASSWORD.clone()).status());
        Operators.Enrolment e = ops.beginEnrolment("admin2");
        ops.confirmEnrolment(e, org.sscard.store.Totp.code(e.secret(), org.sscard.store.Totp.step(station.clock.instant()),
                6).toCharArray());
        Operators.Enrolment a1 = ops.beginEnrolment("admin1");
        ops.confirmEnrolment(a1, org.sscard.store.Totp.code(a1.secret(), org.sscard.store.Totp.step(station.clock.instant()),
                6).toCharArray());
        station.clock.advance(java.time.Duration.ofMinutes(1));
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).status());
        assertTrue(sessions.secondFactor(org.sscard.store.Totp.code(a1.secret(),
                org.sscard.store.Totp.step(station.clock.instant()), 6).toCharArray()).loggedIn());
        long next = settings.propose(Setting.IDLE_LOCK, "PT10M");
        SettingsException noCode = assertThrows(SettingsException.class, () -> settings.approve(next, "admin2", PASSWORD.clone(), null));
        assertEquals(Problem.of(Reason.SETTING_APPROVER_CODE_NEEDED), noCode.problem(), noCode.getMessage());
        settings.approve(next, "admin2", PASSWORD.clone(), org.sscard.store.Totp.code(e.secret(),
                org.sscard.store.Totp.step(station.clock.instant()), 6).toCharArray());
        assertEquals(java.time.Duration.ofMinutes(10), RuntimeSettings.idleLock(station.config, station.store.settings()));
    }

    @Test
    void aSecondAdministratorLoggedInApprovesAndTheProposerApplies() {
        login("admin1", TestStation.ADMIN_PASSWORD);
        long id = settings.propose(Setting.IDLE_LOCK, "pt10m");
        sessions.logout();
        login("admin2", PASSWORD);
        assertEquals(Operators.ApprovalState.APPROVED, settings.approve(id).state());
        assertEquals(Duration.ofMinutes(5), RuntimeSettings.idleLock(station.config, station.store.settings()),
                "approved, not yet applied");
        assertThrows(StoreException.class, () -> station.store.settings().setCore("admin2", id,
                Setting.IDLE_LOCK.key(), org.sscard.store.Settings.Type.DURATION, "PT10M"), "only the proposer applies");
        sessions.logout();
        login("admin1", TestStation.ADMIN_PASSWORD);
        settings.apply(id);
        assertEquals(Duration.ofMinutes(10), RuntimeSettings.idleLock(station.config, station.store.settings()));
        assertEquals("PT10M", settings.current().get(0).effective());
        assertThrows(SettingsException.class, () -> settings.apply(id), "an approval is used once");
    }

    @Test
    void theScheduleIsTightenedOnlyAndOnlyUnderDualControl() {
        assertEquals(Schedule.DEFAULTS, RuntimeSettings.schedule(station.store.settings()));
        login("admin1", TestStation.ADMIN_PASSWORD);
        SettingsException slower = assertThrows(SettingsException.class,
                () -> settings.propose(Setting.SYNC_BLACKLIST_EVERY, "PT30M"));
        assertTrue(slower.getMessage().contains("may only be tightened"), slower.getMessage());
        assertThrows(SettingsException.class, () -> settings.propose(Setting.SYNC_CATALOG_EVERY, "PT48H"));
        assertThrows(SettingsException.class, () -> settings.propose(Setting.BACKUP_RETENTION, "P7D"), "kept shorter");
        assertThrows(SettingsException.class, () -> settings.propose(Setting.BACKUP_TIME_OF_DAY, "PT24H"));
        long every = settings.propose(Setting.SYNC_BLACKLIST_EVERY, "PT5M");
        long at = settings.propose(Setting.BACKUP_TIME_OF_DAY, "PT23H30M");
        assertEquals(Schedule.DEFAULTS, RuntimeSettings.schedule(station.store.settings()), "pending: nothing changes");
        settings.approve(every, "admin2", PASSWORD.clone(), null);
        settings.approve(at, "admin2", PASSWORD.clone(), null);
        Schedule s = RuntimeSettings.schedule(station.store.settings());
        assertEquals(Duration.ofMinutes(5), s.blacklistEvery());
        assertEquals(java.time.LocalTime.of(23, 30), s.backupAt());
        assertEquals(Schedule.DEFAULTS.catalogEvery(), s.catalogEvery());
    }

    @Test
    void rejectedExpiredOrOutOfRangeProposalsChangeNothing() {
        login("admin1", TestStation.ADMIN_PASSWORD);
        SettingsException loosen = assertThrows(SettingsException.class,
                () -> settings.propose(Setting.OFFLINE_PER_CARD_PER_DAY, "800"));
        assertTrue(loosen.getMessage().contains("0.00 to 500.00"), loosen.getMessage());
        assertThrows(SettingsException.class, () -> settings.propose(Setting.IDLE_LOCK, "PT45M"));
        assertThrows(SettingsException.class, () -> settings.propose(Setting.OFFLINE_QUEUED_RECORDS, "many"));
        assertThrows(SettingsException.class, () -> settings.propose(Setting.OFFLINE_QUEUED_AGE, "PT9999999999999999H"));
        assertTrue(settings.open().isEmpty(), "nothing proposed");

        long rejected = settings.propose(Setting.OFFLINE_QUEUED_RECORDS, "100");
        long expired = settings.propose(Setting.BLACKLIST_MAX_AGE, "PT12H");
        assertThrows(SettingsException.class, () -> settings.reject(rejected), "the proposer does not decide");
        sessions.logout();
        login("admin2", PASSWORD);
        settings.reject(rejected);
        station.clock.advance(RuntimeSettings.PROPOSAL_VALIDITY.plusMinutes(1));
        sessions.logout();
        login("admin2", PASSWORD);
        assertTrue(settings.open().stream().allMatch(RuntimeSettings.Proposal::expired));
        SettingsException late = assertThrows(SettingsException.class, () -> settings.approve(expired));
        assertTrue(late.getMessage().contains("expired"), late.getMessage());
        assertEquals(Operators.ApprovalState.REJECTED, station.store.operators().approval(expired).state());
        sessions.logout();
        login("admin1", TestStation.ADMIN_PASSWORD);
        assertThrows(SettingsException.class, () -> settings.apply(rejected));
        assertEquals(OfflineLimits.DEFAULTS, RuntimeSettings.offlineLimits(station.config, station.store.settings()));
        sessions.logout();
        login("sup1", PASSWORD);
        assertThrows(AccessDeniedException.class, () -> settings.propose(Setting.IDLE_LOCK, "PT2M"));
    }
}
