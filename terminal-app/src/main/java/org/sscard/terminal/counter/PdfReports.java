package org.sscard.terminal.counter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.sscard.terminal.reason.Reason;

/**
 * Writes a {@link Reports.Report} as PDF (Apache PDFBox) with an embedded CJK font. The font is WenQuanYi Micro Hei
 * (Debian package {@code fonts-wqy-microhei}, TrueType outlines, which PDFBox can embed), or the TrueType collection (.ttc) file
 * named by the system property {@value #FONT_PROPERTY}. Without one, PDF output fails with a message saying which
 * package to install; CSV output needs no font.
 */
public final class PdfReports {
    public static final String FONT_PROPERTY = "sscard.report.font";
    static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    private static final float MARGIN = 36;
    private static final float LEADING = 14;

    private PdfReports() {
    }

    /** The CJK font file to embed, if one is installed. */
    public static Optional<Path> font() {
        String configured = System.getProperty(FONT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
        }
        return Optional.of(WQY).filter(Files::isRegularFile);
    }

    public static void write(Reports.Report report, Path target) {
        Path fontFile = font().orElseThrow(() -> new CounterException(Reason.PDF_FONT_MISSING, FONT_PROPERTY));
        try (PDDocument doc = new PDDocument(); TrueTypeCollection collection = open(fontFile)) {
            TrueTypeFont ttf = collection.getFontByName(firstName(collection));
            PDType0Font font = PDType0Font.load(doc, ttf, true);
            PDRectangle size = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
            float colWidth = (size.getWidth() - 2 * MARGIN) / Math.max(1, report.columns().size());
            PDPage page = null;
            PDPageContentStream out = null;
            float y = 0;
            List<List<String>> lines = new java.util.ArrayList<>();
            lines.add(report.columns());
            lines.addAll(report.rows());
            try {
                for (int i = -1; i < lines.size(); i++) {
                    if (out == null || y < MARGIN) {
                        if (out != null) {
                            out.close();
                        }
                        page = new PDPage(size);
                        doc.addPage(page);
                        out = new PDPageContentStream(doc, page);
                        y = size.getHeight() - MARGIN;
                    }
                    if (i == -1) {
                        text(out, font, 14, MARGIN, y, report.title());
                        y -= LEADING * 2;
                        continue;
                    }
                    List<String> row = lines.get(i);
                    for (int c = 0; c < row.size(); c++) {
                        text(out, font, 9, MARGIN + c * colWidth, y, row.get(c));
                    }
                    y -= LEADING;
                }
            } finally {
                if (out != null) {
                    out.close();
                }
            }
            doc.save(target.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the PDF report could not be written to " + target + ": " + e.getMessage(), e);
        }
    }

    private static TrueTypeCollection open(Path file) throws IOException {
        return new TrueTypeCollection(file.toFile());
    }

    private static String firstName(TrueTypeCollection collection) throws IOException {
        String[] name = new String[1];
        collection.processAllFonts(f -> {
            if (name[0] == null) {
                name[0] = f.getName();
            }
        });
        return name[0];
    }

    private static void text(PDPageContentStream out, PDType0Font font, float size, float x, float y, String s)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(s);
        out.endText();
    }
}
