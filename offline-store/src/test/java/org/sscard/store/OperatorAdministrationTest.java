package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an administrator does to accounts: unlock, reset, disable, enable and role changes under dual control. */
class OperatorAdministrationTest {
    @TempDir
    Path dir;
    Fixtures.TestClock clock;
    StationStore store;
    Operators ops;

    @BeforeEach
    void setUp() {
        clock = new Fixtures.TestClock();
        store = Fixtures.open(dir.resolve("s.db"), Fixtures.module(), clock);
        ops = store.operators();
        ops.createFirstAdministrator("admin1", "Admin One", "Setup-Pass-1".toCharArray(), EnumSet.noneOf(Role.class));
        ops.create("admin1", "admin2", "Admin Two", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        ops.create("admin1", "cash1", "Cashier", Role.CASHIER, "Temp-Pass-9".toCharArray());
        ops.changePassword("cash1", "Temp-Pass-9".toCharArray(), "Own-Cash-Pass1".toCharArray());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private List<String> audit(String prefix) {
        return store.audit().query("auditor", Instant.EPOCH, clock.instant().plusSeconds(1), prefix, 100).stream()
                .map(a -> a.operator() + " " + a.action() + " " + a.subject() + " " + a.detail()).toList();
    }

    @Test
    void unlockResetAndTheListShowLockStateAndLastLogIn() {
        for (int i = 0; i < Operators.MAX_FAILED_ATTEMPTS; i++) {
            ops.authenticate("cash1", "Wrong-Pass-1".toCharArray());
        }
        assertTrue(ops.find("cash1").orElseThrow().lockedAt(clock.instant()));
        assertEquals(OperatorRefusedException.Refusal.ADMINISTRATORS_ONLY, assertThrows(OperatorRefusedException.class,
                () -> ops.unlock("cash1", "cash1"), "only administrators unlock").refusal());
        ops.unlock("admin1", "cash1");
        assertFalse(ops.find("cash1").orElseThrow().lockedAt(clock.instant()));
        assertEquals(Operators.AuthStatus.OK, ops.authenticate("cash1", "Own-Cash-Pass1".toCharArray()).status());
        assertEquals(clock.instant(), ops.list().stream().filter(o -> o.id().equals("cash1")).findFirst().orElseThrow().lastLoginAt());

        ops.resetPassword("admin1", "cash1", "Reset-Pass-77".toCharArray());
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, ops.authenticate("cash1", "Reset-Pass-77".toCharArray()).status());
        assertEquals(List.of("admin1 operator.unlock cash1 "), audit("operator.unlock"));
        assertEquals(List.of("admin1 operator.password.reset cash1 "), audit("operator.password.reset"));
    }

    @Test
    void disableAndEnableWithDualControlForAdministrators() {
        ops.disable("admin1", "cash1");
        assertEquals(Operators.AuthStatus.DISABLED, ops.authenticate("cash1", "Own-Cash-Pass1".toCharArray()).status());
        ops.enable("admin1", "cash1", null);
        assertEquals(Operators.AuthStatus.OK, ops.authenticate("cash1", "Own-Cash-Pass1".toCharArray()).status());
        assertThrows(StoreException.class, () -> ops.enable("admin1", "cash1", null), "already enabled");

        StoreException self = assertThrows(StoreException.class, () -> ops.disable("admin1", "admin1"));
        assertTrue(self.getMessage().contains("their own account"), self.getMessage());
        ops.disable("admin1", "admin2");
        StoreException noApproval = assertThrows(StoreException.class, () -> ops.enable("admin1", "admin2", null));
        assertTrue(noApproval.getMessage().contains("second administrator"), noApproval.getMessage());
        assertTrue(ops.find("admin2").map(o -> !o.active()).orElseThrow());

        ops.create("admin1", "admin3", "Admin Three", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        long approval = ops.requestApproval("admin1", Operators.ENABLE_ADMINISTRATOR, "admin2");
        assertThrows(StoreException.class, () -> ops.enable("admin1", "admin2", approval), "not approved yet");
        assertThrows(StoreException.class, () -> ops.decide("admin1", approval, true), "not by the requester");
        ops.decide("admin3", approval, true);
        ops.enable("admin1", "admin2", approval);
        assertTrue(ops.find("admin2").orElseThrow().active());
        assertThrows(StoreException.class, () -> ops.enable("admin1", "admin2", approval), "used once");
        assertEquals(List.of("admin1 operator.enable cash1 ", "admin1 operator.enable admin2 approval #" + approval),
                audit("operator.enable"));
    }

    @Test
    void roleChangesNeedASecondAdministratorAndKeepOneAdministrator() {
        long wrongSubject = ops.requestApproval("admin1", Operators.ROLE_CHANGE, Operators.roleChangeSubject("cash1", Role.AUDITOR));
        ops.decide("admin2", wrongSubject, true);
        StoreException mismatch = assertThrows(StoreException.class,
                () -> ops.changeRole("admin1", wrongSubject, "cash1", Role.SUPERVISOR));
        assertTrue(mismatch.getMessage().contains("was given for"), mismatch.getMessage());
        assertEquals(OperatorRefusedException.Refusal.APPROVAL_FOR_ANOTHER_CHANGE,
                ((OperatorRefusedException) mismatch).refusal());
        assertEquals(List.of(String.valueOf(wrongSubject)), ((OperatorRefusedException) mismatch).args());
        assertEquals(Role.CASHIER, ops.find("cash1").orElseThrow().role());

        long approval = ops.requestApproval("admin1", Operators.ROLE_CHANGE, Operators.roleChangeSubject("cash1", Role.SUPERVISOR));
        ops.decide("admin2", approval, true);
        ops.changeRole("admin1", approval, "cash1", Role.SUPERVISOR);
        assertEquals(Role.SUPERVISOR, ops.find("cash1").orElseThrow().role());
        assertEquals(List.of("admin1 operator.role cash1 CASHIER -> SUPERVISOR approval #" + approval), audit("operator.role"));

        ops.disable("admin1", "admin2");
        long last = ops.requestApproval("admin1", Operators.ROLE_CHANGE, Operators.roleChangeSubject("admin1", Role.AUDITOR));
        StoreException keep = assertThrows(StoreException.class, () -> ops.disable("admin2", "admin1"));
        assertTrue(keep.getMessage().contains("disabled"), keep.getMessage());
        assertEquals(OperatorRefusedException.Refusal.OPERATOR_DISABLED, ((OperatorRefusedException) keep).refusal());
        ops.create("admin1", "admin4", "Admin Four", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        ops.decide("admin4", last, true);
        ops.disable("admin1", "admin4");
        StoreException lastAdmin = assertThrows(StoreException.class, () -> ops.changeRole("admin1", last, "admin1", Role.AUDITOR));
        assertTrue(lastAdmin.getMessage().contains("last active administrator"), lastAdmin.getMessage());
        assertEquals(Role.ADMINISTRATOR, ops.find("admin1").orElseThrow().role());
    }

    @Test
    void accountsThatCannotBeMadeAreRefusedWithACode() {
        OperatorRefusedException taken = assertThrows(OperatorRefusedException.class,
                () -> ops.create("admin1", "cash1", "Again", Role.CASHIER, "Temp-Pass-9".toCharArray()));
        assertEquals(OperatorRefusedException.Refusal.ID_TAKEN, taken.refusal());
        assertEquals(List.of("cash1"), taken.args());
        OperatorRefusedException role = assertThrows(OperatorRefusedException.class,
                () -> Operators.parseRoles("CASHIER, chef"));
        assertEquals(OperatorRefusedException.Refusal.UNKNOWN_ROLE, role.refusal());
        assertEquals(List.of("chef", List.of(Role.values())), role.args());
        OperatorRefusedException noFactor = assertThrows(OperatorRefusedException.class,
                () -> ops.verifyCode("cash1", "123456".toCharArray()));
        assertEquals(OperatorRefusedException.Refusal.NO_SECOND_FACTOR, noFactor.refusal());
    }
}
