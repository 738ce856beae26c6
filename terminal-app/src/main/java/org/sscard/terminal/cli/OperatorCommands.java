package org.sscard.terminal.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.receipt.QrCodes;
import org.sscard.terminal.session.OperatorAdministration;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.SessionManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Operator administration from the command line (administrator; docs/terminal.md): list, unlock, reset-password,
 * reset-totp, disable, enable, role; and enrol-totp, an operator setting up their own second factor. A role change and
 * enabling an administrator are under dual control: without --approval they ask for one and print its id, which a
 * second administrator grants with 'terminal approval decide'.
 */
final class OperatorCommands {
    private OperatorCommands() {
    }

    /** The operator group with every sub-command but {@code add} (set-up's). */
    static CommandLine group(TerminalCli root) {
        return new CommandLine(new TerminalCli.Group("operator"))
                .addSubcommand("list", new OperatorList(root))
                .addSubcommand("unlock", new Unlock(root))
                .addSubcommand("disable", new Disable(root))
                .addSubcommand("reset-totp", new ResetTotp(root))
                .addSubcommand("reset-password", new ResetPassword(root))
                .addSubcommand("enable", new Enable(root))
                .addSubcommand("role", new RoleChange(root))
                .addSubcommand("enrol-totp", new EnrolTotp(root));
    }

    /** An administrator's command on one operator account. */
    abstract static class AdminCommand extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true, description = "the administrator")
        String operator;

        @Parameters(index = "0", description = "the operator id")
        String id;

        AdminCommand(TerminalCli root) {
            super(root);
        }

        OperatorAdministration administration(Station s) {
            login(s, operator, Permission.OPERATORS, id);
            return new OperatorAdministration(s.store(), s.authorizer());
        }

        void done(String action, Map<String, Object> more) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("operator", id);
            r.put(action, true);
            r.putAll(more);
            print(r);
        }
    }

    @Command(name = "list", description = "Every operator account: role, active, lock, must change password, password"
            + " expiry, second factor, last log-in (administrator).")
    static final class OperatorList extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true, description = "the administrator")
        String operator;

        OperatorList(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.OPERATORS, "list");
                List<Map<String, Object>> rows = new ArrayList<>();
                java.time.Instant now = java.time.Instant.now();
                for (Operators.Operator o : new OperatorAdministration(s.store(), s.authorizer()).list()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", o.id());
                    row.put("name", o.displayName());
                    row.put("role", o.role().name());
                    row.put("active", o.active());
                    row.put("locked_until", o.lockedAt(now) ? o.lockedUntil().toString() : "-");
                    row.put("must_change_password", o.mustChangePassword());
                    row.put("password_expires", o.passwordExpiresAt().toString());
                    row.put("second_factor", o.secondFactorEnrolled());
                    row.put("last_login", o.lastLoginAt() == null ? "-" : o.lastLoginAt().toString());
                    rows.add(row);
                }
                if (json) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("operators", rows);
                    r.put("second_factor_roles", Operators.formatRoles(s.store().operators().secondFactorRoles()));
                    print(r);
                } else {
                    root.out.printf("%-12s %-10s %-14s %-6s %-22s %-6s %-3s %s%n", "id", "name", "role", "active",
                            "locked until", "change", "2fa", "last log-in");
                    for (Map<String, Object> row : rows) {
                        root.out.printf("%-12s %-10s %-14s %-6s %-22s %-6s %-3s %s%n", row.get("id"), row.get("name"),
                                row.get("role"), yes(row.get("active")), row.get("locked_until"),
                                yes(row.get("must_change_password")), yes(row.get("second_factor")), row.get("last_login"));
                    }
                }
                return 0;
            }
        }

        private static String yes(Object flag) {
            return Boolean.TRUE.equals(flag) ? "yes" : "no";
        }
    }

    /** One call on the administration, nothing else asked; prints {@code <done>: true}. */
    abstract static class Simple extends AdminCommand {
        private final String done;
        private final java.util.function.BiConsumer<OperatorAdministration, String> call;

        Simple(TerminalCli root, String done, java.util.function.BiConsumer<OperatorAdministration, String> call) {
            super(root);
            this.done = done;
            this.call = call;
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                call.accept(administration(s), id);
                done(done, Map.of());
                return 0;
            }
        }
    }

    @Command(name = "unlock", description = "Unlock an account locked by wrong passwords or codes (administrator).")
    static final class Unlock extends Simple {
        Unlock(TerminalCli root) {
            super(root, "unlocked", OperatorAdministration::unlock);
        }
    }

    @Command(name = "disable", description = "Disable an account (administrator; not your own, not the last active"
            + " administrator).")
    static final class Disable extends Simple {
        Disable(TerminalCli root) {
            super(root, "disabled", OperatorAdministration::disable);
        }
    }

    @Command(name = "reset-totp", description = "Remove an operator's second factor and recovery codes (administrator;"
            + " phone lost): a new one is set up at the next log-in.")
    static final class ResetTotp extends Simple {
        ResetTotp(TerminalCli root) {
            super(root, "second_factor_reset", OperatorAdministration::resetSecondFactor);
        }
    }

    @Command(name = "reset-password", description = "Set a new password for a forgotten one (administrator), from"
            + " SSCARD_NEW_OPERATOR_PASSWORD or the console; the operator must change it at the next log-in.")
    static final class ResetPassword extends AdminCommand {
        ResetPassword(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                OperatorAdministration admin = administration(s);
                admin.resetPassword(id, root.secrets.get("SSCARD_NEW_OPERATOR_PASSWORD", "New password of " + id));
                done("password_reset", Map.of("must_change_password", true));
                return 0;
            }
        }
    }

    @Command(name = "enable", description = "Enable a disabled account (administrator). Enabling an administrator needs"
            + " a second administrator: without --approval it asks for one and prints its id.")
    static final class Enable extends AdminCommand {
        @Option(names = "--approval", description = "the approval of operator.enable granted by a second administrator")
        Long approval;

        Enable(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                OperatorAdministration admin = administration(s);
                Operators.Operator o = s.store().operators().find(id)
                        .orElseThrow(() -> new CliException("no operator " + id));
                if (o.role() != Role.ADMINISTRATOR) {
                    admin.enable(id);
                } else if (approval == null) {
                    return approvalAsked(this, admin.proposeEnable(id));
                } else {
                    s.store().operators().enable(operator, id, approval);
                }
                done("enabled", Map.of());
                return 0;
            }
        }
    }

    @Command(name = "role", description = "Change an operator's role (administrator, dual control): without --approval"
            + " it asks for a second administrator's approval and prints its id; with it, the change is made.")
    static final class RoleChange extends AdminCommand {
        @Parameters(index = "1", description = "the new role: CASHIER, PHARMACIST, CARD_CLERK, SUPERVISOR,"
                + " ADMINISTRATOR or AUDITOR")
        Role role;

        @Option(names = "--approval", description = "the approval of operator.role granted by a second administrator")
        Long approval;

        RoleChange(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                OperatorAdministration admin = administration(s);
                if (approval == null) {
                    return approvalAsked(this, admin.proposeRole(id, role));
                }
                s.store().operators().changeRole(operator, approval, id, role);
                done("role_changed", Map.of("role", role.name()));
                return 0;
            }
        }
    }

    /** Prints the approval asked for and how a second administrator grants it; exit code 3 (nothing changed yet). */
    private static int approvalAsked(AdminCommand c, long approvalId) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("operator", c.id);
        r.put("approval", approvalId);
        r.put("next", "a second administrator grants it with 'terminal approval decide " + approvalId + " --grant"
                + " --operator ID'; then run this command again with --approval " + approvalId);
        c.print(r);
        return 3;
    }

    @Command(name = "enrol-totp", description = "Set up your second factor at log-in (an operator whose role needs one):"
            + " the password from SSCARD_OPERATOR_PASSWORD or the console; prints a QR code (and the otpauth URI) for an"
            + " authenticator app and ten single-use recovery codes, shown only this once; then asks for the app's"
            + " current code (SSCARD_TOTP_CODE or the console) to confirm.")
    static final class EnrolTotp extends TerminalCli.StationCommand {
        @Parameters(index = "0", description = "your operator id")
        String id;

        EnrolTotp(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                char[] password = root.secrets.get(Secrets.OPERATOR_PASSWORD, "Password of " + id);
                SessionManager.LoginResult first;
                try {
                    first = s.sessions().login(id, password);
                } finally {
                    Arrays.fill(password, '\0');
                }
                if (first.status() != Operators.AuthStatus.SECOND_FACTOR_ENROLMENT) {
                    s.sessions().logout();
                    throw new CliException(first.status() == Operators.AuthStatus.SECOND_FACTOR_REQUIRED
                            || first.status() == Operators.AuthStatus.OK
                            ? "operator " + id + (first.status() == Operators.AuthStatus.OK
                                    ? "'s role needs no second factor at this station (" + Operators.SECOND_FACTOR_ROLES + ")"
                                    : " has a second factor already; an administrator removes it first ('terminal operator reset-totp')")
                            : mustChange(first.status()) ? first.message() + changeHint(id) : first.message());
                }
                Operators.Enrolment e = s.sessions().beginEnrolment();
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("operator", id);
                shown.put("otpauth_uri", e.uri());
                shown.put("secret", e.typedSecret());
                shown.put("recovery_codes", e.recoveryCodes());
                if (json) {
                    print(shown);
                } else {
                    root.out.println("Scan this QR code with the authenticator app (or type the secret " + e.typedSecret() + "):");
                    root.out.print(QrCodes.text(e.uri()));
                    root.out.println("otpauth URI: " + e.uri());
                    root.out.println("Recovery codes (each works once in place of a code; keep them apart from the phone,"
                            + " they are not shown again):");
                    e.recoveryCodes().forEach(rc -> root.out.println("  " + rc));
                }
                root.out.flush();
                char[] code = root.secrets.get(Secrets.TOTP_CODE, "Current code from the app");
                SessionManager.LoginResult done;
                try {
                    done = s.sessions().confirmEnrolment(code);
                } finally {
                    Arrays.fill(code, '\0');
                }
                if (!done.loggedIn()) {
                    throw new CliException(done.message() + "; nothing was stored: run 'terminal operator enrol-totp "
                            + id + "' again and scan the new QR code");
                }
                s.sessions().logout();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("operator", id);
                r.put("second_factor", true);
                print(r);
                return 0;
            }
        }
    }
}
