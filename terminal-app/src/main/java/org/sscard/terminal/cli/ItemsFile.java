package org.sscard.terminal.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sscard.terminal.counter.CounterException;
import org.sscard.terminal.counter.CounterItem;

/**
 * The items file of {@code visit --items} and {@code sale --items}: UTF-8 text, one item per line: the station's
 * item code (local code or barcode), then the count (a whole number 1–99999), separated by spaces, a tab or one
 * comma. Blank lines and lines starting with {@code #} are ignored. Every bad line is reported at once, by number.
 */
final class ItemsFile {
    private ItemsFile() {
    }

    static List<CounterItem> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("items file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new CliException("items file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException("cannot read items file " + file + ": " + e.getMessage());
        }
        List<CounterItem> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s*,\\s*|\\s+");
            if (parts.length != 2) {
                problems.add("line " + (i + 1) + ": expected 'CODE COUNT', got '" + line + "'");
                continue;
            }
            try {
                items.add(new CounterItem(parts[0], Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                problems.add("line " + (i + 1) + ": the count '" + parts[1] + "' is not a whole number");
            } catch (CounterException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CliException("items file " + file + ": " + String.join("; ", problems));
        }
        if (items.isEmpty()) {
            throw new CliException("items file " + file + " lists no items (one line per item: CODE COUNT)");
        }
        return items;
    }
}
