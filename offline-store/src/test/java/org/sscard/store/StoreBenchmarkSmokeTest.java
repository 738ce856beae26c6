package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark harness at tiny sizes so it keeps working; the real figures come from running it by hand. */
class StoreBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void harnessRunsAndReportsEveryFigure() throws Exception {
        List<String> lines = StoreBenchmark.run(dir, 20, 2000, 3000);
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("audit_verify_total_seconds") && l.contains("intact=true")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("blacklist_lookup_2000 ")), String.join("\n", lines));
    }
}
