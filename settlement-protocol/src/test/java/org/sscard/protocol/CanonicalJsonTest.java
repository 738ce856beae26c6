package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.sscard.crypto.Sm3;

/** The worked example of docs/settlement-protocol.md, "Canonical form". */
class CanonicalJsonTest {
    static final String RECEIVED = "{ \"signtype\" : \"SM2\",\n"
            + "  \"infno\": \"9001\",\n"
            + "  \"cainfo\": \"MEUCIQ...\",\n"
            + "  \"input\": { \"opter_no\": \"C001\", \"mac\": \"00-1A-2B-3C-4D-5E\", \"ip\": \"10.1.2.3\" },\n"
            + "  \"opter_name\": \"王收费\\t\\\"A\\\"\\u0001\\u00e9\",\n"
            + "  \"amt\": 12.30,\n"
            + "  \"list\": [3, -1.50, true, null, {\"b\": 1, \"a\": 2, \"B\": 0}]\n"
            + "}\n";
    static final String CANONICAL = "{\"amt\":12.30,\"infno\":\"9001\","
            + "\"input\":{\"ip\":\"10.1.2.3\",\"mac\":\"00-1A-2B-3C-4D-5E\",\"opter_no\":\"C001\"},"
            + "\"list\":[3,-1.50,true,null,{\"B\":0,\"a\":2,\"b\":1}],"
            + "\"opter_name\":\"王收费\\t\\\"A\\\"\\u0001é\",\"signtype\":\"SM2\"}";

    @Test
    void goldenExample() {
        byte[] canonical = CanonicalJson.of(RECEIVED.getBytes(StandardCharsets.UTF_8));
        assertEquals(CANONICAL, new String(canonical, StandardCharsets.UTF_8));
        assertEquals(CANONICAL_SM3, Hex.toHexString(Sm3.hash(canonical)));
    }

    static final String CANONICAL_SM3 = "7c07a66fb85c8e0f24ad7a34e4a3baa2515142cf1a9b6bfface46923397de94f";

    @Test
    void canonicalFormIsAFixedPoint() {
        byte[] once = CanonicalJson.of(RECEIVED.getBytes(StandardCharsets.UTF_8));
        assertEquals(new String(once, StandardCharsets.UTF_8), new String(CanonicalJson.of(once), StandardCharsets.UTF_8));
    }

    @Test
    void namesSortAsTheirUtf8BytesEvenBeyondTheBasicPlane() {
        // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: by bytes U+FF01 comes first, although its
        // UTF-16 unit (FF01) is larger than the surrogate D83D that starts U+1F600.
        String body = "{\"\ud83d\ude00\":1,\"\uff01\":2,\"\u00e9\":3,\"z\":4}";
        assertEquals("{\"z\":4,\"é\":3,\"！\":2,\"😀\":1}",
                new String(CanonicalJson.of(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertEquals(0, CanonicalJson.compareAsUtf8("ab", "ab"));
        assertTrue(CanonicalJson.compareAsUtf8("a", "ab") < 0);
        assertTrue(CanonicalJson.compareAsUtf8("ab", "a") > 0);
    }

    @Test
    void refusesWhatCannotBeCanonical() {
        assertThrows(ProtocolException.class, () -> CanonicalJson.of("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ProtocolException.class, () -> CanonicalJson.of("{\"a\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ProtocolException.class, () -> CanonicalJson.of("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ProtocolException.class, () -> CanonicalJson.of("{} x".getBytes(StandardCharsets.UTF_8)));
    }
}
