package org.sscard.keyceremony;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.encoders.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.DualControlCombiner;
import org.sscard.crypto.KeyComponent;
import org.sscard.crypto.KeyInfo;
import org.sscard.crypto.KeyLevel;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sskey}: the key-ceremony tool for key custodians and station installers. */
@Command(name = "sskey", mixinStandardHelpOptions = true, version = "sskey 0.1",
        description = "Key ceremony: key components under dual control, the sealed key store, derivation checks and MAC diagnostics.",
        subcommands = {SsKey.ComponentCommand.class, SsKey.StoreCommand.class, SsKey.DeriveCommand.class,
                SsKey.KcvCommand.class, SsKey.MacCommand.class})
public final class SsKey implements Runnable {
    static final Logger LOG = LoggerFactory.getLogger("ceremony");

    final Terminal terminal;
    final PrintStream out;
    final PrintStream err;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SsKey(Terminal terminal, PrintStream out, PrintStream err) {
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new SsKey(Terminal.system(), System.out, System.err).execute(args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 refused or failed, 2 usage error). */
    int execute(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CeremonyException || e instanceof CryptoException) {
                err.println("sskey: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: component, store, derive, kcv, mac");
    }

    static BlockAlgorithm algorithm(String name) {
        return BlockAlgorithm.parse(name);
    }

    static byte[] hex(String what, String value) {
        try {
            return Hex.decode(value.replace(" ", ""));
        } catch (DecoderException e) {
            throw new CeremonyException(what + " is not hexadecimal");
        }
    }

    static String hex(byte[] value) {
        return Hex.toHexString(value).toUpperCase();
    }

    static Map<String, Object> row(KeyInfo k) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", k.ref().type().name());
        row.put("level", k.ref().level().lowerName());
        row.put("region", k.ref().region());
        row.put("version", k.ref().version());
        row.put("algorithm", k.algorithm());
        row.put("kcv", k.kcv().isEmpty() ? "-" : k.kcv());
        row.put("test", k.testKey());
        row.put("custodians", String.join(",", k.custodians()));
        return row;
    }

    /** Options that name a key store and how to unlock it. */
    static final class StoreOptions {
        @Option(names = "--store", required = true, description = "the key-store file")
        Path file;

        @Option(names = "--passphrase-env", paramLabel = "VAR",
                description = "read the passphrase from this environment variable instead of asking")
        String passphraseEnv;

        char[] passphrase(Terminal terminal, String prompt) {
            if (passphraseEnv != null) {
                String value = System.getenv(passphraseEnv);
                if (value == null) {
                    throw new CeremonyException("environment variable " + passphraseEnv + " is not set");
                }
                return value.toCharArray();
            }
            return terminal.askSecret(prompt);
        }

        SoftwareSecurityModule open(Terminal terminal) {
            char[] pass = passphrase(terminal, "Passphrase for " + file);
            try {
                return SoftwareSecurityModule.open(file, pass);
            } finally {
                terminal.wipe(pass);
            }
        }
    }

    /** Options that name a key in a store. */
    static final class KeyOptions {
        @Option(names = "--type", required = true, description = "key type: ${COMPLETION-CANDIDATES}")
        KeyType type;

        @Option(names = "--level", required = true, description = "national, province, city or local")
        String level;

        @Option(names = "--region", defaultValue = KeyRef.NATIONAL_REGION,
                description = "6-digit admin code (000000 for national keys)")
        String region;

        @Option(names = "--key-version", defaultValue = "1", description = "key version 0-255 (default 1)")
        int version;

        KeyRef ref() {
            return new KeyRef(type, KeyLevel.parse(level), region, version);
        }
    }

    @Command(name = "component", mixinStandardHelpOptions = true, description = "Key components.",
            subcommands = ComponentCommand.NewComponent.class)
    static final class ComponentCommand implements Runnable {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: new");
        }

        @Command(name = "new", mixinStandardHelpOptions = true,
                description = "Generate a random component and its KCV, to be written down by one custodian.")
        static final class NewComponent implements Callable<Integer> {
            @ParentCommand
            ComponentCommand parent;

            @Option(names = "--alg", required = true, description = "SM4 or 3DES")
            String alg;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                SsKey root = parent.root;
                KeyComponent component = KeyComponent.generate(algorithm(alg));
                try {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("algorithm", component.algorithm().displayName());
                    result.put("component", component.revealHex());
                    result.put("kcv", component.kcvHex());
                    new Output(root.out, json).result(result);
                    LOG.info("component generated, KCV {}", component.kcvHex());
                } finally {
                    component.wipe();
                }
                return 0;
            }
        }

        @ParentCommand
        SsKey root;
    }

    @Command(name = "store", mixinStandardHelpOptions = true, description = "The sealed key store.",
            subcommands = {StoreCommand.Init.class, StoreCommand.Load.class, StoreCommand.ListKeys.class,
                    StoreCommand.Generate.class, StoreCommand.LoadTestKeys.class})
    static final class StoreCommand implements Runnable {
        @ParentCommand
        SsKey root;

        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name a subcommand: init, load, list, generate, load-test-keys");
        }

        @Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new, empty key store.")
        static final class Init implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @CommandLine.Mixin
            StoreOptionsMixin store;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                Terminal t = parent.root.terminal;
                char[] first = store.options.passphrase(t, "New passphrase (at least 8 characters)");
                char[] again = store.options.passphraseEnv != null ? first.clone() : t.askSecret("Repeat the passphrase");
                try {
                    if (!java.util.Arrays.equals(first, again)) {
                        throw new CeremonyException("the two passphrases differ; nothing was created");
                    }
                    SoftwareSecurityModule.create(store.options.file, first);
                } finally {
                    t.wipe(first);
                    t.wipe(again);
                }
                LOG.info("key store created: {}", store.options.file.getFileName());
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("store", store.options.file.toString());
                result.put("keys", 0);
                new Output(parent.root.out, json).result(result);
                return 0;
            }
        }

        @Command(name = "load", mixinStandardHelpOptions = true,
                description = "Load a key from custodians' components (each entered without echo and checked against its KCV).")
        static final class Load implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @CommandLine.Mixin
            StoreOptionsMixin store;

            @CommandLine.Mixin
            KeyOptionsMixin key;

            @Option(names = "--alg", defaultValue = "SM4", description = "SM4 or 3DES (default SM4)")
            String alg;

            @Option(names = "--components", required = true, description = "how many components (at least 2)")
            int components;

            @Option(names = "--expect-kcv", description = "the KCV the combined key must have, if known")
            String expectKcv;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                if (components < 2) {
                    throw new CeremonyException("dual control: --components must be at least 2");
                }
                Terminal t = parent.root.terminal;
                KeyRef ref = key.options.ref();
                SoftwareSecurityModule module = store.options.open(t);
                DualControlCombiner combiner = new DualControlCombiner(algorithm(alg));
                for (int i = 1; i <= components; i++) {
                    String custodian = t.ask("Custodian " + i + " name");
                    char[] component = t.askSecret("Component " + i + " (" + alg + " hex)");
                    try {
                        String kcv = t.ask("KCV of component " + i);
                        combiner.add(custodian, component, kcv);
                    } finally {
                        t.wipe(component);
                    }
                    parent.root.err.println("component " + i + " accepted (KCV checked)");
                }
                DualControlCombiner.CombinedKey combined = combiner.combine();
                if (expectKcv != null && !combined.kcvHex().equalsIgnoreCase(expectKcv.trim())) {
                    combined.wipe();
                    throw new CeremonyException("the combined key has KCV " + combined.kcvHex() + ", not "
                            + expectKcv.trim().toUpperCase() + "; nothing was loaded");
                }
                KeyInfo info = module.loadCombined(ref, combined);
                LOG.info("key loaded: {} {} KCV {} custodians {}", ref, info.algorithm(), info.kcv(), info.custodians());
                new Output(parent.root.out, json).result(row(info));
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true,
                description = "List the keys: type, level, region, version, algorithm, KCV — never key bytes.")
        static final class ListKeys implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @CommandLine.Mixin
            StoreOptionsMixin store;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                SoftwareSecurityModule module = store.options.open(parent.root.terminal);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (KeyInfo k : module.keys()) {
                    rows.add(row(k));
                }
                new Output(parent.root.out, json).table(rows,
                        List.of("type", "level", "region", "version", "algorithm", "kcv", "test", "custodians"));
                return 0;
            }
        }

        @Command(name = "generate", mixinStandardHelpOptions = true,
                description = "Generate a station's own key inside the store: a DATA key (SM4) or a DEVICE_SIGN key pair (SM2).")
        static final class Generate implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @CommandLine.Mixin
            StoreOptionsMixin store;

            @Option(names = "--type", required = true, description = "DATA or DEVICE_SIGN")
            KeyType type;

            @Option(names = "--region", required = true, description = "the station's 6-digit admin code")
            String region;

            @Option(names = "--key-version", defaultValue = "1")
            int version;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                SoftwareSecurityModule module = store.options.open(parent.root.terminal);
                KeyRef ref = KeyRef.local(type, region, version);
                KeyInfo info = module.generateLocalKey(ref);
                LOG.info("local key generated: {}", ref);
                Map<String, Object> result = row(info);
                if (type == KeyType.DEVICE_SIGN) {
                    result.put("public_key_pem", module.publicKey(ref).pem());
                }
                new Output(parent.root.out, json).result(result);
                return 0;
            }
        }

        @Command(name = "load-test-keys", mixinStandardHelpOptions = true,
                description = "Load the demo's national test keys (public seed, flagged as test keys) for both algorithms.")
        static final class LoadTestKeys implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @CommandLine.Mixin
            StoreOptionsMixin store;

            @Option(names = "--json")
            boolean json;

            @Override
            public Integer call() {
                SoftwareSecurityModule module = store.options.open(parent.root.terminal);
                TestKeys.loadInto(module);
                LOG.warn("demo test keys loaded into {}: never use this store for real cards", store.options.file.getFileName());
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("keys", module.keys().size());
                result.put("test_keys", true);
                new Output(parent.root.out, json).result(result);
                return 0;
            }
        }
    }

    /** Mixins wrap the option holders so each command declares them in one line. */
    static final class StoreOptionsMixin {
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        StoreOptions options;
    }

    static final class KeyOptionsMixin {
        @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        KeyOptions options;
    }

    @Command(name = "derive", mixinStandardHelpOptions = true,
            description = "Derive a key below a stored one (to a province, a city or a card) and print its KCV; "
                    + "the key itself only when the stored key is a test key.")
    static final class DeriveCommand implements Callable<Integer> {
        @ParentCommand
        SsKey root;

        @CommandLine.Mixin
        StoreOptionsMixin store;

        @CommandLine.Mixin
        KeyOptionsMixin key;

        @Option(names = "--to-level", description = "province or city")
        String toLevel;

        @Option(names = "--to-region", description = "the 6-digit admin code to derive for")
        String toRegion;

        @Option(names = "--card", description = "the card identification code (32 hex digits) to derive the card key for")
        String card;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            if ((card == null) == (toRegion == null)) {
                throw new CeremonyException("give either --card or --to-region (with --to-level)");
            }
            SoftwareSecurityModule module = store.options.open(root.terminal);
            KeyRef ref = key.options.ref();
            SoftwareSecurityModule.Derived derived;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("from", ref.toString());
            if (card != null) {
                CardIdentificationCode code = CardIdentificationCode.ofHex(card);
                derived = module.derive(ref, null, null, code);
                result.put("to", "card " + code.hex());
            } else {
                KeyLevel level = KeyLevel.parse(toLevel == null ? "city" : toLevel);
                derived = module.derive(ref, level, toRegion, null);
                result.put("to", level.lowerName() + " " + toRegion);
            }
            result.put("algorithm", derived.algorithm().displayName());
            result.put("kcv", hex(derived.kcv()));
            if (derived.testKeyBytes() != null) {
                result.put("test_key", hex(derived.testKeyBytes()));
                java.util.Arrays.fill(derived.testKeyBytes(), (byte) 0);
            }
            new Output(root.out, json).result(result);
            return 0;
        }
    }

    @Command(name = "kcv", mixinStandardHelpOptions = true, description = "The KCV of a key given in hex (diagnostics).")
    static final class KcvCommand implements Callable<Integer> {
        @ParentCommand
        SsKey root;

        @Option(names = "--alg", required = true, description = "SM4 or 3DES")
        String alg;

        @Option(names = "--key", required = true, description = "the key in hex")
        String key;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            BlockAlgorithm a = algorithm(alg);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("algorithm", a.displayName());
            result.put("kcv", hex(a.kcv(hex("--key", key))));
            new Output(root.out, json).result(result);
            return 0;
        }
    }

    @Command(name = "mac", mixinStandardHelpOptions = true,
            description = "A MAC over data with a key given in hex (diagnostics with test keys).")
    static final class MacCommand implements Callable<Integer> {
        @ParentCommand
        SsKey root;

        @Option(names = "--alg", required = true, description = "SM4 or 3DES")
        String alg;

        @Option(names = "--key", required = true, description = "the key in hex")
        String key;

        @Option(names = "--iv", description = "the IV in hex (default zeros; 8 bytes for 3DES, 16 for SM4)")
        String iv;

        @Option(names = "--data", required = true, description = "the data in hex")
        String data;

        @Option(names = "--method", defaultValue = "card",
                description = "card (the card's 4-byte MAC: retail for 3DES, CBC-MAC for SM4), retail, alg1, cbc (default card)")
        String method;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            BlockAlgorithm a = algorithm(alg);
            byte[] k = hex("--key", key);
            byte[] d = hex("--data", data);
            byte[] v = iv == null ? new byte[a.blockSize()] : hex("--iv", iv);
            byte[] mac;
            switch (method) {
                case "card":
                    mac = a == BlockAlgorithm.SM4 ? Macs.truncate(Macs.sm4CbcMac(k, v, d)) : Macs.truncate(Macs.iso9797Alg3(k, v, d));
                    break;
                case "retail":
                    requireTdes(a);
                    mac = Macs.iso9797Alg3(k, v, d);
                    break;
                case "alg1":
                    requireTdes(a);
                    mac = Macs.iso9797Alg1Tdes(k, v, d);
                    break;
                case "cbc":
                    if (a != BlockAlgorithm.SM4) {
                        throw new CeremonyException("--method cbc is the SM4 CBC-MAC; use alg1 for 3DES");
                    }
                    mac = Macs.sm4CbcMac(k, v, d);
                    break;
                default:
                    throw new CeremonyException("unknown --method " + method + " (card, retail, alg1, cbc)");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("algorithm", a.displayName());
            result.put("method", method);
            result.put("mac", hex(mac));
            new Output(root.out, json).result(result);
            return 0;
        }

        private static void requireTdes(BlockAlgorithm a) {
            if (a != BlockAlgorithm.TDES) {
                throw new CeremonyException("this MAC method is for 3DES keys");
            }
        }
    }
}
