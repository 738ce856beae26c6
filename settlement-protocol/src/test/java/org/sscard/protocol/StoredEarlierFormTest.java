package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

/** Messages a station stored before the wrappers and before pool_prop_selfpay was a ratio still read. */
class StoredEarlierFormTest {
    private static final ObjectMapper TREE = new ObjectMapper();

    @Test
    void aRequestStoredWithAFlatInputIsReadAsWrappedAndMarkedForRewriting() throws Exception {
        ObjectNode request = (ObjectNode) TREE.readTree(ConformanceFixturesTest.fixture("2207-request.json"));
        request.set("input", request.get("input").get("data"));
        byte[] earlier = TREE.writeValueAsBytes(request);
        assertEquals("input.psn_no: unknown member (the input of 2207 is input.data)",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(earlier)).getMessage(),
                "the interface's reader holds a request to the wrappers");
        Request<Settlement.Input> stored = MessageCodec.readStoredRequest(earlier, Transaction.SETTLEMENT);
        assertEquals(Money.parse("300.00"), stored.input().medfeeSumamt());
        assertTrue(MessageCodec.storedBeforeWrappers(earlier));
        assertFalse(MessageCodec.storedBeforeWrappers(MessageCodec.write(stored)), "written again, it is wrapped");
        assertFalse(MessageCodec.storedBeforeWrappers(ConformanceFixturesTest.fixture("2204-request.json")),
                "2204 has no wrapper to miss");
    }

    @Test
    void aSettlementAnswerStoredWithAnAmountAsPoolPropSelfpayReadsWithoutIt() throws Exception {
        ObjectNode answer = (ObjectNode) TREE.readTree(ConformanceFixturesTest.fixture("2207-answer.json"));
        ((ObjectNode) answer.get("output").get("setlinfo")).put("pool_prop_selfpay", new java.math.BigDecimal("79.50"));
        byte[] earlier = TREE.writeValueAsBytes(answer);
        assertTrue(assertThrows(ProtocolException.class, () -> MessageCodec.readResponse(earlier, Transaction.SETTLEMENT))
                .getMessage().startsWith("output.setlinfo.pool_prop_selfpay: not a proportion"));
        SettlementResult.SetlInfo info = MessageCodec.readStoredResponse(earlier, Transaction.SETTLEMENT).output()
                .setlinfo();
        assertNull(info.poolPropSelfpay());
        assertEquals(Money.parse("300.00"), info.medfeeSumamt());
        assertEquals("0.70", MessageCodec.readStoredResponse(ConformanceFixturesTest.fixture("2207-answer.json"),
                Transaction.SETTLEMENT).output().setlinfo().poolPropSelfpay().toString(), "a ratio stays");
    }
}
