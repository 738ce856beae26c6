package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Sm3;
import org.sscard.crypto.SoftwareSecurityModule;

class PlatformProfileTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KeyRef KEY = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);

    /** A request input that carries an insurance type somewhere inside, as the national wrappers do. */
    record Wrapped(Data data) implements TransactionInput {
        record Data(String insutype) {
        }

        @Override
        public void validate(Fields fields) {
        }
    }

    private static Request<SignIn.Input> signIn(PlatformProfile profile) {
        RequestHeader h = Samples.header("9001");
        return new Request<>(new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, profile.signtype(), profile.infver(), h.opterType(),
                h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(), h.signNo()),
                (SignIn.Input) Samples.all().get(Transaction.SIGN_IN).input());
    }

    @Test
    void theProfilesAreNamedAndNationalIsTheInterfaceAsPublished() {
        assertEquals("national, hebei, guangzhou", PlatformProfile.names());
        assertEquals(PlatformProfile.HEBEI, PlatformProfile.named("hebei").orElseThrow());
        assertTrue(PlatformProfile.named("Hebei").isEmpty());
        assertEquals("SM2", PlatformProfile.NATIONAL.signtype());
        assertEquals("V1.0", PlatformProfile.NATIONAL.infver());
        assertTrue(PlatformProfile.NATIONAL.signedAnswers());
        assertFalse(PlatformProfile.NATIONAL.gatewayHeaders());
    }

    @Test
    void theReceiverSystemFollowsTheInsuranceTypeWhereTheProfileSaysSo() {
        Wrapped retired = new Wrapped(new Wrapped.Data("340"));
        Wrapped employee = new Wrapped(new Wrapped.Data("310"));
        assertEquals("LXXT", PlatformProfile.HEBEI.receiverSystem("GDYB", retired));
        assertEquals("YBXT", PlatformProfile.HEBEI.receiverSystem("GDYB", employee));
        assertEquals("YBXT", PlatformProfile.HEBEI.receiverSystem("GDYB", new SignIn.Input("C001", null, "10.1.2.3")));
        assertEquals("GDYB", PlatformProfile.NATIONAL.receiverSystem("GDYB", retired));
        assertEquals("GDYB", PlatformProfile.GUANGZHOU.receiverSystem("GDYB", retired));
    }

    @Test
    void institutionCodesHaveTheProfilesForm() {
        assertTrue(PlatformProfile.NATIONAL.acceptsInstitutionCode("H44010600001"));
        assertTrue(PlatformProfile.NATIONAL.acceptsInstitutionCode("ABC440106001"));
        assertTrue(PlatformProfile.HEBEI.acceptsInstitutionCode("H13010500012"));
        assertFalse(PlatformProfile.HEBEI.acceptsInstitutionCode("ABC440106001"));
        assertFalse(PlatformProfile.HEBEI.acceptsInstitutionCode("H1301050001"));
    }

    @Test
    void gatewayHeadersAreTheHexSha256OfTimestampTokenNonceTimestamp() {
        Map<String, String> headers = PlatformProfile.HEBEI.gatewayHeaders("hospital-app", "secret-token", 1741915815L,
                "0123456789abcdef");
        // sha256sum of "1741915815secret-token0123456789abcdef1741915815"
        assertEquals(Map.of("x-tif-paasid", "hospital-app", "x-tif-timestamp", "1741915815",
                "x-tif-nonce", "0123456789abcdef",
                "x-tif-signature", "dd5c63aaa61a4ffc7cb520f530efa126ce00e14aa0a5d57a1082f6c713dde83b"), headers);
        assertEquals(List.of("x-tif-paasid", "x-tif-timestamp", "x-tif-nonce", "x-tif-signature"),
                List.copyOf(headers.keySet()));
        assertEquals(Map.of(), PlatformProfile.NATIONAL.gatewayHeaders("hospital-app", "secret-token", 1L, "n"));
    }

    @Test
    void nationalSealsWithAnSm2SignatureOverTheCanonicalForm() throws Exception {
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        module.generateLocalKey(KEY);
        Request<SignIn.Input> request = signIn(PlatformProfile.NATIONAL);
        byte[] sealed = PlatformProfile.NATIONAL.seal(request, module, KEY);
        MessageSigning.verify(sealed, module.publicKey(KEY));
        String cainfo = MAPPER.readTree(sealed).get("cainfo").asText();
        assertEquals(new String(MessageCodec.write(request.withCainfo(cainfo)), "UTF-8"), new String(sealed, "UTF-8"),
                "the message as written, with its signature");
    }

    @Test
    void guangzhouPutsTheSm3DigestOfTheInputInCainfo() throws Exception {
        Request<SignIn.Input> request = signIn(PlatformProfile.GUANGZHOU);
        byte[] sealed = PlatformProfile.GUANGZHOU.seal(request, null, null);
        JsonNode tree = MAPPER.readTree(sealed);
        assertEquals("SM3", tree.get("signtype").asText());
        assertEquals("1.0.0", tree.get("infver").asText());
        assertEquals(HexFormat.of().formatHex(Sm3.hash(MAPPER.writeValueAsBytes(tree.get("input")))),
                tree.get("cainfo").asText());
        Request<?> read = MessageCodec.readRequest(sealed);
        assertEquals("1.0.0", read.header().infver());
    }

    @Test
    void guangzhouAloneNamesTheReceiverRegionInItsEnvelope() throws Exception {
        assertEquals("440100", PlatformProfile.GUANGZHOU.receiverRegion("440100"));
        assertNull(PlatformProfile.NATIONAL.receiverRegion("440100"));
        assertNull(PlatformProfile.HEBEI.receiverRegion("440100"));

        Request<SignIn.Input> request = withReceiverRegion(signIn(PlatformProfile.GUANGZHOU), "440100");
        byte[] sealed = PlatformProfile.GUANGZHOU.seal(request, null, null);
        JsonNode tree = MAPPER.readTree(sealed);
        assertEquals("440100", tree.get("recer_admdvs").asText());
        assertEquals(List.of("infno", "msgid", "mdtrtarea_admvs", "insuplc_admdvs", "recer_admdvs", "recer_sys_code"),
                fieldNames(tree).subList(0, 6), "beside the other regions");
        assertEquals("440100", MessageCodec.readRequest(sealed).header().recerAdmdvs());
        PlatformProfile.GUANGZHOU.requireEnvelope(request.header());
        assertEquals("recer_admdvs: required", assertThrows(ProtocolException.class,
                () -> PlatformProfile.GUANGZHOU.requireEnvelope(signIn(PlatformProfile.GUANGZHOU).header())).getMessage());

        assertFalse(MAPPER.readTree(MessageCodec.write(signIn(PlatformProfile.NATIONAL))).has("recer_admdvs"));
        assertEquals("recer_admdvs: not a member of the national envelope", assertThrows(ProtocolException.class,
                () -> PlatformProfile.NATIONAL.requireEnvelope(withReceiverRegion(signIn(PlatformProfile.NATIONAL),
                        "440100").header())).getMessage());
        assertEquals("recer_admdvs: must be a 6-digit administrative division code", assertThrows(
                ProtocolException.class, () -> MessageCodec.readRequest(MessageCodec.write(withReceiverRegion(
                        signIn(PlatformProfile.GUANGZHOU), "4401")))).getMessage());
    }

    private static Request<SignIn.Input> withReceiverRegion(Request<SignIn.Input> r, String region) {
        RequestHeader h = r.header();
        return new Request<>(new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(), region,
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), h.cainfo(), h.signtype(), h.infver(), h.opterType(),
                h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(), h.signNo()), r.input());
    }

    private static List<String> fieldNames(JsonNode tree) {
        List<String> names = new java.util.ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void hebeiSendsNeitherSignatureNorSigntype() throws Exception {
        byte[] sealed = PlatformProfile.HEBEI.seal(signIn(PlatformProfile.HEBEI), null, null);
        JsonNode tree = MAPPER.readTree(sealed);
        assertFalse(tree.has("cainfo"));
        assertFalse(tree.has("signtype"));
        assertNull(MessageCodec.readRequest(sealed).header().signtype());
    }

    @Test
    void aRequestBuiltForAnotherProfileIsNotSealed() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> PlatformProfile.HEBEI.seal(signIn(PlatformProfile.NATIONAL), null, null));
        assertEquals("signtype: must be absent for the hebei profile", e.getMessage());
    }

    @Test
    void theNationalEnvelopeIsRequiredWhereOnlyItIsServed() {
        PlatformProfile.NATIONAL.requireEnvelope(signIn(PlatformProfile.NATIONAL).header());
        assertEquals("infver: must be V1.0", assertThrows(ProtocolException.class,
                () -> PlatformProfile.NATIONAL.requireEnvelope(new RequestHeader("9001", Samples.MSGID, "440106", null,
                        "GDYB", "DEV-0001", null, null, "SM2", "1.0.0", OpterType.STAFF, "C001", "王收费",
                        "2025-03-14 09:30:15", Samples.INSTITUTION, "广州市第一人民医院", null))).getMessage());
        assertEquals("signtype: must be SM2", assertThrows(ProtocolException.class,
                () -> PlatformProfile.NATIONAL.requireEnvelope(signIn(PlatformProfile.HEBEI).header())).getMessage());
    }
}
