package org.sscard.card.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sscard.card.CardRemovedException;
import org.sscard.card.ReaderException;
import org.sscard.card.apdu.CommandApdu;

/**
 * A transport that plays a recorded card conversation, for tests. The script is text, one exchange per two
 * lines:
 * <pre>
 * # a comment
 * atr 3B8F8001...          (optional: the ATR {@link #atr()} returns)
 * &gt; 00A4040000             (the command the terminal must send; spaces ignored; ?? matches any byte)
 * &lt; 6F10...9000            (the card's answer, data and SW)
 * &lt; !removed               (instead of an answer: the card is pulled out during this command)
 * &lt; !reader                (instead of an answer: the reader fails)
 * </pre>
 * {@code ${name}} in a line is replaced by the hex value bound to {@code name} (for cryptograms a test
 * computes). A command other than the one expected, or one after the end of the script, fails with an
 * {@link AssertionError} naming the line; {@link #assertFinished()} checks the whole script was used.
 */
public final class ReplayTransport implements CardTransport {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final String name;
    private final List<Step> steps;
    private final byte[] atr;
    private int next;
    private boolean closed;

    private record Step(int line, String expectedCommand, String answer) {
    }

    private ReplayTransport(String name, List<Step> steps, byte[] atr) {
        this.name = name;
        this.steps = steps;
        this.atr = atr;
    }

    /** Loads a script from the class path, relative to {@code anchor}'s package unless it starts with '/'. */
    public static ReplayTransport fromResource(Class<?> anchor, String resource, Map<String, String> variables) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("replay script " + resource + " not found on the class path");
            }
            return fromText(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), variables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay script " + resource, e);
        }
    }

    public static ReplayTransport fromText(String name, String script, Map<String, String> variables) {
        List<Step> steps = new ArrayList<>();
        byte[] atr = new byte[0];
        String pendingCommand = null;
        int pendingLine = 0;
        String[] lines = script.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = substitute(stripComment(lines[i]).trim(), variables, name, lineNo);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(">")) {
                if (pendingCommand != null) {
                    throw new IllegalArgumentException(name + ":" + pendingLine + ": command without an answer");
                }
                pendingCommand = normalise(line.substring(1), name, lineNo, true);
                pendingLine = lineNo;
            } else if (line.startsWith("<")) {
                if (pendingCommand == null) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": answer without a command");
                }
                String answer = line.substring(1).trim();
                if (!answer.startsWith("!")) {
                    answer = normalise(answer, name, lineNo, false);
                    if (answer.length() < 4) {
                        throw new IllegalArgumentException(name + ":" + lineNo + ": an answer needs at least SW1 SW2");
                    }
                } else if (!answer.equals("!removed") && !answer.equals("!reader")) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": unknown event " + answer);
                }
                steps.add(new Step(pendingLine, pendingCommand, answer));
                pendingCommand = null;
            } else if (line.toLowerCase(Locale.ROOT).startsWith("atr ")) {
                atr = HEX.parseHex(normalise(line.substring(4), name, lineNo, false));
            } else {
                throw new IllegalArgumentException(name + ":" + lineNo + ": a line starts with '>', '<', 'atr' or '#'");
            }
        }
        if (pendingCommand != null) {
            throw new IllegalArgumentException(name + ":" + pendingLine + ": command without an answer");
        }
        return new ReplayTransport(name, List.copyOf(steps), atr);
    }

    @Override
    public synchronized byte[] transmit(byte[] command) {
        if (closed) {
            throw new IllegalStateException("replay " + name + " is closed");
        }
        if (next >= steps.size()) {
            throw new AssertionError("replay " + name + ": unexpected command after the end of the script: "
                    + ApduMasker.command(command));
        }
        Step step = steps.get(next);
        String actual = HEX.formatHex(command);
        if (!matches(step.expectedCommand(), actual)) {
            throw new AssertionError("replay " + name + ":" + step.line() + ": expected command "
                    + describeExpected(step.expectedCommand()) + " but the terminal sent " + ApduMasker.command(command)
                    + " (first difference at byte " + (firstDifference(step.expectedCommand(), actual) + 1) + ")");
        }
        next++;
        switch (step.answer()) {
            case "!removed":
                throw new CardRemovedException();
            case "!reader":
                throw new ReaderException("The card reader stopped responding (replayed failure).");
            default:
                return HEX.parseHex(step.answer());
        }
    }

    /** Fails unless every scripted command was sent. */
    public synchronized void assertFinished() {
        if (next != steps.size()) {
            Step step = steps.get(next);
            throw new AssertionError("replay " + name + ": " + (steps.size() - next) + " scripted command(s) not sent, first at line "
                    + step.line() + ": " + describeExpected(step.expectedCommand()));
        }
    }

    /** Commands sent so far. */
    public synchronized int position() {
        return next;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static boolean matches(String expected, String actual) {
        if (expected.length() != actual.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            char e = expected.charAt(i);
            if (e != '?' && e != actual.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int firstDifference(String expected, String actual) {
        int n = Math.min(expected.length(), actual.length());
        for (int i = 0; i < n; i++) {
            if (expected.charAt(i) != '?' && expected.charAt(i) != actual.charAt(i)) {
                return i / 2;
            }
        }
        return n / 2;
    }

    private static String describeExpected(String expected) {
        if (expected.contains("?")) {
            return expected;
        }
        return ApduMasker.command(HEX.parseHex(expected));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String substitute(String line, Map<String, String> variables, String name, int lineNo) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (true) {
            int start = line.indexOf("${", from);
            if (start < 0) {
                out.append(line, from, line.length());
                return out.toString();
            }
            int end = line.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": unclosed ${");
            }
            String key = line.substring(start + 2, end);
            String value = variables.get(key);
            if (value == null) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": no value bound for ${" + key + "}");
            }
            out.append(line, from, start).append(value);
            from = end + 1;
        }
    }

    private static String normalise(String hex, String name, int lineNo, boolean wildcards) {
        String h = hex.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        if (h.length() % 2 != 0 || !h.matches(wildcards ? "[0-9A-F?]*" : "[0-9A-F]*")) {
            throw new IllegalArgumentException(name + ":" + lineNo + ": not " + (wildcards ? "hex (or ??)" : "hex") + ": " + hex.trim());
        }
        for (int i = 0; i < h.length(); i += 2) {
            if ((h.charAt(i) == '?') != (h.charAt(i + 1) == '?')) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": a wildcard is a whole byte, ??");
            }
        }
        return h;
    }
}
