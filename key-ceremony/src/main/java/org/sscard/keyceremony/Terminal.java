package org.sscard.keyceremony;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the ceremony asks its questions. With a console, secrets are read without echo; without one
 * (scripts, CI) every answer is the next line of standard input, and nothing is echoed either.
 * Prompts go to standard error so that standard output carries only results.
 */
final class Terminal {
    private final Console console;
    private final BufferedReader lines;
    private final PrintStream prompts;

    Terminal(Console console, InputStream in, PrintStream prompts) {
        this.console = console;
        this.lines = console == null ? new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)) : null;
        this.prompts = prompts;
    }

    static Terminal system() {
        return new Terminal(System.console(), System.in, System.err);
    }

    String ask(String prompt) {
        if (console != null) {
            String answer = console.readLine("%s: ", prompt);
            if (answer == null) {
                throw new CeremonyException("input ended while waiting for: " + prompt);
            }
            return answer.trim();
        }
        prompts.print(prompt + ": ");
        prompts.flush();
        String line = readLine(prompt);
        prompts.println();
        return line.trim();
    }

    /** A secret: never echoed, returned as characters the caller wipes. */
    char[] askSecret(String prompt) {
        if (console != null) {
            char[] answer = console.readPassword("%s: ", prompt);
            if (answer == null) {
                throw new CeremonyException("input ended while waiting for: " + prompt);
            }
            return answer;
        }
        prompts.print(prompt + " (not echoed): ");
        prompts.flush();
        CharBuffer line = CharBuffer.wrap(readLine(prompt));
        prompts.println();
        char[] out = new char[line.remaining()];
        line.get(out);
        return out;
    }

    void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    private String readLine(String prompt) {
        try {
            String line = lines.readLine();
            if (line == null) {
                throw new CeremonyException("input ended while waiting for: " + prompt);
            }
            return line;
        } catch (IOException e) {
            throw new CeremonyException("cannot read input: " + e.getMessage());
        }
    }
}
