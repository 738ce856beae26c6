package org.sscard.terminal.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.terminal.Station;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.support.SupportBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code terminal support-bundle}: the station's support bundle ({@link SupportBundle}, docs/operations.md). */
@Command(name = "support-bundle", description = "Write a zip for the station's support (administrator): versions,"
        + " configuration without secrets, store statistics, queue summary, last sign-in, syncs and backup, and the"
        + " last 14 days' log files; no personal data and no key material.")
final class SupportCommand extends TerminalCli.StationCommand {
    @Option(names = "--operator", required = true)
    String operator;

    @Parameters(index = "0", arity = "0..1", description = "the zip to write (default: sscard-support-DEV-TIME.zip"
            + " in the current folder)")
    Path target;

    SupportCommand(TerminalCli root) {
        super(root);
    }

    @Override
    public Integer call() {
        try (Station s = open()) {
            login(s, operator, Permission.CONFIGURATION, "support bundle");
            SupportBundle bundle = new SupportBundle(s.config(), s.store(), SupportBundle.configuredLogDir(),
                    Clock.systemDefaultZone());
            Path file = target != null ? target : bundle.defaultFile(Path.of(""));
            List<String> entries = bundle.write(operator, file);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("bundle", file.toAbsolutePath().toString());
            r.put("entries", entries);
            r.put("store_schema", s.store().schemaVersion());
            print(r);
            return 0;
        }
    }
}
