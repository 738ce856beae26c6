package org.sscard.terminal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.StoreException;
import org.sscard.terminal.TestStation;

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
        assertThrows(StoreException.class, () -> admin.approve(id), "not the proposer");
        assertThrows(StoreException.class, () -> admin.apply(id), "not approved yet");
        assertThrows(AccessDeniedException.class, () -> admin.approveHere(id, "admin1", TestStation.ADMIN_PASSWORD.clone(), null));
        AccessDeniedException wrong = assertThrows(AccessDeniedException.class,
                () -> admin.approveHere(id, "admin2", "Wrong-Pass-1".toCharArray(), null));
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
        assertThrows(StoreException.class, () -> admin.enable("admin2"), "needs an approval");
        long id = admin.proposeEnable("admin2");
        sessions.logout();
        assertTrue(sessions.login("admin3", OWN.clone()).loggedIn());
        admin.approve(id);
        sessions.logout();
        assertTrue(sessions.login("admin1", TestStation.ADMIN_PASSWORD.clone()).loggedIn());
        admin.apply(id);
        assertTrue(s.store.operators().find("admin2").orElseThrow().active());
        assertThrows(StoreException.class, () -> admin.apply(id), "used once");
    }
}
