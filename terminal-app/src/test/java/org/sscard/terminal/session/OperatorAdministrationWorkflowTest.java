package org.sscard.terminal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/** The administrator's operator workflow: permission checks, audit, and dual control on one station. */
class OperatorAdministrationWorkflowTest {
    static final char[] OWN = "Own-Pass-77".toCharArray();
    @TempDir
    Path dir;
    TestStation s;
    SessionManager sessions;
    OperatorAdministration admin;

    @BeforeEach
    void open() throws Exception {
        s = new TestStation(dir);
        s.ensureAdmin();
        for (String[] o : new String[][] {{"admin2", "ADMINISTRATOR"}, {"cash1", "CASHIER"}, {"sup1", "SUPERVISOR"}}) {
            s.store.operators().create("admin1", o[0], o[0], Role.valueOf(o[1]), "Temp-Pass-9".toCharArray());
            s.store.operators().changePassword(o[0], "Temp-Pass-9".toCharArray(), OWN.clone());
        }
        sessions = new SessionManager(s.store, s.clock, Duration.ofMinutes(5));
        admin = new OperatorAdministration(s.store, new Authorizer(sessions, s.store));
    }

    @AfterEach
    void close() {
        s.close();
    }

    private List<String> audit(String prefix) {
        return s.store.audit().query("auditor", Instant.EPOCH, s.clock.instant().plusSeconds(1), prefix, 100).stream()
                .map(a -> a.operator() + " " + a.subject()).toList();
    }

    @Test
    void onlyAnAdministratorManagesAccountsAndEveryStepIsAudited() {
        assertTrue(sessions.login("sup1", OWN.clone()).loggedIn());
        assertThrows(AccessDeniedException.class, () -> admin.unlock("cash1"));
        assertThrows(AccessDeniedException.class, () -> admin.list());
        sessions.logout();
        assertTrue(sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
        admin.disable("cash1");
        assertFalse(sessions.login("cash1", OWN.clone()).loggedIn(), "still logged in as admin1");
        admin.enable("cash1");
        admin.resetPassword("cash1", "Reset-Pass-77".toCharArray());
        admin.unlock("cash1");
        admin.resetSecondFactor("cash1");
        assertEquals(List.of("admin1", "admin2", "cash1", "sup1"), admin.list().stream().map(Operators.Operator::id).toList());
        assertEquals(List.of("admin1 cash1"), audit("operator.disable"));
        assertEquals(List.of("admin1 cash1"), audit("operator.enable"));
        assertEquals(List.of("admin1 cash1"), audit("operator.password.reset"));
        assertEquals(List.of("admin1 cash1"), audit("operator.unlock"));
        assertEquals(List.of("admin1 cash1"), audit("operator.totp.reset"));
        assertEquals(List.of("sup1 OPERATORS cash1", "sup1 OPERATORS list"), audit("authz.deny"));
        sessions.logout();
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, sessions.login("cash1", "Reset-Pass-77".toCharArray()).status());
    }

    @Test
    void aRoleChangeIsProposedApprovedByAnotherAdministratorAndAppliedByTheProposer() {
        assertTrue(sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
        long id = admin.proposeRole("cash1", Role.SUPERVISOR);
        assertEquals(List.of(new OperatorAdministration.Proposal(id, Operators.ROLE_CHANGE, "cash1", Role.SUPERVISOR, "admin1",
                Operators.ApprovalState.PENDING, null)), admin.proposals());
        assertEquals(Problem.of(Reason.OPERATOR_OWN_PROPOSAL, "admin1"),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.approve(id), "not the proposer").problem());
        assertEquals(Problem.of(Reason.SETTING_PROPOSAL_NOT_APPROVED, String.valueOf(id), "PENDING"),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.apply(id), "not approved yet").problem());
        assertEquals(Problem.of(Reason.OPERATOR_HAS_ROLE, "cash1", Role.CASHIER),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.proposeRole("cash1", Role.CASHIER)).problem());
        assertEquals(Problem.of(Reason.OPERATOR_UNKNOWN, "nobody"),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.proposeRole("nobody", Role.CASHIER)).problem());
        assertThrows(AccessDeniedException.class, () -> admin.approveHere(id, "admin1", TestStation.ADMIN_PASSWORD.clone(), null));
        AccessDeniedException wrong = assertThrows(AccessDeniedException.class,
                () -> admin.approveHere(id, "admin2", "Wrong-Pass-1".toCharArray(), null));
        assertEquals(Reason.SETTING_APPROVER_WRONG_PASSWORD, wrong.problem().reason());
        assertTrue(wrong.getMessage().contains("wrong operator id or password"), wrong.getMessage());
        assertThrows(AccessDeniedException.class, () -> admin.approveHere(id, "sup1", OWN.clone(), null), "not an administrator");
        assertEquals(Role.CASHIER, s.store.operators().find("cash1").orElseThrow().role());

        admin.approveHere(id, "admin2", OWN.clone(), null);
        assertEquals(Role.SUPERVISOR, s.store.operators().find("cash1").orElseThrow().role());
        assertTrue(admin.proposals().isEmpty());
        assertEquals(List.of("admin2 #" + id), audit("approval.grant"));
        assertEquals(List.of("admin1 cash1"), audit("operator.role"));
    }

    @Test
    void enablingAnAdministratorWaitsForASecondAdministratorLoggedInElsewhere() {
        assertTrue(sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
        admin.disable("admin2");
        s.store.operators().create("admin1", "admin3", "admin3", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        s.store.operators().changePassword("admin3", "Temp-Pass-9".toCharArray(), OWN.clone());
        assertEquals(Problem.of(Reason.OPERATOR_ENABLE_NEEDS_APPROVAL, "admin2"),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.enable("admin2"), "needs an approval")
                        .problem());
        assertEquals(Reason.OPERATOR_DISABLE_OWN_ACCOUNT,
                assertThrows(OperatorChangeRefusedException.class, () -> admin.disable("admin1")).problem().reason());
        long id = admin.proposeEnable("admin2");
        sessions.logout();
        assertTrue(sessions.login("admin3", OWN.clone()).loggedIn());
        admin.approve(id);
        sessions.logout();
        assertTrue(sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
        admin.apply(id);
        assertTrue(s.store.operators().find("admin2").orElseThrow().active());
        assertEquals(Problem.of(Reason.OPERATOR_ALREADY_ENABLED, "admin2"),
                assertThrows(OperatorChangeRefusedException.class, () -> admin.apply(id), "used once").problem());
    }

    @ParameterizedTest
    @EnumSource(OperatorRefusedException.Refusal.class)
    void everyRefusalOfTheStoreIsATypedProblemWordedInChinese(OperatorRefusedException.Refusal refusal) {
        OperatorChangeRefusedException e = OperatorChangeRefusedException.of(
                new OperatorRefusedException("in English", refusal, "op7", Role.CASHIER));
        String zh = e.problem().in(Locale.SIMPLIFIED_CHINESE);
        assertFalse(zh.contains("in English"), zh);
        assertTrue(zh.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), zh);
        assertEquals(e.problem().english(), e.getMessage());
    }
}
