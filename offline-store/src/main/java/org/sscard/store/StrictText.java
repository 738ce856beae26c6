package org.sscard.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/** Text files people hand to the station (catalog, items): decoded strictly, a bad byte named by its line. */
public final class StrictText {
    private StrictText() {
    }

    /** The text of {@code bytes} in {@code charset}; a byte sequence that is not valid there is an error, not a '?'. */
    public static String decode(ByteBuffer bytes, Charset charset) throws CharacterCodingException {
        return strict(charset).decode(bytes).toString();
    }

    /** The line (from 1) of the first byte of {@code bytes} that is not valid text in {@code charset}. */
    public static int lineOfFirstBadByte(byte[] bytes, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        strict(charset).decode(in, CharBuffer.allocate(bytes.length + 1), true);
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
