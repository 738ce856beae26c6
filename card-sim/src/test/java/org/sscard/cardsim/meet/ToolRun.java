package org.sscard.cardsim.meet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.sscard.card.cli.SsCard;
import org.sscard.card.pcsc.ReaderManager;

/** One run of the sscard tool with given readers, environment and standard input; captures its output. */
record ToolRun(int exitCode, String out, String err) {
    static ToolRun of(Supplier<ReaderManager> readers, Map<String, String> environment, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SsCard tool = new SsCard(readers, environment::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                () -> null, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = tool.run(args);
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
