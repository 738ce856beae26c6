package org.sscard.card.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sscard.card.SmartCardException;
import org.sscard.card.driver.DriverCode;
import org.sscard.card.driver.DriverFormat;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.IssuerData;
import org.sscard.card.session.MedicalData;
import org.sscard.card.transport.CardTransports;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.MoneyFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sscard}: the card tool on card-lib — list readers, read a card (text, JSON, or the national
 * driver's {@code iReadCardBas} line), verify and change the PIN. Exit codes: 0 done, 1 the card, reader or
 * key store refused (message on standard error), 2 wrong usage.
 */
@Command(name = "sscard", mixinStandardHelpOptions = true, version = "sscard 0.1",
        description = "Social security card tool: readers, read, verify-pin, change-pin.",
        subcommands = {SsCard.Readers.class, SsCard.Read.class, SsCard.VerifyPin.class, SsCard.ChangePin.class})
public final class SsCard implements Callable<Integer> {
    /** Environment variable naming a key store file when {@code --keystore} is not given. */
    public static final String KEYSTORE_ENV = "SSCARD_KEYSTORE";
    /** Default environment variable holding the key store's passphrase. */
    public static final String PASSPHRASE_ENV = "SSCARD_KEYSTORE_PASSPHRASE";
    private static final Duration CARD_WAIT = Duration.ofSeconds(2);

    private final Supplier<ReaderManager> readers;
    private final Function<String, String> environment;
    private final InputStream stdin;
    private final Supplier<Console> console;
    final PrintStream out;
    final PrintStream err;
    private ReaderManager manager;

    /** The tool as the command line runs it: the system's PC/SC readers and environment. */
    public SsCard() {
        this(ReaderManager::new, System::getenv, System.in, System::console,
                new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err);
    }

    /** The tool over any readers, environment and streams (tests use a simulator's terminals). */
    public SsCard(Supplier<ReaderManager> readers, Function<String, String> environment, InputStream stdin,
                  Supplier<Console> console, PrintStream out, PrintStream err) {
        this.readers = readers;
        this.environment = environment;
        this.stdin = stdin;
        this.console = console;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "sscard-cli-logback.xml");
        System.exit(new SsCard().run(args));
    }

    /** Runs one command line and returns the exit code. */
    public int run(String... args) {
        CommandLine line = new CommandLine(this);
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SmartCardException || e instanceof CryptoException || e instanceof UncheckedIOException
                    || e instanceof ToolException) {
                err.println("sscard: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        err.println("name a command: readers, read, verify-pin, change-pin (sscard --help)");
        return 2;
    }

    ReaderManager manager() {
        if (manager == null) {
            manager = readers.get();
        }
        return manager;
    }

    /** A failure the person using the tool can fix; the message says how. */
    static final class ToolException extends RuntimeException {
        ToolException(String message) {
            super(message);
        }
    }

    PcscTransport connect(String reader) {
        ReaderManager m = manager();
        String chosen = reader;
        if (chosen == null) {
            List<String> withCard = m.readersWithCard();
            if (withCard.isEmpty()) {
                List<String> all = m.readers();
                throw new ToolException(all.isEmpty() ? "No card reader is connected. Plug one in (or start pcscd)."
                        : "No reader has a card in it (readers: " + String.join(", ", all)
                        + "). Insert the card with the chip first.");
            }
            chosen = withCard.get(0);
        } else if (!m.waitForCardPresent(chosen, CARD_WAIT)) {
            throw new ToolException("There is no card in reader '" + chosen + "'. Insert the card with the chip first.");
        }
        return m.connect(chosen);
    }

    SecurityModule openKeyStore(Path keystore, String passphraseEnv) {
        Path file = keystore;
        if (file == null) {
            String named = environment.apply(KEYSTORE_ENV);
            if (named == null || named.isBlank()) {
                throw new ToolException("Reading the holder and medical data needs the key store with the card keys: give "
                        + "--keystore FILE (e.g. one made with 'sskey store load-test-keys'), or set " + KEYSTORE_ENV + ".");
            }
            file = Path.of(named);
        }
        if (!Files.isRegularFile(file)) {
            throw new ToolException("The key store " + file + " does not exist. Check the path.");
        }
        String variable = passphraseEnv != null ? passphraseEnv : PASSPHRASE_ENV;
        String passphrase = environment.apply(variable);
        if (passphrase == null) {
            throw new ToolException("The key store's passphrase is read from the environment variable " + variable
                    + ", which is not set.");
        }
        char[] chars = passphrase.toCharArray();
        try {
            return SoftwareSecurityModule.open(file, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** A PIN from the console without echo, or one line of standard input when there is no console. */
    char[] readPin(String prompt) {
        Console c = console.get();
        if (c != null) {
            char[] pin = c.readPassword("%s: ", prompt);
            if (pin == null) {
                throw new ToolException("No PIN was entered.");
            }
            return pin;
        }
        try {
            StringBuilder line = new StringBuilder();
            int ch;
            while ((ch = stdin.read()) != -1 && ch != '\n') {
                if (ch != '\r') {
                    line.append((char) ch);
                }
            }
            if (line.length() == 0) {
                throw new ToolException("No PIN on standard input (" + prompt + ": one line of digits expected).");
            }
            char[] pin = new char[line.length()];
            line.getChars(0, line.length(), pin, 0);
            line.setLength(0);
            return pin;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the PIN from standard input: " + e.getMessage(), e);
        }
    }

    @Command(name = "readers", mixinStandardHelpOptions = true, description = "List the card readers and whether a card is in each.")
    static final class Readers implements Callable<Integer> {
        @ParentCommand
        SsCard root;

        @Override
        public Integer call() {
            ReaderManager m = root.manager();
            List<String> all = m.readers();
            List<String> withCard = m.readersWithCard();
            if (all.isEmpty()) {
                root.err.println("no card readers are connected");
                return 0;
            }
            for (String reader : all) {
                root.out.println(reader + (withCard.contains(reader) ? "\tcard present" : "\tempty"));
            }
            return 0;
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
            description = "Read the card (card-presented flow: issuer data, mutual authentication, holder and medical data).")
    static final class Read implements Callable<Integer> {
        @ParentCommand
        SsCard root;

        @Option(names = "--reader", paramLabel = "NAME", description = "reader name (default: the first reader with a card)")
        String reader;

        @Option(names = "--keystore", paramLabel = "FILE", description = "key store with the card keys (default: $" + KEYSTORE_ENV + ")")
        Path keystore;

        @Option(names = "--passphrase-env", paramLabel = "VAR", description = "environment variable with the key store passphrase (default: " + PASSPHRASE_ENV + ")")
        String passphraseEnv;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--format", paramLabel = "FORMAT", description = "'driver': the national driver's iReadCardBas line")
        String format;

        @Option(names = "--terminal-no", description = "terminal number for --format driver (default: ${DEFAULT-VALUE})")
        String terminalNumber = "00000000";

        @Option(names = "--device-no", description = "device number for --format driver (default: ${DEFAULT-VALUE})")
        String deviceNumber = "00000000";

        @Override
        public Integer call() {
            if (format != null && !"driver".equals(format)) {
                root.err.println("sscard: the only --format is 'driver'");
                return 2;
            }
            if (format != null && json) {
                root.err.println("sscard: give --json or --format driver, not both");
                return 2;
            }
            boolean driver = format != null;
            try {
                SecurityModule module = root.openKeyStore(keystore, passphraseEnv);
                try (PcscTransport transport = root.connect(reader)) {
                    CardData card = new CardSession(CardTransports.standard(transport), module).readCard();
                    if (driver) {
                        root.out.println(DriverFormat.iReadCardBas(card, transport.atr(), terminalNumber, deviceNumber));
                    } else if (json) {
                        root.out.println(toJson(card, transport.atr()));
                    } else {
                        printText(card);
                    }
                }
                return 0;
            } catch (SmartCardException | ToolException | CryptoException e) {
                if (driver) {
                    root.out.println(DriverCode.of(e).code());
                }
                throw e;
            }
        }

        private void printText(CardData card) {
            IssuerData i = card.issuer();
            HolderData h = card.holder();
            MedicalData m = card.medical();
            PrintStream o = root.out;
            o.println("card number         " + i.cardNumber().value());
            o.println("identification code " + i.identificationCode().hex().toUpperCase(Locale.ROOT));
            o.println("issued / expires    " + i.issueDate() + " / " + i.expiryDate() + " (spec " + i.specVersion() + ")");
            o.println("name                " + h.name());
            o.println("ID number           " + h.maskedSocialSecurityNumber());
            o.println("sex / birth date    " + ("1".equals(h.sex()) ? "male" : "female") + " / " + h.birthDate());
            o.println("insurance type      " + m.insuranceType() + " (person type " + m.personType() + ", region "
                    + m.insuredRegion() + ")");
            o.println("account balance     " + MoneyFormat.decimal(m.balance().fen()));
        }
    }

    static String toJson(CardData card, byte[] atr) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        IssuerData i = card.issuer();
        root.put("card_no", i.cardNumber().value());
        root.put("card_sn", i.identificationCode().hex().toUpperCase(Locale.ROOT));
        root.put("region", i.identificationCode().region());
        root.put("card_type", i.cardType());
        root.put("spec_version", i.specVersion());
        root.put("institution", i.institution());
        root.put("issue_date", i.issueDate().toString());
        root.put("expiry_date", i.expiryDate().toString());
        root.put("atr", HexFormat.of().withUpperCase().formatHex(atr));
        HolderData h = card.holder();
        ObjectNode holder = root.putObject("holder");
        holder.put("certno", h.socialSecurityNumber());
        holder.put("name", h.name());
        holder.put("gend", h.sex());
        holder.put("brdy", h.birthDate().toString());
        holder.put("nation", h.ethnicity());
        holder.put("birthplace", h.birthplace());
        MedicalData m = card.medical();
        ObjectNode insurance = root.putObject("insurance");
        insurance.put("insutype", m.insuranceType());
        insurance.put("psn_type", m.personType());
        insurance.put("insuplc_admdvs", m.insuredRegion());
        insurance.put("balance", MoneyFormat.decimal(m.balance().fen()));
        insurance.put("ytd_deductible_used", MoneyFormat.decimal(m.yearToDate().fen()));
        insurance.put("last_update", m.lastUpdate().toString());
        insurance.put("offline_seq", m.offlineSeq());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the card data could not be written as JSON", e);
        }
    }

    @Command(name = "verify-pin", mixinStandardHelpOptions = true,
            description = "Verify the card's PIN (from the console without echo, or one line of standard input).")
    static final class VerifyPin implements Callable<Integer> {
        @ParentCommand
        SsCard root;

        @Option(names = "--reader", paramLabel = "NAME", description = "reader name (default: the first reader with a card)")
        String reader;

        @Override
        public Integer call() {
            try (PcscTransport transport = root.connect(reader)) {
                CardSession session = new CardSession(CardTransports.standard(transport), SoftwareSecurityModule.inMemory());
                session.selectSocialSecurityApplication();
                session.verifyPin(root.readPin("PIN"));
                root.out.println("PIN correct");
                return 0;
            }
        }
    }

    @Command(name = "change-pin", mixinStandardHelpOptions = true,
            description = "Change the card's PIN: the current PIN, then the new PIN twice (console without echo, or "
                    + "three lines of standard input).")
    static final class ChangePin implements Callable<Integer> {
        @ParentCommand
        SsCard root;

        @Option(names = "--reader", paramLabel = "NAME", description = "reader name (default: the first reader with a card)")
        String reader;

        @Override
        public Integer call() {
            char[] current = root.readPin("Current PIN");
            char[] next = root.readPin("New PIN");
            char[] again = root.readPin("New PIN again");
            try {
                if (!Arrays.equals(next, again)) {
                    throw new ToolException("The two new PINs differ. Nothing was changed.");
                }
                try (PcscTransport transport = root.connect(reader)) {
                    CardSession session = new CardSession(CardTransports.standard(transport), SoftwareSecurityModule.inMemory());
                    session.selectSocialSecurityApplication();
                    session.changePin(current, next);
                }
                root.out.println("PIN changed");
                return 0;
            } finally {
                Arrays.fill(current, '\0');
                Arrays.fill(next, '\0');
                Arrays.fill(again, '\0');
            }
        }
    }
}
