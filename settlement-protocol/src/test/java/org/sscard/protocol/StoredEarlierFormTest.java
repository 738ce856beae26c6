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
    void registrationsAndFeeRowsStoredBeforeTheirNewMembersReadAsWritten() throws Exception {
        ObjectNode fees = (ObjectNode) TREE.readTree(ConformanceFixturesTest.fixture("2204-request.json"));
        for (var row : fees.get("input").get("feedetail")) {
            ((ObjectNode) row).remove(java.util.List.of("rx_circ_flag", "bilg_dept_name", "bilg_dr_codg",
                    "hosp_appr_flag"));
        }
        byte[] earlierFees = TREE.writeValueAsBytes(fees);
        assertEquals("input.feedetail[0].rx_circ_flag: required",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(earlierFees)).getMessage(),
                "a new request needs them");
        FeeUpload.FeeDetail row = MessageCodec.readStoredRequest(earlierFees, Transaction.FEE_UPLOAD).input()
                .feedetail().get(1);
        assertNull(row.hospApprFlag());
        assertEquals("D01", row.bilgDeptCodg());
        ((ObjectNode) fees.get("input").get("feedetail").get(1)).put("hosp_appr_flag", "0");
        assertEquals("input.feedetail[1].rx_circ_flag: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readStoredRequest(TREE.writeValueAsBytes(fees), Transaction.FEE_UPLOAD))
                .getMessage(), "only a row without any of the four is of the earlier form");

        ObjectNode registration = (ObjectNode) TREE.readTree(ConformanceFixturesTest.fixture("2201-request.json"));
        ((ObjectNode) registration.get("input").get("data")).remove(java.util.List.of("atddr_no", "dept_name", "caty"));
        byte[] earlierRegistration = TREE.writeValueAsBytes(registration);
        assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(earlierRegistration));
        assertNull(MessageCodec.readStoredRequest(earlierRegistration, Transaction.REGISTRATION).input().caty());
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
