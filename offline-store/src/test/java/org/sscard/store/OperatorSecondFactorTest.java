package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Second factor at log-in: enrolment, codes within one step, no replay, recovery codes, the per-role policy. */
class OperatorSecondFactorTest {
    static final char[] SETUP_PW = "Setup-Pass-1".toCharArray();
    static final char[] ADMIN_PW = "Own-Admin-Pass9".toCharArray();
    @TempDir
    Path dir;
    Fixtures.TestClock clock;
    org.sscard.crypto.SoftwareSecurityModule module;
    StationStore store;
    Operators ops;

    @BeforeEach
    void setUp() {
        clock = new Fixtures.TestClock();
        module = Fixtures.module();
        store = Fixtures.open(dir.resolve("s.db"), module, clock);
        ops = store.operators();
        ops.createFirstAdministrator("admin1", "Admin One", SETUP_PW.clone());
        ops.changePassword("admin1", SETUP_PW.clone(), ADMIN_PW.clone());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private String code(Operators.Enrolment e, Instant at) {
        return Totp.code(e.secret(), Totp.step(at), Totp.DIGITS);
    }

    private Operators.Enrolment enrolAdmin() {
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, ops.authenticate("admin1", ADMIN_PW.clone()).status());
        Operators.Enrolment e = ops.beginEnrolment("admin1");
        assertEquals(Operators.AuthStatus.OK, ops.confirmEnrolment(e, code(e, clock.instant()).toCharArray()).status());
        return e;
    }

    @Test
    void setUpRequiresItOfAdministratorsAndSupervisorsAndEnrolmentNeedsAWorkingApp() {
        assertEquals(EnumSet.of(Role.ADMINISTRATOR, Role.SUPERVISOR), ops.secondFactorRoles());
        Operators.AuthResult pw = ops.authenticate("admin1", ADMIN_PW.clone());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, pw.status());
        assertTrue(pw.passwordAccepted());
        assertNull(ops.find("admin1").orElseThrow().lastLoginAt(), "the password alone is not a log-in");

        Operators.Enrolment e = ops.beginEnrolment("admin1");
        assertEquals(Operators.RECOVERY_CODES, e.recoveryCodes().size());
        assertEquals(Operators.RECOVERY_CODES, e.recoveryCodes().stream().distinct().count());
        assertTrue(e.uri().startsWith("otpauth://totp/sscard:admin1?secret=" + e.typedSecret() + "&"), e.uri());
        String wrong = Totp.code(e.secret(), Totp.step(clock.instant()) + 5, Totp.DIGITS);
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.confirmEnrolment(e, wrong.toCharArray()).status());
        assertFalse(ops.find("admin1").orElseThrow().secondFactorEnrolled(), "a wrong code stores nothing");

        assertEquals(Operators.AuthStatus.OK, ops.confirmEnrolment(e, code(e, clock.instant()).toCharArray()).status());
        Operators.Operator admin = ops.find("admin1").orElseThrow();
        assertTrue(admin.secondFactorEnrolled());
        assertEquals(clock.instant(), admin.lastLoginAt());
        assertEquals(0, admin.failedAttempts(), "the completed log-in clears the wrong code");
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, ops.authenticate("admin1", ADMIN_PW.clone()).status());
    }

    @Test
    void codesAreRefusedWhenReusedOrMoreThanOneStepOff() {
        Operators.Enrolment e = enrolAdmin();
        Instant enrolledAt = clock.instant();
        String sameStep = code(e, enrolledAt);
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", sameStep.toCharArray()).status(),
                "the code that confirmed the enrolment cannot log in again");

        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        String next = code(e, clock.instant());
        assertEquals(Operators.AuthStatus.OK, ops.verifyCode("admin1", next.toCharArray()).status());
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", next.toCharArray()).status(), "replay");

        clock.advance(Duration.ofSeconds(10L * Totp.STEP_SECONDS));
        String late = Totp.code(e.secret(), Totp.step(clock.instant()) - 2, Totp.DIGITS);
        String early = Totp.code(e.secret(), Totp.step(clock.instant()) + 2, Totp.DIGITS);
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", late.toCharArray()).status());
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", early.toCharArray()).status());
        String previous = Totp.code(e.secret(), Totp.step(clock.instant()) - 1, Totp.DIGITS);
        assertEquals(Operators.AuthStatus.OK, ops.verifyCode("admin1", previous.toCharArray()).status(), "one step of drift");
        String current = code(e, clock.instant());
        assertEquals(Operators.AuthStatus.OK, ops.verifyCode("admin1", current.toCharArray()).status(), "a later step");
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", previous.toCharArray()).status(),
                "an earlier step than the last accepted one is refused");
    }

    @Test
    void wrongCodesCountTowardTheLockOutAndThePasswordDoesNotResetThem() {
        Operators.Enrolment e = enrolAdmin();
        clock.advance(Duration.ofMinutes(5));
        for (int i = 1; i < Operators.MAX_FAILED_ATTEMPTS; i++) {
            assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, ops.authenticate("admin1", ADMIN_PW.clone()).status());
            Operators.AuthResult r = ops.verifyCode("admin1", "000000".toCharArray());
            assertEquals(Operators.AuthStatus.WRONG_CODE, r.status());
            assertEquals(Operators.MAX_FAILED_ATTEMPTS - i, r.triesLeft());
        }
        Operators.AuthResult locked = ops.verifyCode("admin1", "000000".toCharArray());
        assertEquals(Operators.AuthStatus.LOCKED, locked.status());
        assertEquals(Operators.AuthStatus.LOCKED, ops.verifyCode("admin1", code(e, clock.instant()).toCharArray()).status());
        List<AuditEntry> failed = store.audit().query("auditor", Instant.EPOCH, clock.instant().plusSeconds(1), "operator.login.failed", 100);
        assertTrue(failed.stream().allMatch(a -> !a.detail().contains("000000")), "no code in the audit log");
    }

    @Test
    void recoveryCodesAreSingleUseAndStoredOnlyHashed() throws Exception {
        Operators.Enrolment e = enrolAdmin();
        String first = e.recoveryCodes().get(0);
        assertEquals(Operators.AuthStatus.OK, ops.verifyCode("admin1", first.toLowerCase().replace("-", " ").toCharArray()).status(),
                "typed in lower case with a space");
        assertEquals(Operators.RECOVERY_CODES - 1, ops.unusedRecoveryCodes("admin1"));
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", first.toCharArray()).status(), "used once");
        assertEquals(Operators.AuthStatus.WRONG_CODE, ops.verifyCode("admin1", "ABCDE-FGHJK".toCharArray()).status());
        assertEquals(Operators.AuthStatus.OK, ops.verifyCode("admin1", e.recoveryCodes().get(1).toCharArray()).status());
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT totp_secret FROM operator WHERE id = 'admin1'")) {
                rs.next();
                byte[] sealed = rs.getBytes(1);
                assertNotNull(sealed);
                assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(new String(e.secret(), StandardCharsets.ISO_8859_1)),
                        "the secret is sealed");
            }
            try (ResultSet rs = st.executeQuery("SELECT code_hash FROM operator_recovery_code")) {
                while (rs.next()) {
                    String stored = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
                    for (String rc : e.recoveryCodes()) {
                        assertFalse(stored.contains(rc.replace("-", "")), "recovery codes are hashed");
                    }
                }
            }
        }
        store = Fixtures.open(dir.resolve("s.db"), module, clock);
        ops = store.operators();
        assertEquals(Operators.RECOVERY_CODES - 2, ops.unusedRecoveryCodes("admin1"));
    }

    @Test
    void theIdleLockTakesThePasswordAloneAndTheResetSecondFactorMeansEnrollingAgain() {
        enrolAdmin();
        Operators.AuthResult r = ops.reauthenticate("admin1", ADMIN_PW.clone());
        assertEquals(Operators.AuthStatus.OK, r.status());
        assertEquals(Operators.AuthStatus.WRONG_CREDENTIALS, ops.reauthenticate("admin1", "Wrong-Pass-1".toCharArray()).status());

        ops.create("admin1", "admin2", "Admin Two", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        ops.resetSecondFactor("admin2", "admin1");
        assertFalse(ops.find("admin1").orElseThrow().secondFactorEnrolled());
        assertEquals(0, ops.unusedRecoveryCodes("admin1"));
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, ops.authenticate("admin1", ADMIN_PW.clone()).status());
        assertEquals(1, store.audit().query("auditor", Instant.EPOCH, clock.instant().plusSeconds(1), "operator.totp.reset", 10).size());
    }

    @Test
    void thePolicyIsPerRoleAndAnEnrolledOperatorAlwaysGivesACode() {
        ops.create("admin1", "cash1", "Cashier", Role.CASHIER, "Temp-Pass-9".toCharArray());
        ops.changePassword("cash1", "Temp-Pass-9".toCharArray(), "Own-Cash-Pass1".toCharArray());
        assertEquals(Operators.AuthStatus.OK, ops.authenticate("cash1", "Own-Cash-Pass1".toCharArray()).status(),
                "cashiers are not in the default roles");
        assertEquals(clock.instant(), ops.find("cash1").orElseThrow().lastLoginAt());
        Operators.Enrolment e = ops.beginEnrolment("cash1");
        ops.confirmEnrolment(e, code(e, clock.instant()).toCharArray());
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED, ops.authenticate("cash1", "Own-Cash-Pass1".toCharArray()).status(),
                "a cashier who enrolled always gives the code");
        assertEquals(EnumSet.of(Role.CASHIER, Role.AUDITOR), Operators.parseRoles(" cashier ,AUDITOR"));
        assertEquals(EnumSet.noneOf(Role.class), Operators.parseRoles("NONE"));
        assertEquals("SUPERVISOR,ADMINISTRATOR", Operators.formatRoles(EnumSet.of(Role.ADMINISTRATOR, Role.SUPERVISOR)));
    }

    @Test
    void thePolicyChangesOnlyUnderDualControlAndOnlyToKnownRoles() {
        ops.create("admin1", "admin2", "Admin Two", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        StoreException noApproval = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> store.settings().setString("admin1", Operators.SECOND_FACTOR_ROLES, "NONE"));
        assertTrue(noApproval.getMessage().contains("core configuration"), noApproval.getMessage());
        long bad = ops.requestApproval("admin1", "setting.change", Operators.SECOND_FACTOR_ROLES + "=BOSS");
        ops.decide("admin2", bad, true);
        org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.settings().setCore("admin1", bad,
                Operators.SECOND_FACTOR_ROLES, Settings.Type.STRING, "BOSS"), "an unknown role is refused");
        long id = ops.requestApproval("admin1", "setting.change", Operators.SECOND_FACTOR_ROLES + "=CASHIER,SUPERVISOR,ADMINISTRATOR");
        ops.decide("admin2", id, true);
        store.settings().setCore("admin1", id, Operators.SECOND_FACTOR_ROLES, Settings.Type.STRING, "CASHIER,SUPERVISOR,ADMINISTRATOR");
        assertEquals(EnumSet.of(Role.CASHIER, Role.SUPERVISOR, Role.ADMINISTRATOR), ops.secondFactorRoles());
    }

    @Test
    void aStationSetUpWithoutSecondFactorsDoesNotAskForThem(@TempDir Path other) {
        try (StationStore plain = Fixtures.open(other.resolve("p.db"), Fixtures.module(), clock)) {
            plain.operators().createFirstAdministrator("admin1", "Admin", SETUP_PW.clone(), EnumSet.noneOf(Role.class));
            plain.operators().changePassword("admin1", SETUP_PW.clone(), ADMIN_PW.clone());
            assertEquals(Operators.AuthStatus.OK, plain.operators().authenticate("admin1", ADMIN_PW.clone()).status());
            assertEquals("NONE", plain.settings().getString(Operators.SECOND_FACTOR_ROLES).orElseThrow());
        }
    }
}
