package org.sscard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;

/**
 * SM3withSM2 signatures over the {@link CanonicalJson canonical form} of a message; {@code cainfo} is the
 * Base64 (RFC 4648, with padding, no line breaks) of the DER signature. Requests are signed with the
 * station's DEVICE_SIGN key, responses with the central service's key.
 */
public final class MessageSigning {
    private MessageSigning() {
    }

    /** The request with {@code cainfo} set; {@code signtype} must already be SM2. */
    public static <I extends TransactionInput> Request<I> sign(Request<I> request, SecurityModule module,
            KeyRef deviceKey) {
        requireSm2(request.header().signtype());
        return request.withCainfo(cainfo(MessageCodec.write(request.withCainfo(null)), module, deviceKey));
    }

    /** The response with {@code cainfo} set; {@code signtype} must already be SM2. */
    public static <O extends TransactionOutput> Response<O> sign(Response<O> response, SecurityModule module,
            KeyRef key) {
        requireSm2(response.header().signtype());
        return response.withCainfo(cainfo(MessageCodec.write(response.withCainfo(null)), module, key));
    }

    /**
     * The request serialised and signed, {@code cainfo} as its last member: the same message as writing
     * {@link #sign(Request, SecurityModule, KeyRef)}'s result, for one serialisation instead of two.
     */
    public static byte[] signedBody(Request<?> request, SecurityModule module, KeyRef deviceKey) {
        requireSm2(request.header().signtype());
        return withCainfo(MessageCodec.write(request.withCainfo(null)), module, deviceKey);
    }

    /**
     * A serialised message (a JSON object without {@code cainfo}, as {@link MessageCodec} writes it) with
     * {@code cainfo} appended as its last member.
     */
    public static byte[] withCainfo(byte[] unsigned, SecurityModule module, KeyRef key) {
        if (unsigned.length < 2 || unsigned[unsigned.length - 1] != '}') {
            throw new IllegalArgumentException("not a serialised JSON object");
        }
        byte[] tail = (",\"" + CanonicalJson.SIGNATURE_MEMBER + "\":\"" + cainfo(unsigned, module, key) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(unsigned, unsigned.length - 1 + tail.length);
        System.arraycopy(tail, 0, out, unsigned.length - 1, tail.length);
        return out;
    }

    /** The {@code cainfo} value for any message body (its own {@code cainfo}, if any, is not covered). */
    public static String cainfo(byte[] body, SecurityModule module, KeyRef key) {
        return Base64.getEncoder().encodeToString(module.sign(key, CanonicalJson.of(body)));
    }

    /** The signature over a file's bytes as they are (a 9102 answer, {@link FileTransfer#SIGNATURE_HEADER}). */
    public static String fileCainfo(byte[] file, SecurityModule module, KeyRef key) {
        return Base64.getEncoder().encodeToString(module.sign(key, file));
    }

    /** Checks {@link #fileCainfo}; throws {@link ProtocolException} with {@link InfCode#SIGNATURE} when it fails. */
    public static void verifyFile(byte[] file, String cainfo, Sm2.PublicKey signer) {
        if (cainfo == null || cainfo.isBlank()) {
            throw new ProtocolException(InfCode.SIGNATURE, FileTransfer.SIGNATURE_HEADER + ": missing; the file must be signed");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(cainfo.strip());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(InfCode.SIGNATURE, FileTransfer.SIGNATURE_HEADER + ": not Base64");
        }
        if (!Sm2.verify(signer, file, signature)) {
            throw new ProtocolException(InfCode.SIGNATURE, FileTransfer.SIGNATURE_HEADER
                    + ": signature does not verify (file altered, or signed by another key)");
        }
    }

    /**
     * Checks the signature of a received body; throws {@link ProtocolException} with {@link InfCode#SIGNATURE}
     * when {@code cainfo} is missing, malformed or does not verify under {@code signer}.
     */
    public static void verify(byte[] body, Sm2.PublicKey signer) {
        CanonicalJson.Signed signed = CanonicalJson.split(body);
        if (signed.cainfo() == null) {
            throw new ProtocolException(InfCode.SIGNATURE, "cainfo: missing; the message must be signed");
        }
        if (!(signed.cainfo() instanceof String cainfo)) {
            throw new ProtocolException(InfCode.SIGNATURE, "cainfo: wrong type (expected a string)");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(cainfo);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(InfCode.SIGNATURE, "cainfo: not Base64");
        }
        if (!Base64.getEncoder().encodeToString(signature).equals(cainfo)) {
            throw new ProtocolException(InfCode.SIGNATURE, "cainfo: not canonical Base64 (padding or unused bits)");
        }
        if (!Sm2.verify(signer, signed.canonical(), signature)) {
            throw new ProtocolException(InfCode.SIGNATURE,
                    "cainfo: signature does not verify (message altered, or signed by another key)");
        }
    }

    /** True if {@code body} carries a valid signature by {@code signer}. */
    public static boolean isValid(byte[] body, Sm2.PublicKey signer) {
        try {
            verify(body, signer);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static void requireSm2(String signtype) {
        if (!RequestHeader.SIGNTYPE_SM2.equals(signtype)) {
            throw ProtocolException.invalid("signtype", "must be SM2 to sign");
        }
    }
}
