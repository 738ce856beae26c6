package org.sscard.terminal.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where the command line gets secrets: an environment variable if set, else the console without echo, else one
 * line of standard input (scripts). Prompts go to standard error.
 */
final class Secrets {
    static final String OPERATOR_PASSWORD = "SSCARD_OPERATOR_PASSWORD";
    static final String KEYSTORE_PASSPHRASE = "SSCARD_KEYSTORE_PASSPHRASE";
    static final String ONE_TIME_CODE = "SSCARD_ENROL_CODE";
    /** The operator's second-factor code (RFC 6238, or a recovery code) at log-in. */
    static final String TOTP_CODE = "SSCARD_TOTP_CODE";
    /** The hospital ledger's PostgreSQL user and password (hospital.ledger-url names the database only). */
    static final String LEDGER_USER = "SSCARD_LEDGER_USER";
    static final String LEDGER_PASSWORD = "SSCARD_LEDGER_PASSWORD";
    /** The card PIN for scripts and tests (a testing aid: at a counter the holder types the PIN). */
    static final String CARD_PIN = "SSCARD_CARD_PIN";

    private final Map<String, String> env;
    private final Console console;
    private BufferedReader stdin;

    Secrets(Map<String, String> env, Console console) {
        this.env = env;
        this.console = console;
    }

    static Secrets system() {
        return new Secrets(System.getenv(), System.console());
    }

    char[] get(String variable, String prompt) {
        String value = env.get(variable);
        if (value != null && !value.isEmpty()) {
            return value.toCharArray();
        }
        if (console != null) {
            char[] answer = console.readPassword("%s: ", prompt);
            if (answer == null) {
                throw new CliException("input ended while waiting for: " + prompt);
            }
            return answer;
        }
        System.err.print(prompt + " (not echoed; or set " + variable + "): ");
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            System.err.println();
            if (line == null) {
                throw new CliException("no " + prompt.toLowerCase(java.util.Locale.ROOT) + " given: set " + variable
                        + " or run the command at a console");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new CliException("cannot read " + prompt.toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
    }

    /** Asks a yes/no question on the console (or standard input); only "y" or "yes" is yes, end of input is no. */
    boolean confirm(String question) {
        String answer;
        if (console != null) {
            answer = console.readLine("%s [y/N] ", question);
        } else {
            System.err.print(question + " [y/N] ");
            try {
                if (stdin == null) {
                    stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                }
                answer = stdin.readLine();
            } catch (IOException e) {
                answer = null;
            }
            System.err.println();
        }
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
