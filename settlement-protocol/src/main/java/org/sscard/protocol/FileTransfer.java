package org.sscard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * 9101 file upload and 9102 file download (NATIONAL-INTERFACE §2 "9101 upload / 9102 download"): a file goes up in
 * {@code input.fsUploadIn.in} and gets a {@code file_qury_no}; a file comes down as the answer's body itself, the zip's
 * bytes with no envelope ({@link Content}); a refusal of a 9102 is an ordinary envelope ({@link #isEnvelope}).
 */
public final class FileTransfer {
    /**
     * The largest file a 9101 carries: its Base64 text (4/3 of it) and the envelope fit a request of
     * {@link MessageCodec#MAX_BODY_BYTES}.
     */
    public static final int MAX_UPLOAD_BYTES = 700 * 1024;
    /** The largest file a 9102 answers with (a station reads no more). */
    public static final int MAX_DOWNLOAD_BYTES = 4 << 20;
    /**
     * The HTTP header of a 9102 answer carrying the central service's signature over the file's bytes (Base64 of the
     * DER SM3withSM2 signature), on a platform whose answers are signed ({@link PlatformProfile#signedAnswers()}).
     */
    public static final String SIGNATURE_HEADER = "X-Sscard-Cainfo";

    private FileTransfer() {
    }

    /**
     * True when an answer's body is a JSON envelope (a refusal, or a transaction answered in JSON), false when it is a
     * file: a zip begins with {@code PK}, an envelope with <code>{</code> after any white space.
     */
    public static boolean isEnvelope(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * 9101 input {@code fsUploadIn}: {@code in} the file's bytes (written as Base64; read from Base64 or from an array
     * of byte values, {@link Bytes}), {@code filename} C(200), {@code fixmedins_code} C(30), the sender's institution.
     */
    public record Upload(@JsonDeserialize(using = Bytes.class) byte[] in, String filename, String fixmedinsCode)
            implements TransactionInput {
        public Upload {
            in = in == null ? null : in.clone();
        }

        @Override
        public byte[] in() {
            return in == null ? null : in.clone();
        }

        @Override
        public void validate(Fields f) {
            f.required("in", in);
            if (in.length == 0) {
                throw f.invalid("in", "must not be empty");
            }
            if (in.length > MAX_UPLOAD_BYTES) {
                throw f.invalid("in", "at most " + MAX_UPLOAD_BYTES + " bytes");
            }
            f.text("filename", filename, 200);
            f.text("fixmedins_code", fixmedinsCode, 30);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Upload u && Arrays.equals(in, u.in) && Objects.equals(filename, u.filename)
                    && Objects.equals(fixmedinsCode, u.fixmedinsCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(in), filename, fixmedinsCode);
        }

        @Override
        public String toString() {
            return "Upload[" + filename + ", " + (in == null ? 0 : in.length) + " bytes, " + fixmedinsCode + "]";
        }
    }

    /**
     * 9101 output, directly under {@code output}: {@code file_qury_no} C(30), {@code filename} C(200),
     * {@code fixmedins_code} C(30) (SZ has it; optional when read), {@code dld_endtime} C(30) optional.
     */
    public record Uploaded(String fileQuryNo, String filename, String fixmedinsCode, String dldEndtime)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.text("file_qury_no", fileQuryNo, 30);
            f.text("filename", filename, 200);
            f.optionalText("fixmedins_code", fixmedinsCode, 30);
            f.optionalText("dld_endtime", dldEndtime, 30);
        }
    }

    /** 9102 input {@code fsDownloadIn}: {@code file_qury_no} C(30), {@code filename} C(200), {@code fixmedins_code} C(30). */
    public record Download(String fileQuryNo, String filename, String fixmedinsCode) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.text("file_qury_no", fileQuryNo, 30);
            f.text("filename", filename, 200);
            f.text("fixmedins_code", fixmedinsCode, 30);
        }
    }

    /** 9102's answer: the file itself, never written as JSON. */
    public record Content(byte[] bytes) implements TransactionOutput {
        public Content {
            bytes = bytes == null ? null : bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes == null ? null : bytes.clone();
        }

        @Override
        public void validate(Fields f) {
            f.required("file", bytes);
            if (bytes.length > MAX_DOWNLOAD_BYTES) {
                throw f.invalid("file", "at most " + MAX_DOWNLOAD_BYTES + " bytes");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && Arrays.equals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Content[" + (bytes == null ? 0 : bytes.length) + " bytes]";
        }
    }

    /**
     * Reads {@code in}: a Base64 string (standard or URL-safe alphabet, padding optional, line breaks ignored: the
     * forms .NET and Java clients write), or an array of byte values, each from −128 to 255 (a client that writes its
     * byte array as numbers, signed or unsigned).
     */
    static final class Bytes extends StdDeserializer<byte[]> {
        private static final String EXPECTED =
                "must be the file's bytes: a Base64 string or an array of byte values (-128 to 255)";

        Bytes() {
            super(byte[].class);
        }

        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText().replaceAll("[ \t\r\n]", "");
                try {
                    return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder()
                            : Base64.getDecoder()).decode(text);
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, "not Base64 (" + EXPECTED + ")");
                }
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw JsonMappingException.from(p, EXPECTED);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                        || p.getIntValue() < Byte.MIN_VALUE || p.getIntValue() > 255) {
                    throw JsonMappingException.from(p, EXPECTED);
                }
                out.write(p.getIntValue());
            }
            return out.toByteArray();
        }
    }
}
