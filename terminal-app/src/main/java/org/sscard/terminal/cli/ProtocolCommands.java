package org.sscard.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.Transaction;
import org.sscard.terminal.support.MessageDecoder;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code terminal protocol …}: tools for support staff on message bodies (docs/operations.md); no station needed. */
final class ProtocolCommands {
    private ProtocolCommands() {
    }

    static void register(CommandLine cmd, TerminalCli root) {
        cmd.addSubcommand("protocol", new CommandLine(new TerminalCli.Group("protocol"))
                .addSubcommand("decode", new Decode(root)));
    }

    @Command(name = "decode", description = "Decode a message body of the settlement interface (a file as a platform"
            + " sent it: the whole envelope or only its input/output, UTF-8, with or without a byte-order mark) and print"
            + " it typed — amounts in yuan, codes with their names, unknown members kept — or every problem with its JSON"
            + " path (exit 1).")
    static final class Decode implements Callable<Integer> {
        private final TerminalCli root;

        @Option(names = "--infno", required = true, description = "the transaction code, e.g. 2207")
        String infno;

        @ArgGroup(exclusive = true)
        Which which;

        static final class Which {
            @Option(names = "--request", description = "the file is a request (the station's side)")
            boolean request;
            @Option(names = "--answer", description = "the file is an answer (the default)")
            boolean answer;
        }

        @Parameters(index = "0", description = "the file with the body")
        Path file;

        Decode(TerminalCli root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            Transaction<?, ?> transaction;
            try {
                transaction = Transaction.byInfno("--infno", infno);
            } catch (ProtocolException e) {
                throw new CliException("--infno: " + infno + " is not a transaction this station knows (one of "
                        + String.join(", ", Transaction.all().keySet()) + ")");
            }
            MessageDecoder.Side side = which != null && which.request ? MessageDecoder.Side.REQUEST
                    : MessageDecoder.Side.ANSWER;
            byte[] read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(MessageDecoder.MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
            boolean truncated = read.length > MessageDecoder.MAX_FILE_BYTES;
            MessageDecoder.Result r = MessageDecoder.decode(transaction, side, read, truncated);
            String what = transaction.infno() + " " + transaction.name() + " "
                    + (side == MessageDecoder.Side.REQUEST ? "request" : "answer");
            if (r.ok()) {
                root.out.println(what + ": decoded");
                r.lines().forEach(l -> root.out.println("  " + l));
            } else {
                root.out.println(what + ": " + r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems"));
                r.problems().forEach(p -> root.out.println("  " + p));
            }
            r.notes().forEach(n -> root.out.println("note: " + n));
            return r.ok() ? 0 : 1;
        }
    }
}
