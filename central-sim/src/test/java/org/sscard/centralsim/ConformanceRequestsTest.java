package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.protocol.ConformanceFixturesTest;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;

/**
 * central-sim accepts every request fixture as a national client writes it: the fixture's {@code input} sent as it
 * stands under a header re-stamped for the test device (msgid, time, institution, sign_no) and signed by it. Accepted
 * means the message passed the gateway's signature and every field rule; the fixture's persons and visits are not
 * central-sim's, so a business refusal (−6) is an answer to a well-formed message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceRequestsTest {
    private static final ObjectMapper TREE = new ObjectMapper();
    private CentralSim.Running central;
    private TerminalClient station;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        central = Harness.start(dir, Clock.systemDefaultZone());
        station = Harness.terminal(central, "DEV-CONF", "H44010600001", Clock.systemDefaultZone());
    }

    @AfterAll
    void stop() {
        central.stop();
    }

    static List<String> infnos() {
        return ConformanceFixturesTest.requestInfnos();
    }

    @ParameterizedTest
    @MethodSource("infnos")
    void requestFixtureIsAccepted(String infno) throws IOException {
        byte[] fixture = ConformanceFixturesTest.fixture(infno + "-request.json");
        Transaction<?, ?> t = Transaction.byInfno("infno", infno);
        ObjectNode stamped = restamped(t, MessageCodec.readRequest(fixture, t).input());
        stamped.set("input", TREE.readTree(fixture).get("input"));
        byte[] answer = station.post(infno, station.signedBody(TREE.writeValueAsBytes(stamped)));
        Response<?> r = station.read(t, answer);
        assertNotEquals(InfCode.VALIDATION, r.header().code(), r.header().errMsg());
        assertNotEquals(InfCode.SIGNATURE, r.header().code(), r.header().errMsg());
        if (infno.equals("9001")) {
            assertEquals(0, r.header().infcode(), r.header().errMsg());
        }
    }

    /** The station's own header for {@code input}, as a tree (its input replaced by the fixture's). */
    @SuppressWarnings("unchecked")
    private <I extends TransactionInput> ObjectNode restamped(Transaction<I, ?> t, TransactionInput input)
            throws IOException {
        Request<I> request = station.request(t, (I) input);
        return (ObjectNode) TREE.readTree(MessageCodec.write(request));
    }
}
