package org.sscard.keyceremony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Results as text for people or as JSON (--json) for scripts. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Prints one result: a map as "key: value" lines, or as a JSON object. */
    void result(Map<String, ?> fields) {
        if (json) {
            print(fields);
            return;
        }
        fields.forEach((k, v) -> out.println(k + ": " + v));
    }

    /** Prints a table: aligned columns, or a JSON array of objects. */
    void table(List<Map<String, Object>> rows, List<String> columns) {
        if (json) {
            print(rows);
            return;
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (Map<String, Object> row : rows) {
                widths[c] = Math.max(widths[c], String.valueOf(row.get(columns.get(c))).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            header.append(String.format("%-" + (widths[c] + 2) + "s", columns.get(c)));
        }
        out.println(header.toString().stripTrailing());
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns.size(); c++) {
                line.append(String.format("%-" + (widths[c] + 2) + "s", row.get(columns.get(c))));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void print(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CeremonyException("cannot write JSON: " + e.getMessage());
        }
    }
}
