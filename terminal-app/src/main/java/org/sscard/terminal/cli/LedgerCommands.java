package org.sscard.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.store.Catalog;
import org.sscard.store.CatalogCsv;
import org.sscard.terminal.Station;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.session.Permission;
import org.sscard.values.MoneyFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The hospital catalogue in the ledger: {@code terminal ledger catalog list|publish|withdraw|pull}. */
final class LedgerCommands {
    private LedgerCommands() {
    }

    static HospitalCatalog catalog(Station s, Ledger ledger) {
        return new HospitalCatalog(s.store(), ledger, s.config().institutionCode(), s.config().deviceNumber());
    }

    /** One pull of the hospital catalogue as a report; a ledger that cannot be reached or refuses is reported. */
    static Map<String, Object> pull(Station s, Ledger ledger) {
        Map<String, Object> r = new LinkedHashMap<>();
        HospitalCatalog catalog = catalog(s, ledger);
        try {
            HospitalCatalog.Pulled p = catalog.pull();
            r.put("items", p.items());
            r.put("withdrawn", p.withdrawn());
            r.put("version", p.version());
            r.put("ledger_was_behind", p.ledgerWasBehind());
        } catch (LedgerException e) {
            r.put("error", e.getMessage());
            r.put("version", catalog.version());
        }
        return r;
    }

    @Command(name = "publish", description = "Publish the hospital's own items and their national codes to the hospital"
            + " ledger for every station (administrator), from a CSV file as `catalog import` reads it; items not in the"
            + " file stay as they are. This station takes them at once, the others on their next pull.")
    static final class Publish extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Parameters(index = "0")
        Path file;

        Publish(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() throws IOException {
            CatalogCsv.Parsed parsed = SetupCommands.CatalogImport.read(file);
            try (Station s = open()) {
                login(s, operator, Permission.CONFIGURATION, "hospital catalog publish");
                Ledger ledger = requireLedger(s);
                List<Catalog.LocalItem> items = parsed.rows().stream().map(CatalogCsv.Row::item).toList();
                Ledger.CatalogPublished published = catalog(s, ledger).publish(s.authorizer(), items);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("offered", items.size());
                r.put("changed", published.changed());
                r.put("version", published.version());
                r.put("encoding", parsed.encoding());
                r.put("unmatched", s.store().catalog().status().unmatched());
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "pull", description = "Take the hospital catalogue's changes from the hospital ledger into this"
            + " station now (any operator); exit 3 when the ledger cannot be reached (the station keeps"
            + " working from its own copy).")
    static final class Pull extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        Pull(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.SYNC, "hospital catalog pull");
                Ledger ledger = requireLedger(s);
                Map<String, Object> r = pull(s, ledger);
                print(r);
                return r.containsKey("error") ? 3 : 0;
            }
        }
    }

    @Command(name = "withdraw", description = "Withdraw the hospital's items LOCAL_CODE... from the hospital catalogue"
            + " (administrator): every station stops offering them at its next pull (this one at once) and the counter"
            + " refuses them; visits settled with them stay as they are. Publishing an item again offers it again.")
    static final class Withdraw extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        @Parameters(index = "0..*", arity = "1..*", paramLabel = "LOCAL_CODE")
        List<String> codes;

        Withdraw(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.CONFIGURATION, "hospital catalog withdraw");
                Ledger ledger = requireLedger(s);
                Ledger.CatalogPublished withdrawn = catalog(s, ledger).withdraw(s.authorizer(), codes);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("named", codes.size());
                r.put("withdrawn", withdrawn.changed());
                r.put("version", withdrawn.version());
                print(r);
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the hospital catalogue in the ledger (any operator): every item with its"
            + " national code, price, the version of its last change and whether it is withdrawn; then the version each"
            + " station holds.")
    static final class ListItems extends TerminalCli.StationCommand {
        @Option(names = "--operator", required = true)
        String operator;

        ListItems(TerminalCli root) {
            super(root);
        }

        @Override
        public Integer call() {
            try (Station s = open()) {
                login(s, operator, Permission.SYNC, "hospital catalog list");
                Ledger ledger = requireLedger(s);
                HospitalCatalog.Listing listing = catalog(s, ledger).listing(s.authorizer());
                List<Map<String, Object>> items = listing.items().stream().map(e -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("local_code", e.item().localCode());
                    item.put("name", e.item().name());
                    item.put("price", MoneyFormat.decimal(e.item().price().fen()));
                    item.put("national_code", e.item().nationalCode());
                    item.put("version", e.version());
                    item.put("withdrawn", e.withdrawn());
                    return item;
                }).toList();
                Map<String, Object> stations = new LinkedHashMap<>();
                for (Ledger.StationCatalog st : listing.stations()) {
                    stations.put(st.device(), st.catalogVersion());
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("version", listing.version());
                r.put("held", listing.held());
                r.put("items", items);
                r.put("stations", stations);
                print(r);
                return 0;
            }
        }
    }
}
