package org.sscard.terminal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.AuditEntry;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.Totp;
import org.sscard.terminal.TestStation;

/** Log-in with a second factor through the session manager, on a station set up with the default policy. */
class SecondFactorLoginTest {
    static final char[] SUP_PW = "Own-Sup-Pass7".toCharArray();
    @TempDir
    Path dir;
    TestStation s;
    SessionManager sessions;

    @BeforeEach
    void open() throws Exception {
        s = new TestStation(dir);
        Operators ops = s.store.operators();
        ops.createFirstAdministrator("admin1", "管理员一", "Setup-Pass-1".toCharArray());
        ops.changePassword("admin1", "Setup-Pass-1".toCharArray(), TestStation.ADMIN_PASSWORD.clone());
        ops.create("admin1", "sup1", "值班长", Role.SUPERVISOR, "Temp-Pass-9".toCharArray());
        ops.changePassword("sup1", "Temp-Pass-9".toCharArray(), SUP_PW.clone());
        ops.create("admin1", "cash1", "收费员", Role.CASHIER, "Temp-Pass-9".toCharArray());
        ops.changePassword("cash1", "Temp-Pass-9".toCharArray(), "Own-Cash-Pass1".toCharArray());
        sessions = new SessionManager(s.store, s.clock, Duration.ofMinutes(5));
    }

    @AfterEach
    void close() {
        s.close();
    }

    private String code(Operators.Enrolment e, int stepsAhead) {
        return Totp.code(e.secret(), Totp.step(s.clock.instant()) + stepsAhead, Totp.DIGITS);
    }

    private Operators.Enrolment enrolSupervisor() {
        SessionManager.LoginResult pw = sessions.login("sup1", SUP_PW.clone());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, pw.status());
        assertFalse(pw.loggedIn());
        Operators.Enrolment e = sessions.beginEnrolment();
        assertSame(e, sessions.beginEnrolment(), "the same secret until confirmed");
        assertEquals(Operators.AuthStatus.WRONG_CODE, sessions.confirmEnrolment("000000".toCharArray()).status());
        SessionManager.LoginResult done = sessions.confirmEnrolment(code(e, 0).toCharArray());
        assertTrue(done.loggedIn(), done.message());
        sessions.logout();
        return e;
    }

    @Test
    void supervisorsEnrolAtTheirFirstLogInAndThenGiveACodeEachTime() {
        Operators.Enrolment e = enrolSupervisor();
        SessionManager.LoginResult pw = sessions.login("sup1", SUP_PW.clone());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, pw.status());
        assertEquals(List.of("sup1"), sessions.awaitingSecondFactor().stream().toList());
        assertTrue(sessions.current().isEmpty(), "no session on the password alone");
        assertEquals(Operators.AuthStatus.WRONG_CODE, sessions.secondFactor(code(e, 0).toCharArray()).status(),
                "the enrolment's code is used");
        SessionManager.LoginResult in = sessions.secondFactor(code(e, 1).toCharArray());
        assertTrue(in.loggedIn(), in.message());
        assertEquals(Role.SUPERVISOR, sessions.current().orElseThrow().role());
        assertTrue(sessions.awaitingSecondFactor().isEmpty());

        assertTrue(sessions.login("cash1", "Own-Cash-Pass1".toCharArray()).message().contains("log out first"));
        sessions.logout();
        assertTrue(sessions.login("cash1", "Own-Cash-Pass1".toCharArray()).loggedIn(), "cashiers give no code by default");
    }

    @Test
    void theCodeMustFollowThePasswordWithinTheWindow() {
        Operators.Enrolment e = enrolSupervisor();
        s.clock.advance(Duration.ofMinutes(1));
        sessions.login("sup1", SUP_PW.clone());
        s.clock.advance(SessionManager.SECOND_FACTOR_WINDOW);
        SessionManager.LoginResult late = sessions.secondFactor(code(e, 0).toCharArray());
        assertFalse(late.loggedIn());
        assertTrue(late.message().contains("log in again"), late.message());
        assertTrue(sessions.awaitingSecondFactor().isEmpty());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, sessions.login("sup1", SUP_PW.clone()).status());
        sessions.cancelSecondFactor();
        assertFalse(sessions.secondFactor(code(e, 0).toCharArray()).loggedIn(), "cancelled");
        assertThrows(AccessDeniedException.class, () -> sessions.beginEnrolment());
    }

    @Test
    void theIdleLockOpensWithThePasswordAloneInTheSameSession() {
        Operators.Enrolment e = enrolSupervisor();
        s.clock.advance(Duration.ofMinutes(1));
        sessions.login("sup1", SUP_PW.clone());
        assertTrue(sessions.secondFactor(code(e, 0).toCharArray()).loggedIn());
        s.clock.advance(Duration.ofMinutes(5));
        assertTrue(sessions.checkIdle());
        assertFalse(sessions.unlock("Wrong-Pass-11".toCharArray()).loggedIn());
        SessionManager.LoginResult unlocked = sessions.unlock(SUP_PW.clone());
        assertTrue(unlocked.loggedIn(), unlocked.message());
        assertFalse(sessions.locked());
        assertEquals(0, s.store.operators().find("sup1").orElseThrow().failedAttempts(), "the right password clears the wrong one");
    }

    @Test
    void wrongCodesLockTheAccountAndEndThePendingLogIn() {
        enrolSupervisor();
        s.clock.advance(Duration.ofMinutes(1));
        sessions.login("sup1", SUP_PW.clone());
        for (int i = 1; i < Operators.MAX_FAILED_ATTEMPTS; i++) {
            SessionManager.LoginResult r = sessions.secondFactor("123456".toCharArray());
            assertEquals(Operators.AuthStatus.WRONG_CODE, r.status());
            assertTrue(r.message().contains("tries left"), r.message());
        }
        assertEquals(Operators.AuthStatus.LOCKED, sessions.secondFactor("123456".toCharArray()).status());
        assertTrue(sessions.awaitingSecondFactor().isEmpty());
        List<AuditEntry> failed = s.store.audit().query("auditor", Instant.EPOCH, s.clock.instant().plusSeconds(1),
                "operator.login.failed", 100);
        assertEquals(Operators.MAX_FAILED_ATTEMPTS + 1, failed.size(), "and the wrong code while enrolling");
        assertTrue(failed.stream().noneMatch(a -> a.detail().contains("123456")), "no code in the audit log");
    }

    @Test
    void aSecondAdministratorConfirmsWithPasswordAndCode() {
        SessionManager.LoginResult pw = sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, pw.status());
        Operators.Enrolment admin = sessions.beginEnrolment();
        assertTrue(sessions.confirmEnrolment(code(admin, 0).toCharArray()).loggedIn());
        sessions.logout();
        Operators ops = s.store.operators();
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED,
                ops.authenticate("admin1", TestStation.ADMIN_PASSWORD.clone(), null).status(), "no code given");
        assertEquals(Operators.AuthStatus.OK,
                ops.authenticate("admin1", TestStation.ADMIN_PASSWORD.clone(), code(admin, 1).toCharArray()).status());
    }
}
