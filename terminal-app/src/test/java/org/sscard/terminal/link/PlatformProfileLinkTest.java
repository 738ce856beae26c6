package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import okhttp3.Headers;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardService;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.PlatformProfile;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Transaction;
import org.sscard.terminal.FakeCentral;
import org.sscard.terminal.TestStation;

/** What a station on each platform profile puts on the wire: envelope members, signature and HTTP headers. */
class PlatformProfileLinkTest {
    private static final Opter OPTER = new Opter("C001", "王收费");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> GATEWAY = Map.of(CentralLink.GATEWAY_PAASID, "hospital-app",
            CentralLink.GATEWAY_TOKEN, "secret-token");
    /** The HTTP headers every request carried before there were profiles. */
    private static final List<String> PLAIN_HEADERS = List.of("accept-encoding", "connection", "content-length",
            "content-type", "host", "user-agent");

    @TempDir
    Path dir;
    TestStation station;
    MockWebServer server;
    FakeCentral central;
    final List<Sent> sent = new ArrayList<>();

    record Sent(Headers headers, byte[] body) {
    }

    @BeforeEach
    void start() throws Exception {
        station = new TestStation(dir);
        server = new MockWebServer();
        station.useHttps(server);
        central = new FakeCentral(station.stationKey());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest recorded) throws InterruptedException {
                synchronized (sent) {
                    sent.add(new Sent(recorded.getHeaders(), recorded.getBody().clone().readByteArray()));
                }
                return central.dispatch(recorded);
            }
        });
        server.start();
        station.pointAt(server);
        station.enrolDirectly(central.publicKey());
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        station.close();
    }

    private CentralLink link(PlatformProfile profile, Map<String, String> secrets) {
        station.config = station.config.withProfile(profile);
        return new CentralLink(station.config, station.module, station.store, station.clock,
                CentralLink.httpClient(station.config), secrets);
    }

    private static LinkOutcome<CardService.CardStatus> statusQuery(CentralLink link) {
        return link.call(Transaction.CARD_STATUS_QUERY, new CardService.StatusQuery("A12345674", null), OPTER);
    }

    private static List<String> headerNames(Headers headers) {
        TreeSet<String> names = new TreeSet<>();
        headers.names().forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
        return List.copyOf(names);
    }

    @Test
    void nationalRequestsAreWhatTheyWereBeforeProfiles() throws Exception {
        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link(PlatformProfile.NATIONAL, GATEWAY)));
        Sent one = sent.get(0);
        assertEquals(PLAIN_HEADERS, headerNames(one.headers()), "no gateway headers, even with gateway secrets set");
        MessageSigning.verify(one.body(), station.stationKey());
        // the message as the station built it before profiles: SM2, V1.0 and the configured receiver, signed
        Request<?> sentRequest = MessageCodec.readRequest(one.body());
        RequestHeader h = sentRequest.header();
        RequestHeader before = new RequestHeader(h.infno(), h.msgid(), station.config.treatmentRegion(),
                station.config.insuranceRegion(), station.config.receiverSystem(), station.config.deviceNumber(), null,
                h.cainfo(), RequestHeader.SIGNTYPE_SM2, RequestHeader.INFVER, h.opterType(), OPTER.id(), OPTER.name(),
                h.infTime(), station.config.institutionCode(), station.config.institutionName(), "SN0001");
        assertEquals(new String(MessageCodec.write(new Request<>(before, sentRequest.input())), StandardCharsets.UTF_8),
                new String(one.body(), StandardCharsets.UTF_8));
        assertFalse(MAPPER.readTree(one.body()).has("recer_admdvs"), "no receiver region outside Guangzhou");
    }

    @Test
    void aHebeiStationSendsTheGatewayHeadersAndAnUnsignedEnvelope() throws Exception {
        central.stationSigns = false;
        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link(PlatformProfile.HEBEI, GATEWAY)));
        Sent one = sent.get(0);
        List<String> expectedNames = new ArrayList<>(PLAIN_HEADERS);
        expectedNames.addAll(List.of("x-tif-nonce", "x-tif-paasid", "x-tif-signature", "x-tif-timestamp"));
        assertEquals(new TreeSet<>(expectedNames), new TreeSet<>(headerNames(one.headers())));
        Headers h = one.headers();
        assertEquals("hospital-app", h.get("x-tif-paasid"));
        assertEquals(Long.toString(station.clock.instant().getEpochSecond()), h.get("x-tif-timestamp"));
        String nonce = h.get("x-tif-nonce");
        assertTrue(nonce.matches("[0-9a-f]{16}"), nonce);
        String ts = h.get("x-tif-timestamp");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((ts + "secret-token" + nonce + ts).getBytes(StandardCharsets.UTF_8))), h.get("x-tif-signature"));

        JsonNode body = MAPPER.readTree(one.body());
        assertFalse(body.has("cainfo"));
        assertFalse(body.has("signtype"));
        assertEquals("V1.0", body.get("infver").asText());
        assertEquals("YBXT", body.get("recer_sys_code").asText(), "the profile's receiver, not central.recer-sys-code");

        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link(PlatformProfile.HEBEI, GATEWAY)));
        assertFalse(sent.get(0).headers().get("x-tif-nonce").equals(sent.get(1).headers().get("x-tif-nonce")),
                "a fresh nonce for every request");
    }

    @Test
    void aGuangzhouStationSignsWithTheDigestOfItsInput() throws Exception {
        central.stationSigns = false;
        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link(PlatformProfile.GUANGZHOU, Map.of())));
        Sent one = sent.get(0);
        assertEquals(PLAIN_HEADERS, headerNames(one.headers()));
        JsonNode body = MAPPER.readTree(one.body());
        assertEquals("SM3", body.get("signtype").asText());
        assertEquals("1.0.0", body.get("infver").asText());
        assertEquals(HexFormat.of().formatHex(org.sscard.crypto.Sm3.hash(MAPPER.writeValueAsBytes(body.get("input")))),
                body.get("cainfo").asText());
        assertEquals(station.config.insuranceRegion(), body.get("recer_admdvs").asText(),
                "the receiver region is the station's own insured area (region.insuplc_admdvs)");
        assertTrue(body.get("msgid").asText().matches(station.config.institutionCode() + "\\d{14}\\d{4}"),
                "the msgid keeps its 4-digit sequence: " + body.get("msgid"));

        // a request an earlier version stored without recer_admdvs, submitted again, carries it
        CentralLink link = link(PlatformProfile.GUANGZHOU, Map.of());
        ObjectNode stored = (ObjectNode) MAPPER.readTree(link.prepare(Transaction.CARD_STATUS_QUERY,
                new CardService.StatusQuery("A12345674", null), OPTER).body());
        stored.remove("recer_admdvs");
        JsonNode again = MAPPER.readTree(link.reissue(MAPPER.writeValueAsBytes(stored), link.msgIds().next()).body());
        assertEquals(station.config.insuranceRegion(), again.get("recer_admdvs").asText());
    }

    @Test
    void behindAGatewayTheStationRefusesToSendWithoutItsApplicationIdAndToken() {
        CentralLink link = link(PlatformProfile.HEBEI, Map.of(CentralLink.GATEWAY_PAASID, "hospital-app"));
        LinkException e = assertThrows(LinkException.class, () -> statusQuery(link));
        assertEquals("the hebei platform's gateway needs the station's application id and token: set"
                + " SSCARD_GATEWAY_PAASID and SSCARD_GATEWAY_TOKEN", e.getMessage());
        assertEquals(List.of(), sent);
    }
}
