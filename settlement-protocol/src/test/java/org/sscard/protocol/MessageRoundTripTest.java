package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm2;

class MessageRoundTripTest {
    private static SoftwareSecurityModule module;
    private static KeyRef deviceKey;
    private static KeyRef centralKey;

    @BeforeAll
    static void keys() {
        module = SoftwareSecurityModule.inMemory();
        deviceKey = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        centralKey = KeyRef.local(KeyType.DEVICE_SIGN, "440100", 1);
        module.generateLocalKey(deviceKey);
        module.generateLocalKey(centralKey);
    }

    @Test
    void everyTransactionHasASample() {
        assertEquals(Transaction.all().keySet(), keysOf(Samples.all()));
        assertEquals(29, Transaction.all().size());
    }

    private static java.util.Set<String> keysOf(Map<Transaction<?, ?>, Samples.Pair> samples) {
        java.util.Set<String> infnos = new java.util.LinkedHashSet<>();
        samples.keySet().forEach(t -> infnos.add(t.infno()));
        return infnos;
    }

    @Test
    void everyRequestAndResponseRoundTripsSignedAndVerified() {
        for (Map.Entry<Transaction<?, ?>, Samples.Pair> e : Samples.all().entrySet()) {
            roundTrip(e.getKey(), e.getValue());
        }
    }

    private <I extends TransactionInput, O extends TransactionOutput> void roundTrip(Transaction<I, O> t,
            Samples.Pair sample) {
        Request<I> request = new Request<>(Samples.header(t.infno()), t.inputType().cast(sample.input()));
        request.validate();
        Request<I> signed = MessageSigning.sign(request, module, deviceKey);
        assertNotNull(signed.header().cainfo(), t.toString());
        byte[] wire = MessageCodec.write(signed);
        MessageSigning.verify(wire, module.publicKey(deviceKey));
        assertEquals(signed, MessageCodec.readRequest(wire, t), t.toString());
        assertEquals(signed, MessageCodec.readRequest(wire), t.toString());

        if (t.answersWithFile()) {
            assertThrows(IllegalArgumentException.class, () -> MessageCodec.write(
                    new Response<>(Samples.okHeader(), t.outputType().cast(sample.output()))), "no envelope for a file");
            return;
        }
        Response<O> response = MessageSigning.sign(
                new Response<>(Samples.okHeader(), t.outputType().cast(sample.output())), module, centralKey);
        byte[] responseWire = MessageCodec.write(response);
        MessageSigning.verify(responseWire, module.publicKey(centralKey));
        assertFalse(MessageSigning.isValid(responseWire, module.publicKey(deviceKey)), "wrong key must not verify");
        assertEquals(response, MessageCodec.readResponse(responseWire, t), t.toString());
    }

    @Test
    void aFlippedBitAnywhereBreaksTheSignature() {
        Random random = new Random(20250314);
        Sm2.PublicKey key = module.publicKey(deviceKey);
        for (Map.Entry<Transaction<?, ?>, Samples.Pair> e : Samples.all().entrySet()) {
            byte[] wire = signedWire(e.getKey(), e.getValue());
            boolean everyByte = e.getKey() == Transaction.SETTLEMENT;
            int probes = everyByte ? wire.length * 3 : 60;
            for (int i = 0; i < probes; i++) {
                int pos = everyByte ? i / 3 : random.nextInt(wire.length);
                int bit = everyByte ? new int[] {0, 1, 5}[i % 3] : random.nextInt(7);
                byte[] tampered = wire.clone();
                tampered[pos] ^= (byte) (1 << bit);
                assertFalse(MessageSigning.isValid(tampered, key),
                        e.getKey() + ": flipping bit " + bit + " of byte " + pos + " went unnoticed");
            }
        }
    }

    private <I extends TransactionInput> byte[] signedWire(Transaction<I, ?> t, Samples.Pair sample) {
        Request<I> request = new Request<>(Samples.header(t.infno()), t.inputType().cast(sample.input()));
        return MessageCodec.write(MessageSigning.sign(request, module, deviceKey));
    }

    @Test
    void changedValueWithSameShapeIsRefused() {
        byte[] wire = signedWire(Transaction.SETTLEMENT, Samples.all().get(Transaction.SETTLEMENT));
        String text = new String(wire, StandardCharsets.UTF_8);
        String altered = text.replace("\"inscp_scp_amt\":265.00", "\"inscp_scp_amt\":265.01");
        assertTrue(!altered.equals(text));
        ProtocolException ex = assertThrows(ProtocolException.class, () -> MessageSigning.verify(
                altered.getBytes(StandardCharsets.UTF_8), module.publicKey(deviceKey)));
        assertEquals(InfCode.SIGNATURE, ex.infCode());
    }

    @Test
    void reorderedOrReformattedMessageStillVerifies() {
        byte[] wire = signedWire(Transaction.SIGN_IN, Samples.all().get(Transaction.SIGN_IN));
        String text = new String(wire, StandardCharsets.UTF_8);
        // Pretty-printed and with input moved to the front: the canonical form is unchanged.
        int inputAt = text.indexOf(",\"input\":");
        String input = text.substring(inputAt + 1, text.length() - 1);
        String reordered = "{ " + input + ",\n  " + text.substring(1, inputAt) + " }";
        assertTrue(MessageSigning.isValid(reordered.getBytes(StandardCharsets.UTF_8), module.publicKey(deviceKey)));
    }

    @Test
    void unsignedAndBadlyEncodedSignaturesAreRefusedWithSignatureCode() {
        Request<SignIn.Input> unsigned = new Request<>(Samples.header("9001"),
                (SignIn.Input) Samples.all().get(Transaction.SIGN_IN).input());
        ProtocolException missing = assertThrows(ProtocolException.class,
                () -> MessageSigning.verify(MessageCodec.write(unsigned), module.publicKey(deviceKey)));
        assertEquals(InfCode.SIGNATURE, missing.infCode());
        assertEquals("cainfo: missing; the message must be signed", missing.getMessage());
        ProtocolException garbage = assertThrows(ProtocolException.class, () -> MessageSigning.verify(
                MessageCodec.write(unsigned.withCainfo("not*base64")), module.publicKey(deviceKey)));
        assertEquals("cainfo: not Base64", garbage.getMessage());
    }
}
