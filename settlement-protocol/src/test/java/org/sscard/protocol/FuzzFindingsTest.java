package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The smallest inputs of what {@link CodecFuzzTest} found, each fixed (docs/RELIABILITY.md). */
class FuzzFindingsTest {

    @Test
    void aNumberWithAHugeExponentIsRefusedAsInvalid() {
        byte[] request = "{\"infno\":\"9001\",\"msgid\":1e99999999999}".getBytes(StandardCharsets.UTF_8);
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(request));
        assertEquals(InfCode.VALIDATION, e.infCode());
        assertEquals("msgid: must be a plain decimal number (no exponent)", e.getMessage(),
                "requests refuse any exponent before its range matters");
        byte[] answer = "{\"infcode\":1e99999999999}".getBytes(StandardCharsets.UTF_8);
        ProtocolException a = assertThrows(ProtocolException.class, () -> MessageCodec.readResponse(answer, Transaction.SIGN_IN));
        assertEquals(InfCode.VALIDATION, a.infCode());
        assertEquals("message: a number is out of range", a.getMessage());
    }
}
