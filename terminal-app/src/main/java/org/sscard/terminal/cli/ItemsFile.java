package org.sscard.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sscard.store.StrictText;
import org.sscard.terminal.Problems;
import org.sscard.terminal.counter.CounterException;
import org.sscard.terminal.counter.CounterItem;

/**
 * The items file of {@code visit --items} and {@code sale --items}: UTF-8 text, one item per line: the station's
 * item code (local code or barcode), then the count (a whole number 1–99999), separated by spaces, a tab or one
 * comma. Blank lines and lines starting with {@code #} are ignored. At most {@value #MAX_BYTES} bytes and
 * {@value #MAX_LINE_CHARS} characters a line: the file is read only that far, so {@code /dev/zero}, a huge file or a
 * line without end is refused at once. Only the form is checked here; the counter checks the items themselves
 * (catalog, limits) before anything is sent.
 */
public final class ItemsFile {
    /** Far more than 500 items with comments need. */
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_LINE_CHARS = 256;

    /** The items read, in the order of the file, each with its line; or the problems that stop the file being used. */
    public record Parsed(List<CounterItem> items, Problems problems) {
        public Parsed {
            items = List.copyOf(items);
        }
    }

    private ItemsFile() {
    }

    static List<CounterItem> read(Path file) {
        Parsed parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = parse(in);
        } catch (NoSuchFileException e) {
            throw new CliException("items file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read items file " + file + ": " + e.getMessage());
        }
        if (!parsed.problems().isEmpty()) {
            throw new CliException("items file " + file + ": " + parsed.problems().summary());
        }
        if (parsed.items().isEmpty()) {
            throw new CliException("items file " + file + " lists no items (one line per item: CODE COUNT)");
        }
        return parsed.items();
    }

    /** Reads at most {@link #MAX_BYTES} (and one more to tell a longer file) from {@code in}, which stays open. */
    public static Parsed parse(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        List<CounterItem> items = new ArrayList<>();
        Problems problems = new Problems();
        if (bytes.length > MAX_BYTES) {
            problems.add("larger than " + MAX_BYTES / 1024 + " KiB, which is not an items file (at most 500 lines"
                    + " 'CODE COUNT')");
            return new Parsed(items, problems);
        }
        String text;
        try {
            text = strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            problems.add("line " + StrictText.lineOfFirstBadByte(bytes, StandardCharsets.UTF_8)
                    + ": not UTF-8 text (save the file as UTF-8)");
            return new Parsed(items, problems);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            if (raw.length() > MAX_LINE_CHARS) {
                problems.add("line " + number + ": longer than " + MAX_LINE_CHARS + " characters");
                continue;
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
                problems.add("line " + number + ": holds control characters, which is not text");
                continue;
            }
            String[] parts = line.split("\\s*,\\s*|\\s+");
            if (parts.length != 2) {
                problems.add("line " + number + ": expected 'CODE COUNT', got '" + line + "'");
                continue;
            }
            try {
                items.add(new CounterItem(parts[0], Long.parseLong(parts[1]), number));
            } catch (NumberFormatException e) {
                problems.add("line " + number + ": the count '" + parts[1] + "' is not a whole number");
            } catch (CounterException e) {
                problems.add("line " + number + ": " + e.getMessage());
            }
        }
        return new Parsed(items, problems);
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StrictText.decode(ByteBuffer.wrap(bytes), StandardCharsets.UTF_8);
    }
}
