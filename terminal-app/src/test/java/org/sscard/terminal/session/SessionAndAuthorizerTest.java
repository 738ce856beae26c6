package org.sscard.terminal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.AuditEntry;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

class SessionAndAuthorizerTest {
    @TempDir
    Path dir;
    TestStation s;
    SessionManager sessions;
    Authorizer authorizer;

    @BeforeEach
    void open() throws Exception {
        s = new TestStation(dir);
        s.ensureAdmin();
        for (Role r : Role.values()) {
            if (r != Role.ADMINISTRATOR) {
                String id = r.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
                s.store.operators().create("admin1", id, id, r, "Temp-Pass-9".toCharArray());
                s.store.operators().changePassword(id, "Temp-Pass-9".toCharArray(), "Own-Pass-77".toCharArray());
            }
        }
        sessions = new SessionManager(s.store, s.clock, Duration.ofMinutes(5));
        authorizer = new Authorizer(sessions, s.store);
    }

    @AfterEach
    void close() {
        s.close();
    }

    private List<AuditEntry> audit(String prefix) {
        return s.store.audit().query("auditor", Instant.EPOCH, s.clock.instant().plusSeconds(1), prefix, 1000);
    }

    @Test
    void theMatrixGrantsEachRoleOnlyItsWork() {
        assertTrue(Permission.VISIT.grantedTo(Role.CASHIER));
        assertFalse(Permission.VISIT.grantedTo(Role.SUPERVISOR));
        assertTrue(Permission.CANCEL_ANY_SETTLEMENT.grantedTo(Role.SUPERVISOR));
        assertFalse(Permission.CANCEL_ANY_SETTLEMENT.grantedTo(Role.CASHIER));
        assertTrue(Permission.PHARMACY_SALE.grantedTo(Role.PHARMACIST));
        assertTrue(Permission.CARD_OFFICE.grantedTo(Role.CARD_CLERK));
        assertTrue(Permission.DEAD_LETTERS.grantedTo(Role.SUPERVISOR));
        for (Permission p : Permission.values()) {
            if (p != Permission.REPORTS && p != Permission.AUDIT_READ && p != Permission.AUDIT_VERIFY && p != Permission.LINK_STATUS) {
                assertFalse(p.grantedTo(Role.AUDITOR), "auditor must not " + p);
            }
            if (p.grantedTo(Role.ADMINISTRATOR)) {
                assertFalse(p == Permission.VISIT || p == Permission.PHARMACY_SALE || p == Permission.CARD_OFFICE);
            }
        }
        assertTrue(Permission.KEYS.dualControl() && Permission.CORE_CONFIGURATION.dualControl());
        assertFalse(Permission.CONFIGURATION.grantedTo(Role.SUPERVISOR), "business operators cannot change configuration");
    }

    @Test
    void grantedAndDeniedAttemptsAreBothAudited() {
        assertThrows(AccessDeniedException.class, () -> authorizer.require(Permission.VISIT, "MD0001"));
        assertTrue(sessions.login("pharmacist", "Own-Pass-77".toCharArray()).loggedIn());
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> authorizer.require(Permission.VISIT, "MD0001"));
        assertTrue(e.getMessage().contains("pharmacist may not handle hospital visits"), e.getMessage());
        assertEquals(Problem.of(Reason.ACCESS_ROLE_MAY_NOT, Role.PHARMACIST, Permission.VISIT, List.of(Role.CASHIER)),
                e.problem());
        authorizer.require(Permission.PHARMACY_SALE, "sale-1");
        List<AuditEntry> denied = audit("authz.deny");
        assertEquals(2, denied.size());
        assertEquals("-", denied.get(0).operator());
        assertEquals("pharmacist", denied.get(1).operator());
        assertEquals("VISIT MD0001", denied.get(1).subject());
        assertEquals(1, audit("authz.allow").size());
    }

    @Test
    void idleSessionLocksWithoutSleepingAndOnlyThePasswordUnlocks() {
        sessions.login("cashier", "Own-Pass-77".toCharArray());
        s.clock.advance(Duration.ofMinutes(4));
        authorizer.require(Permission.VISIT, "");
        s.clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertFalse(sessions.locked(), "activity reset the timer");
        s.clock.advance(Duration.ofSeconds(1));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> authorizer.require(Permission.VISIT, ""));
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
        assertEquals(Reason.ACCESS_STATION_LOCKED, e.problem().reason());
        assertTrue(sessions.locked());
        assertFalse(sessions.unlock("wrong-Pass-1".toCharArray()).loggedIn());
        assertTrue(sessions.locked());
        assertTrue(sessions.unlock("Own-Pass-77".toCharArray()).loggedIn());
        authorizer.require(Permission.VISIT, "");
        assertEquals(1, audit("session.lock").size());
    }

    @Test
    void passwordPolicyAndLockOutComeFromTheStore() {
        for (int i = 0; i < Operators.MAX_FAILED_ATTEMPTS - 1; i++) {
            SessionManager.LoginResult r = sessions.login("cashier", "Bad-Pass-00".toCharArray());
            assertFalse(r.loggedIn());
            assertTrue(r.message().contains("tries left"), r.message());
        }
        SessionManager.LoginResult locked = sessions.login("cashier", "Bad-Pass-00".toCharArray());
        assertEquals(Operators.AuthStatus.LOCKED, locked.status());
        assertFalse(sessions.login("cashier", "Own-Pass-77".toCharArray()).loggedIn());
        s.store.operators().create("admin1", "newcashier", "新收费员", Role.CASHIER, "Temp-Pass-9".toCharArray());
        SessionManager.LoginResult first = sessions.login("newcashier", "Temp-Pass-9".toCharArray());
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, first.status());
        assertFalse(first.loggedIn(), "no session until the password is changed");
    }

    @Test
    void listenersHearLockAndLogout() {
        List<SessionManager.Event> events = new ArrayList<>();
        sessions.addListener(events::add);
        sessions.login("supervisor", "Own-Pass-77".toCharArray());
        sessions.lock();
        sessions.unlock("Own-Pass-77".toCharArray());
        sessions.logout();
        assertEquals(List.of(SessionManager.Event.LOGGED_IN, SessionManager.Event.LOCKED, SessionManager.Event.UNLOCKED,
                SessionManager.Event.LOGGED_OUT), events);
    }
}
