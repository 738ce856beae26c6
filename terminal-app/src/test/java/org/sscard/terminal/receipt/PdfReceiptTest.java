package org.sscard.terminal.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.RGBLuminanceSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs a CJK font (Debian fonts-wqy-microhei): skipped with a reason without it, mandatory when CI=true. */
class PdfReceiptTest {
    static Path font;

    @BeforeAll
    static void needsFont() {
        Optional<Path> found = PdfReceiptRenderer.findFont();
        if (found.isEmpty()) {
            String reason = "no CJK font found (" + PdfReceiptRenderer.FONT_CANDIDATES + "): install fonts-wqy-microhei";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + " — mandatory in CI");
            }
            System.out.println("SKIPPED PdfReceiptTest: " + reason);
            Assumptions.abort(reason);
        }
        font = found.get();
    }

    @Test
    void thePdfHoldsTheTextAndRendersToANonBlankPageWithAReadableQrCode(@TempDir Path dir) throws Exception {
        byte[] pdf = new PdfReceiptRenderer(font).render(ReceiptSamples.receipt());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("医保结算单"), text);
            assertTrue(text.contains("134.56") && text.contains("1,234.56") && text.contains(ReceiptSamples.SETL_ID), text);
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 200);
            long dark = 0;
            for (int y = 0; y < page.getHeight(); y++) {
                for (int x = 0; x < page.getWidth(); x++) {
                    if ((page.getRGB(x, y) & 0xFF) < 128) {
                        dark++;
                    }
                }
            }
            double share = (double) dark / (page.getWidth() * page.getHeight());
            assertTrue(share > 0.02 && share < 0.6, "page 1 is neither blank nor black: " + share);
            javax.imageio.ImageIO.write(page, "png", dir.resolve("receipt.png").toFile());
            assertTrue(Files.size(dir.resolve("receipt.png")) > 1000);
            int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            assertEquals(ReceiptSamples.SETL_ID, ReceiptTest.decodeQr(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
        }
    }

    @Test
    void thePdfPrinterWritesOneFilePerSettlement(@TempDir Path dir) throws Exception {
        new PdfReceiptPrinter(dir.resolve("receipts"), new PdfReceiptRenderer(font)).print(ReceiptSamples.receipt());
        Path file = dir.resolve("receipts").resolve(ReceiptSamples.SETL_ID + ".pdf");
        assertTrue(Files.size(file) > 1000);
        try (var files = Files.list(dir.resolve("receipts"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aMissingFontFailsClearly(@TempDir Path dir) {
        ReceiptException e = assertThrows(ReceiptException.class, () -> new PdfReceiptRenderer(dir.resolve("none.ttc")));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }
}
