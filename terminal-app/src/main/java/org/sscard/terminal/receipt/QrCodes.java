package org.sscard.terminal.receipt;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** QR codes (settlement ids on receipts, second-factor enrolment): error correction M, UTF-8, one matrix cell per module. */
public final class QrCodes {
    private QrCodes() {
    }

    /** The module matrix with {@code quietZone} modules of white border. */
    public static BitMatrix matrix(String content, int quietZone) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, quietZone));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + content.length() + " characters", e);
        }
    }

    /** The modules as rows of dark (true) and light cells, {@code quietZone} light modules around them. */
    public static boolean[][] modules(String content, int quietZone) {
        BitMatrix m = matrix(content, quietZone);
        boolean[][] rows = new boolean[m.getHeight()][m.getWidth()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length; x++) {
                rows[y][x] = m.get(x, y);
            }
        }
        return rows;
    }

    /**
     * The QR code as text for a terminal: two modules per character cell (upper and lower half blocks), dark
     * modules as spaces on a light background so phones read it on dark and light terminals alike.
     */
    public static String text(String content) {
        BitMatrix m = matrix(content, 2);
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = m.get(x, y);
                boolean bottom = y + 1 < m.getHeight() && m.get(x, y + 1);
                out.append(top ? (bottom ? ' ' : '\u2584') : (bottom ? '\u2580' : '\u2588'));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
