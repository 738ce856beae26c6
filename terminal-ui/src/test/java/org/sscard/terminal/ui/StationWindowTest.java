package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.receipt.EscPosPrinter;
import org.sscard.terminal.receipt.PdfReceiptRenderer;

class StationWindowTest {
    @TempDir
    Path dir;

    @Test
    void thePrinterOptionNamesAnEscPosDeviceOrHostOrAPdfFolder() {
        assertTrue(StationWindow.printer("device:" + dir.resolve("lp0"), dir.resolve("station.properties"))
                instanceof EscPosPrinter);
        assertTrue(StationWindow.printer("network:printer.local:9100", dir.resolve("station.properties"))
                instanceof EscPosPrinter);
        for (String bad : new String[] {"network:printer.local", "network:printer.local:x", "lpt1", "serial:COM1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StationWindow.printer(bad, dir.resolve("station.properties")));
            assertTrue(e.getMessage().contains("pdf:DIR, device:PATH or network:HOST:PORT"), e.getMessage());
        }
    }

    @Test
    void withoutTheOptionReceiptsArePdfFilesNextToTheStationFile() {
        assumeTrue(PdfReceiptRenderer.findFont().isPresent() || "true".equals(System.getenv("CI")),
                "no CJK font installed (fonts-wqy-microhei)");
        assertEquals(dir.resolve("receipts").toString(), StationWindow.printer(null, dir.resolve("station.properties")).name());
        assertEquals(dir.resolve("out").toString(), StationWindow.printer("pdf:" + dir.resolve("out"), dir.resolve("x")).name());
    }
}
