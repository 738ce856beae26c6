package org.sscard.terminal.receipt;

import com.google.zxing.common.BitMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Renders a receipt as an ESC/POS byte stream for a thermal printer in its Chinese (GBK) character mode:
 * {@code ESC @} (initialise), {@code FS &} (Chinese characters on), GBK text, the settlement id's QR code either
 * by the printer's own QR function ({@code GS ( k}: model 2, module size, error level M, store, print) or as a
 * raster image drawn here ({@code GS v 0}), then {@code ESC d 4} (feed) and {@code GS V 66 0} (feed and cut).
 * Columns are counted in GBK bytes: a Chinese character is two columns wide, as on the paper.
 */
public final class EscPosRenderer {
    public static final Charset GBK = Charset.forName("GBK");
    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    static final byte FS = 0x1C;

    /** How the QR code is printed. */
    public enum QrMode {
        /** the printer's QR function ({@code GS ( k}); most current printers */
        NATIVE,
        /** a raster bit image ({@code GS v 0}); for printers without a QR function */
        RASTER
    }

    private final int columns;
    private final QrMode qrMode;
    private final int qrModuleDots;

    /**
     * @param columns      characters per line in the normal font: 32 on 58 mm paper, 48 on 80 mm paper
     * @param qrModuleDots size of one QR module in printer dots (1..16)
     */
    public EscPosRenderer(int columns, QrMode qrMode, int qrModuleDots) {
        if (columns < 24 || columns > 64) {
            throw new IllegalArgumentException("columns must be 24..64");
        }
        if (qrModuleDots < 1 || qrModuleDots > 16) {
            throw new IllegalArgumentException("QR module size must be 1..16 dots");
        }
        this.columns = columns;
        this.qrMode = qrMode;
        this.qrModuleDots = qrModuleDots;
    }

    /** 58 mm paper (32 columns), the printer's QR function, 6-dot modules. */
    public static EscPosRenderer narrow() {
        return new EscPosRenderer(32, QrMode.NATIVE, 6);
    }

    public byte[] render(Receipt receipt) {
        return render(ReceiptLayout.rows(receipt));
    }

    byte[] render(List<ReceiptLayout.Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {ESC, '@'});
        out.writeBytes(new byte[] {FS, '&'});
        for (ReceiptLayout.Row row : rows) {
            if (row instanceof ReceiptLayout.Title t) {
                align(out, 1);
                out.writeBytes(new byte[] {GS, '!', 0x11});
                line(out, gbk(t.text()));
                out.writeBytes(new byte[] {GS, '!', 0x00});
                align(out, 0);
            } else if (row instanceof ReceiptLayout.Text t) {
                line(out, gbk(t.text()));
            } else if (row instanceof ReceiptLayout.Pair p) {
                if (p.strong()) {
                    out.writeBytes(new byte[] {ESC, 'E', 1});
                }
                line(out, pair(gbk(p.label()), gbk(p.value())));
                if (p.strong()) {
                    out.writeBytes(new byte[] {ESC, 'E', 0});
                }
            } else if (row instanceof ReceiptLayout.Rule) {
                line(out, "-".repeat(columns).getBytes(GBK));
            } else if (row instanceof ReceiptLayout.Qr q) {
                align(out, 1);
                if (qrMode == QrMode.NATIVE) {
                    nativeQr(out, q.content());
                } else {
                    rasterQr(out, q.content());
                }
                align(out, 0);
            }
        }
        out.writeBytes(new byte[] {ESC, 'd', 4});
        out.writeBytes(new byte[] {GS, 'V', 66, 0});
        return out.toByteArray();
    }

    private byte[] pair(byte[] label, byte[] value) {
        int gap = columns - label.length - value.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (gap < 1) {
            b.writeBytes(label);
            b.write('\n');
            gap = Math.max(0, columns - value.length);
            b.writeBytes(" ".repeat(gap).getBytes(GBK));
            b.writeBytes(value);
            return b.toByteArray();
        }
        b.writeBytes(label);
        b.writeBytes(" ".repeat(gap).getBytes(GBK));
        b.writeBytes(value);
        return b.toByteArray();
    }

    private void nativeQr(ByteArrayOutputStream out, String content) {
        byte[] data = content.getBytes(GBK);
        out.writeBytes(new byte[] {GS, '(', 'k', 4, 0, 49, 65, 50, 0});              // fn 165: model 2
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 67, (byte) qrModuleDots}); // fn 167: module size
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 69, 49});                 // fn 169: error level M
        int length = data.length + 3;
        out.writeBytes(new byte[] {GS, '(', 'k', (byte) (length & 0xFF), (byte) (length >> 8), 49, 80, 48}); // fn 180: store
        out.writeBytes(data);
        out.writeBytes(new byte[] {GS, '(', 'k', 3, 0, 49, 81, 48});                 // fn 181: print
        out.write('\n');
    }

    private void rasterQr(ByteArrayOutputStream out, String content) {
        BitMatrix matrix = QrCodes.matrix(content, 4);
        int size = matrix.getWidth() * qrModuleDots;
        int bytesPerRow = (size + 7) / 8;
        out.writeBytes(new byte[] {GS, 'v', '0', 0, (byte) (bytesPerRow & 0xFF), (byte) (bytesPerRow >> 8),
            (byte) (size & 0xFF), (byte) (size >> 8)});
        for (int y = 0; y < size; y++) {
            byte[] row = new byte[bytesPerRow];
            for (int x = 0; x < size; x++) {
                if (matrix.get(x / qrModuleDots, y / qrModuleDots)) {
                    row[x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
            out.writeBytes(row);
        }
        out.write('\n');
    }

    private static void align(ByteArrayOutputStream out, int how) {
        out.writeBytes(new byte[] {ESC, 'a', (byte) how});
    }

    private static void line(ByteArrayOutputStream out, byte[] text) {
        out.writeBytes(text);
        out.write('\n');
    }

    private static byte[] gbk(String text) {
        return (text == null ? "" : text).getBytes(GBK);
    }
}
