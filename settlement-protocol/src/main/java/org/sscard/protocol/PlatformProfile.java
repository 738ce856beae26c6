package org.sscard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm3;

/**
 * Everything in which one medical-insurance platform's envelope differs from another's (the station setting
 * {@code central.profile}; docs/settlement-protocol.md "Platform profiles"): how a request is signed and what
 * {@code signtype} says, {@code infver}, {@code recer_sys_code}, the form of {@code fixmedins_code}, the gateway's
 * {@code x-tif-*} HTTP headers and whether answers carry our central service's signature. Message bodies are the
 * same under every profile. Supporting another province is one more constant here.
 *
 * @param name                 the value of {@code central.profile}
 * @param infver               {@code infver} of every request
 * @param signature            how {@code cainfo} is made, and so {@code signtype}
 * @param receiver             {@code recer_sys_code} for any insurance type not in {@code receiverByInsutype};
 *                             null: the station's {@code central.recer-sys-code}
 * @param receiverByInsutype   {@code recer_sys_code} by the {@code insutype} of the input (e.g. 340 离休 → LXXT)
 * @param institutionCode      the form of {@code fixmedins_code} (always 12 characters: the head of every msgid)
 * @param institutionCodeRule  that form in words
 * @param gatewayHeaders       whether every POST carries {@code x-tif-paasid}, {@code x-tif-timestamp},
 *                             {@code x-tif-nonce} and {@code x-tif-signature}
 * @param signedAnswers        whether answers are SM2-signed by the central service's enrolled key (checked);
 *                             otherwise the TLS link alone vouches for them
 * @param sendsReceiverRegion  whether every request carries {@code recer_admdvs} 接收方医保区划
 *                             ({@link #receiverRegion})
 */
public record PlatformProfile(String name, String infver, Signature signature, String receiver,
        Map<String, String> receiverByInsutype, Pattern institutionCode, String institutionCodeRule,
        boolean gatewayHeaders, boolean signedAnswers, boolean sendsReceiverRegion) {

    /** How a request's {@code cainfo} is made. */
    public enum Signature {
        /** SM3withSM2 over the canonical form with the DEVICE_SIGN key ({@link MessageSigning}). */
        SM2_CANONICAL("SM2"),
        /** Lower-case hex of the SM3 digest of {@code input} as written (Guangzhou). */
        SM3_INPUT_DIGEST("SM3"),
        /** No {@code cainfo} and no {@code signtype}: the gateway headers authenticate the institution. */
        NONE(null);

        private final String signtype;

        Signature(String signtype) {
            this.signtype = signtype;
        }

        /** The {@code signtype} member (null: left out). */
        public String signtype() {
            return signtype;
        }
    }

    private static final Pattern ANY_INSTITUTION = Pattern.compile("[A-Z0-9]{12}");

    /** The interface as published, as central-sim serves it: the default. */
    public static final PlatformProfile NATIONAL = new PlatformProfile("national", RequestHeader.INFVER,
            Signature.SM2_CANONICAL, null, Map.of(), ANY_INSTITUTION, "12 characters A-Z, 0-9", false, true, false);

    /**
     * Hebei (§1.3, §5 OH): behind the provincial gateway with {@code x-tif-*} headers, no message signature,
     * {@code YBXT} as receiver and {@code LXXT} for 离休 (insutype 340), institution codes {@code H} + 11 digits.
     */
    public static final PlatformProfile HEBEI = new PlatformProfile("hebei", RequestHeader.INFVER, Signature.NONE,
            "YBXT", Map.of(InsuType.RETIRED_CADRE.code(), "LXXT"), Pattern.compile("H[0-9]{11}"),
            "H and 11 digits", true, false, false);

    /**
     * Guangzhou (§1.1, §5 GZ envelope): {@code infver} 1.0.0, the SM3 digest of the input in {@code cainfo} and
     * {@code recer_admdvs} in every request. The msgid keeps its 4-digit sequence (docs/settlement-protocol.md).
     */
    public static final PlatformProfile GUANGZHOU = new PlatformProfile("guangzhou", "1.0.0",
            Signature.SM3_INPUT_DIGEST, null, Map.of(), ANY_INSTITUTION, "12 characters A-Z, 0-9", false, false, true);

    private static final List<PlatformProfile> ALL = List.of(NATIONAL, HEBEI, GUANGZHOU);

    public PlatformProfile {
        Objects.requireNonNull(name);
        Objects.requireNonNull(infver);
        Objects.requireNonNull(signature);
        receiverByInsutype = Map.copyOf(receiverByInsutype);
    }

    public static List<PlatformProfile> all() {
        return ALL;
    }

    public static Optional<PlatformProfile> named(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** The profile names, for messages: {@code national, hebei, guangzhou}. */
    public static String names() {
        return ALL.stream().map(PlatformProfile::name).collect(Collectors.joining(", "));
    }

    /** The profile whose envelope carries this {@code signtype} and {@code infver}, if any. */
    static Optional<PlatformProfile> ofEnvelope(String signtype, String infver) {
        return ALL.stream().filter(p -> Objects.equals(p.signature.signtype(), signtype) && p.infver.equals(infver))
                .findFirst();
    }

    /** The {@code signtype} and {@code infver} pairs of every profile, for messages. */
    static String envelopes() {
        return ALL.stream().map(p -> (p.signature.signtype() == null ? "no signtype" : "signtype " + p.signature.signtype())
                + " with infver " + p.infver + " (" + p.name + ")").collect(Collectors.joining(", "));
    }

    public String signtype() {
        return signature.signtype();
    }

    /** {@code recer_sys_code} for a request with {@code input}; {@code configured} is {@code central.recer-sys-code}. */
    public String receiverSystem(String configured, TransactionInput input) {
        if (!receiverByInsutype.isEmpty()) {
            JsonNode insutype = Json.STRICT.valueToTree(input).findValue("insutype");
            if (insutype != null && receiverByInsutype.containsKey(insutype.asText())) {
                return receiverByInsutype.get(insutype.asText());
            }
        }
        return receiver != null ? receiver : configured;
    }

    /**
     * {@code recer_admdvs} of every request: the platform that receives it is the one of the station's own pooling
     * region, which the station names as its default insured area ({@code insuranceRegion}, setting
     * {@code region.insuplc_admdvs}); not a request's own insuplc_admdvs (a patient insured elsewhere is settled through
     * the same platform). Null (left out) for a profile without the member.
     */
    public String receiverRegion(String insuranceRegion) {
        return sendsReceiverRegion ? insuranceRegion : null;
    }

    /** Whether {@code code} has this platform's form of {@code fixmedins_code}. */
    public boolean acceptsInstitutionCode(String code) {
        return code != null && ANY_INSTITUTION.matcher(code).matches() && institutionCode.matcher(code).matches();
    }

    /**
     * The request as it goes on the wire, {@code cainfo} made as this profile makes it ({@code key} is the station's
     * DEVICE_SIGN key, used only by {@link Signature#SM2_CANONICAL}).
     */
    public byte[] seal(Request<?> request, SecurityModule module, KeyRef key) {
        if (!Objects.equals(request.header().signtype(), signature.signtype())) {
            throw ProtocolException.invalid("signtype", signtypeRule() + " for the " + name + " profile");
        }
        return switch (signature) {
            case SM2_CANONICAL -> MessageCodec.write(MessageSigning.sign(request, module, key));
            case SM3_INPUT_DIGEST -> MessageCodec.write(request.withCainfo(inputDigest(request.withCainfo(null))));
            case NONE -> MessageCodec.write(request.withCainfo(null));
        };
    }

    /** The digest of {@code input} as the request writes it, under its transaction's wrapper. */
    private static String inputDigest(Request<?> request) {
        try {
            JsonNode input = Json.STRICT.readTree(MessageCodec.write(request)).get("input");
            return HexFormat.of().formatHex(Sm3.hash(Json.STRICT.writeValueAsBytes(input)));
        } catch (IOException e) {
            throw new ProtocolException(InfCode.INTERNAL, "input cannot be written", e);
        }
    }

    /**
     * The gateway's HTTP headers for one POST (empty when this profile has none): {@code x-tif-signature} is the hex
     * SHA-256 of timestamp + token + nonce + timestamp, the timestamp in seconds since 1970.
     */
    public Map<String, String> gatewayHeaders(String paasid, String token, long epochSeconds, String nonce) {
        if (!gatewayHeaders) {
            return Map.of();
        }
        String timestamp = Long.toString(epochSeconds);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-tif-paasid", paasid);
        headers.put("x-tif-timestamp", timestamp);
        headers.put("x-tif-nonce", nonce);
        headers.put("x-tif-signature", sha256Hex(timestamp + token + nonce + timestamp));
        return headers;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private String signtypeRule() {
        return signature.signtype() == null ? "must be absent" : "must be " + signature.signtype();
    }

    /** Refuses a request whose envelope is not this profile's (central-sim serves the national profile only). */
    public void requireEnvelope(RequestHeader header) {
        if (!Objects.equals(signature.signtype(), header.signtype())) {
            throw ProtocolException.invalid("signtype", signtypeRule());
        }
        if (!infver.equals(header.infver())) {
            throw ProtocolException.invalid("infver", "must be " + infver);
        }
        if (sendsReceiverRegion != (header.recerAdmdvs() != null)) {
            throw ProtocolException.invalid("recer_admdvs", sendsReceiverRegion ? "required"
                    : "not a member of the " + name + " envelope");
        }
    }
}
