package org.sscard.terminal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;

/**
 * What the logged-in administrator does to operator accounts (the screen and the command line are views of it):
 * list, unlock, reset a password (changed at the next log-in), reset a second factor, disable and enable; a role
 * change and enabling an administrator are under dual control — proposed by one administrator, approved by another
 * (logged in themselves, or confirming on the proposer's session with their own password and code), applied by the
 * proposer. Every step is checked by {@link Authorizer} and audited by the store.
 */
public final class OperatorAdministration {
    /** A role change or an administrator's enabling waiting for its second administrator or for being applied. */
    public record Proposal(long id, String action, String operatorId, Role role, String requestedBy,
                           Operators.ApprovalState state, String decidedBy) {
    }

    private final StationStore store;
    private final Authorizer authorizer;

    public OperatorAdministration(StationStore store, Authorizer authorizer) {
        this.store = store;
        this.authorizer = authorizer;
    }

    public List<Operators.Operator> list() {
        authorizer.require(Permission.OPERATORS, "list");
        return store.operators().list();
    }

    public void unlock(String id) {
        String admin = admin(id);
        refused(() -> store.operators().unlock(admin, id));
    }

    /** Sets a password the operator must change at the next log-in; the password array is cleared. */
    public void resetPassword(String id, char[] password) {
        try {
            String admin = admin(id);
            refused(() -> store.operators().resetPassword(admin, id, password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public void resetSecondFactor(String id) {
        String admin = admin(id);
        refused(() -> store.operators().resetSecondFactor(admin, id));
    }

    public void disable(String id) {
        String admin = admin(id);
        refused(() -> store.operators().disable(admin, id));
    }

    /** Enables an account; an administrator's needs {@link #proposeEnable} first. */
    public void enable(String id) {
        String admin = admin(id);
        refused(() -> store.operators().enable(admin, id, null));
    }

    /** Asks for a role change; returns the proposal a second administrator approves. */
    public long proposeRole(String id, Role role) {
        String admin = admin(id);
        Operators.Operator o = operator(id);
        if (o.role() == role) {
            throw new OperatorChangeRefusedException(Reason.OPERATOR_HAS_ROLE, id, role);
        }
        return refused(() -> store.operators().requestApproval(admin, Operators.ROLE_CHANGE,
                Operators.roleChangeSubject(id, role)));
    }

    /** Asks for enabling a disabled administrator; returns the proposal a second administrator approves. */
    public long proposeEnable(String id) {
        String admin = admin(id);
        Operators.Operator o = operator(id);
        if (o.active() || o.role() != Role.ADMINISTRATOR) {
            throw new OperatorChangeRefusedException(o.active() ? Reason.OPERATOR_ALREADY_ENABLED
                    : Reason.OPERATOR_NOT_ADMINISTRATOR, id);
        }
        return refused(() -> store.operators().requestApproval(admin, Operators.ENABLE_ADMINISTRATOR, id));
    }

    /** The open proposals (pending, or approved and waiting for their proposer), oldest first. */
    public List<Proposal> proposals() {
        authorizer.require(Permission.OPERATORS, "proposals");
        List<Operators.Approval> all = new ArrayList<>(store.operators().openApprovals(Operators.ROLE_CHANGE));
        all.addAll(store.operators().openApprovals(Operators.ENABLE_ADMINISTRATOR));
        all.sort(Comparator.comparingLong(Operators.Approval::id));
        return all.stream().map(OperatorAdministration::proposal).toList();
    }

    /** The logged-in administrator (not the proposer) approves. */
    public void approve(long proposalId) {
        Session s = authorizer.require(Permission.OPERATORS, "approve #" + proposalId);
        refused(() -> store.operators().decide(s.operatorId(), proposalId, true));
    }

    /** The logged-in administrator (not the proposer) rejects. */
    public void reject(long proposalId) {
        Session s = authorizer.require(Permission.OPERATORS, "reject #" + proposalId);
        refused(() -> store.operators().decide(s.operatorId(), proposalId, false));
    }

    /**
     * A second administrator approves on the proposer's session by typing their id, password and (where their log-in
     * needs one) code, checked like a log-in (wrong ones count toward their lock-out); the change is applied at once.
     */
    public void approveHere(long proposalId, String approverId, char[] password, char[] code) {
        Session s = authorizer.require(Permission.OPERATORS, "approve #" + proposalId + " by " + approverId);
        SecondAdministrator.confirm(store, s, approverId, password, code, AccessDeniedException::new);
        refused(() -> store.operators().decide(approverId, proposalId, true));
        apply(proposalId);
    }

    /** The proposer applies an approved proposal (the store refuses one not approved, used, or someone else's). */
    public void apply(long proposalId) {
        Session s = authorizer.require(Permission.OPERATORS, "apply #" + proposalId);
        refused(() -> {
            Proposal p = proposal(store.operators().approval(proposalId));
            if (p.action().equals(Operators.ROLE_CHANGE)) {
                store.operators().changeRole(s.operatorId(), proposalId, p.operatorId(), p.role());
            } else {
                store.operators().enable(s.operatorId(), p.operatorId(), proposalId);
            }
        });
    }

    /** Runs a store step, its refusal put as a problem. */
    private static void refused(Runnable step) {
        refused(() -> {
            step.run();
            return null;
        });
    }

    private static <T> T refused(Supplier<T> step) {
        try {
            return step.get();
        } catch (OperatorRefusedException e) {
            throw OperatorChangeRefusedException.of(e);
        }
    }

    private Operators.Operator operator(String id) {
        return store.operators().find(id)
                .orElseThrow(() -> new OperatorChangeRefusedException(Reason.OPERATOR_UNKNOWN, id));
    }

    private String admin(String subject) {
        return authorizer.require(Permission.OPERATORS, subject).operatorId();
    }

    private static Proposal proposal(Operators.Approval a) {
        if (a.action().equals(Operators.ROLE_CHANGE)) {
            int arrow = a.subject().indexOf(" -> ");
            return new Proposal(a.id(), a.action(), a.subject().substring(0, arrow), Role.valueOf(a.subject().substring(arrow + 4)),
                    a.requestedBy(), a.state(), a.decidedBy());
        }
        if (a.action().equals(Operators.ENABLE_ADMINISTRATOR)) {
            return new Proposal(a.id(), a.action(), a.subject(), Role.ADMINISTRATOR, a.requestedBy(), a.state(), a.decidedBy());
        }
        throw new OperatorChangeRefusedException(Reason.OPERATOR_NOT_A_PROPOSAL, String.valueOf(a.id()));
    }
}
