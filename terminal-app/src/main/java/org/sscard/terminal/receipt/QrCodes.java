package org.sscard.terminal.receipt;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** QR codes of settlement ids: error correction M, UTF-8, one matrix cell per module. */
final class QrCodes {
    private QrCodes() {
    }

    /** The module matrix with {@code quietZone} modules of white border. */
    static BitMatrix matrix(String content, int quietZone) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, quietZone));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + content.length() + " characters", e);
        }
    }
}
