package org.sscard.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.store.Catalog;
import org.sscard.store.CatalogCsv;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.Problems;
import org.sscard.terminal.Station;
import org.sscard.terminal.session.Permission;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Setting a station up from the command line: the first administrator, operator accounts, approvals (dual control),
 * the catalog (1312 download and the station's own items). docs/terminal.md §7.
 */
final class SetupCommands {
    private SetupCommands() {
    }

    static void register(CommandLine cmd, TerminalCli root) {
        cmd.addSubcommand("setup", new Setup(root));
        cmd.addSubcommand("operator", OperatorCommands.group(root).addSubcommand("add", new OperatorAdd(root)));
        cmd.addSubcommand("approval", new CommandLine(new TerminalCli.Group("approval"))
                .addSubcommand("request", new ApprovalRequest(root)).addSubcommand("decide", new ApprovalDecide(root)));
        cmd.addSubcommand("catalog", new CommandLine(new TerminalCli.Group("catalog"))
                .addSubcommand("import", new CatalogImport(root)));
    }

    @Command(name = "setup", description = "Create the station store (store.path, which must not exist) with its first"
            + " administrator, and pair the key store with it (<keystore.path>.pairing); the password from SSCARD_OPERATOR_PASSWORD or the console, to be changed at the first"
            + " log-in ('login ID --new-password'). The key store (keystore.path) must exist and hold the station's DATA"
            + " key (sskey store generate --type DATA).")
    static final class Setup extends TerminalCli.StationCommand {
        @Option(names = "--admin", required = true, description = "the first administrator's operator id")
        String admin;

        @Option(names = "--name", required = true, description = "the administrator's name")
        String name;

        @Option(names = "--second-factor-roles", defaultValue = "ADMINISTRATOR,SUPERVISOR", description = "the roles"
                + " that give a second factor (RFC 6238 code) at log-in, comma-separated, or NONE (default: ${DEFAULT-VALUE},"
                + " what the 医保 security self-inspection asks for; NONE only for demonstration and test stations)")
        String secondFactorRoles;

        Setup(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            var c = loadConfig();
            java.util.Set<Role> roles = Operators.parseRoles(secondFactorRoles);
            try (Station s = create()) {
                char[] password = root.secrets.get(Secrets.OPERATOR_PASSWORD, "Password of " + admin);
                try {
                    s.store().operators().createFirstAdministrator(admin, name, password, roles);
                } finally {
                    Arrays.fill(password, '\0');
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("store", c.storeFile().toString());
                r.put("store_id", s.store().storeId());
                r.put("pairing", Station.pairingFile(c).toString());
                r.put("administrator", admin);
                r.put("must_change_password", true);
                r.put("second_factor_roles", Operators.formatRoles(roles));
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "add", description = "Create an operator account (administrator). The new account's first password"
            + " comes from SSCARD_NEW_OPERATOR_PASSWORD or the console and must be changed at the first log-in"
            + " ('login ID --new-password').")
    static final class OperatorAdd extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true, description = "the administrator")
        String operator;

        @Parameters(index = "0", description = "the new operator id")
        String id;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--role", required = true, description = "CASHIER, PHARMACIST, CARD_CLERK, SUPERVISOR,"
                + " ADMINISTRATOR or AUDITOR")
        Role role;

        OperatorAdd(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.OPERATORS, id);
                char[] password = root.secrets.get("SSCARD_NEW_OPERATOR_PASSWORD", "First password of " + id);
                try {
                    s.store().operators().create(operator, id, name, role, password);
                } finally {
                    Arrays.fill(password, '\0');
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("operator", id);
                r.put("role", role.name());
                r.put("must_change_password", true);
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "request", description = "Ask for a dual-control approval (administrator), e.g. --action link.enrol"
            + " --subject dev_no=DEV-0001 before 'enrol'. Prints the approval id.")
    static final class ApprovalRequest extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Option(names = "--action", required = true)
        String action;

        @Option(names = "--subject", required = true)
        String subject;

        ApprovalRequest(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.CONFIGURATION, action + " " + subject);
                long id = s.store().operators().requestApproval(operator, action, subject);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("approval", id);
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "decide", description = "Grant (--grant) or reject an approval requested by another administrator.")
    static final class ApprovalDecide extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true, description = "the second administrator")
        String operator;

        @Parameters(index = "0")
        long approval;

        @Option(names = "--grant", description = "grant it (without: reject)")
        boolean grant;

        ApprovalDecide(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.CONFIGURATION, "approval " + approval);
                s.store().operators().decide(operator, approval, grant);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("approval", approval);
                r.put("granted", grant);
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Add or replace the station's own items (administrator) from a CSV file"
            + " (UTF-8, or GBK as a Windows HIS exports it): local_code,name,price_yuan,national_code[,barcode...] per"
            + " record, quoted fields allowed; # starts a comment.")
    static final class CatalogImport extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Parameters(index = "0")
        Path file;

        CatalogImport(TerminalCli root) {
            super(root);
        }

        /** The items of a catalog file; every problem of the file refuses it whole. */
        static CatalogCsv.Parsed read(Path file) throws IOException {
            CatalogCsv.Parsed parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = CatalogCsv.parse(in);
            } catch (NoSuchFileException e) {
                throw new CliException("catalog file " + file + " does not exist");
            }
            if (parsed.problemCount() > 0) {
                throw new CliException("catalog file " + file + readAs(parsed) + ", nothing imported: "
                        + Problems.summary(parsed.problems(), parsed.problemCount()));
            }
            return parsed;
        }

        static String readAs(CatalogCsv.Parsed parsed) {
            return parsed.encoding().isEmpty() ? "" : " (read as " + parsed.encoding() + ")";
        }

        @Override
        public Integer call() throws IOException {
            CatalogCsv.Parsed parsed = read(file);
            String readAs = readAs(parsed);
            try (Station s = open()) {
                login(s, operator, Permission.CONFIGURATION, "catalog import");
                Problems unknown = new Problems();
                for (CatalogCsv.Row row : parsed.rows()) {
                    String national = row.item().nationalCode();
                    if (national != null && s.store().catalog().national(national).isEmpty()) {
                        unknown.add("line " + row.line() + ", column national_code: " + national + " is not in the"
                                + " national catalog (sync the catalog first, or leave it empty to map it later)");
                    }
                }
                if (!unknown.isEmpty()) {
                    throw new CliException("catalog file " + file + readAs + ", nothing imported: " + unknown.summary());
                }
                List<Catalog.LocalItem> items = parsed.rows().stream().map(CatalogCsv.Row::item).toList();
                for (Catalog.LocalItem item : items) {
                    s.store().catalog().putLocalItem(operator, item);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("imported", items.size());
                r.put("encoding", parsed.encoding());
                r.put("unmatched", s.store().catalog().status().unmatched());
                print(r);
                return 0;
            }
        }
    }
}
