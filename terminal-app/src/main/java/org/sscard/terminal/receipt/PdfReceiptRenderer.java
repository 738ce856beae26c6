package org.sscard.terminal.receipt;

import com.google.zxing.common.BitMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders a receipt as a one-page PDF the width of 80 mm receipt paper, with a CJK TrueType font embedded (subset)
 * and the QR code drawn as vector squares. Without a CJK font there is no PDF: {@link #findFont()} says which
 * Debian package to install.
 */
public final class PdfReceiptRenderer {
    /** Where Debian's CJK TrueType fonts live, in order of preference. */
    public static final List<Path> FONT_CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"));
    /** An explicit font file overrides the candidates. */
    public static final String FONT_PROPERTY = "sscard.receipt.font";

    static final float WIDTH = 80 / 25.4f * 72;
    static final float MARGIN = 12;
    static final float FONT_SIZE = 9;
    static final float TITLE_SIZE = 13;
    static final float LEADING = 1.45f;
    static final float QR_MODULE = 2.2f;

    private final Path fontFile;

    public PdfReceiptRenderer(Path fontFile) {
        if (!Files.isReadable(fontFile)) {
            throw new ReceiptException("the receipt font " + fontFile + " cannot be read");
        }
        this.fontFile = fontFile;
    }

    /** A renderer with the first CJK font found, or a ReceiptException saying what to install. */
    public static PdfReceiptRenderer withSystemFont() {
        return new PdfReceiptRenderer(findFont().orElseThrow(() -> new ReceiptException(
                "no Chinese font for PDF receipts: install the Debian package fonts-wqy-microhei"
                        + " (or set -D" + FONT_PROPERTY + "=<a TrueType CJK font file>)")));
    }

    public static Optional<Path> findFont() {
        String explicit = System.getProperty(FONT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isReadable);
        }
        return FONT_CANDIDATES.stream().filter(Files::isReadable).findFirst();
    }

    public byte[] render(Receipt receipt) {
        return render(ReceiptLayout.rows(receipt));
    }

    /** Any slip laid out as receipt rows (e.g. the card office's handover slip), on one 80 mm page. */
    public byte[] render(List<ReceiptLayout.Row> rows) {
        try (PDDocument doc = new PDDocument(); FontHandle handle = openFont()) {
            PDType0Font font = PDType0Font.load(doc, handle.font, true);
            float height = MARGIN * 2 + heightOf(rows);
            PDPage page = new PDPage(new PDRectangle(WIDTH, height));
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = height - MARGIN;
                for (ReceiptLayout.Row row : rows) {
                    y = draw(cs, font, row, y);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new ReceiptException("the PDF receipt could not be made: " + e.getMessage(), e);
        }
    }

    private static float heightOf(List<ReceiptLayout.Row> rows) {
        float h = 0;
        for (ReceiptLayout.Row row : rows) {
            h += rowHeight(row);
        }
        return h;
    }

    private static float rowHeight(ReceiptLayout.Row row) {
        if (row instanceof ReceiptLayout.Title) {
            return TITLE_SIZE * LEADING;
        }
        if (row instanceof ReceiptLayout.Qr q) {
            return QrCodes.matrix(q.content(), 2).getHeight() * QR_MODULE + FONT_SIZE;
        }
        return FONT_SIZE * LEADING;
    }

    private float draw(PDPageContentStream cs, PDType0Font font, ReceiptLayout.Row row, float top) throws IOException {
        float h = rowHeight(row);
        float baseline = top - h + (h - FONT_SIZE) / 2;
        if (row instanceof ReceiptLayout.Title t) {
            float w = width(font, TITLE_SIZE, t.text());
            text(cs, font, TITLE_SIZE, (WIDTH - w) / 2, top - TITLE_SIZE * 1.1f, t.text());
        } else if (row instanceof ReceiptLayout.Text t) {
            text(cs, font, FONT_SIZE, MARGIN, baseline, t.text());
        } else if (row instanceof ReceiptLayout.Pair p) {
            float size = p.strong() ? FONT_SIZE + 1.5f : FONT_SIZE;
            text(cs, font, size, MARGIN, baseline, p.label());
            String value = p.value() == null ? "" : p.value();
            text(cs, font, size, WIDTH - MARGIN - width(font, size, value), baseline, value);
        } else if (row instanceof ReceiptLayout.Rule) {
            cs.setLineWidth(0.5f);
            cs.moveTo(MARGIN, top - h / 2);
            cs.lineTo(WIDTH - MARGIN, top - h / 2);
            cs.stroke();
        } else if (row instanceof ReceiptLayout.Qr q) {
            BitMatrix m = QrCodes.matrix(q.content(), 2);
            float size = m.getWidth() * QR_MODULE;
            float left = (WIDTH - size) / 2;
            float qrTop = top - FONT_SIZE / 2;
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    if (m.get(x, y)) {
                        cs.addRect(left + x * QR_MODULE, qrTop - (y + 1) * QR_MODULE, QR_MODULE, QR_MODULE);
                    }
                }
            }
            cs.fill();
        }
        return top - h;
    }

    private static void text(PDPageContentStream cs, PDType0Font font, float size, float x, float y, String s)
            throws IOException {
        if (s == null || s.isEmpty()) {
            return;
        }
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    private static float width(PDType0Font font, float size, String s) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** The TrueType font, kept open until the document is saved (a collection's first font is used). */
    private static final class FontHandle implements AutoCloseable {
        final TrueTypeFont font;
        private final TrueTypeCollection collection;

        FontHandle(TrueTypeFont font, TrueTypeCollection collection) {
            this.font = font;
            this.collection = collection;
        }

        @Override
        public void close() throws IOException {
            if (collection != null) {
                collection.close();
            } else {
                font.close();
            }
        }
    }

    private FontHandle openFont() throws IOException {
        String name = fontFile.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ttc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(fontFile.toFile());
            List<TrueTypeFont> fonts = new ArrayList<>();
            ttc.processAllFonts(fonts::add);
            if (fonts.isEmpty()) {
                ttc.close();
                throw new ReceiptException("the font collection " + fontFile + " holds no font");
            }
            return new FontHandle(fonts.get(0), ttc);
        }
        return new FontHandle(new org.apache.fontbox.ttf.TTFParser().parse(
                new org.apache.pdfbox.io.RandomAccessReadBufferedFile(fontFile.toFile())), null);
    }
}
