package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class Sm2Test {
    private static final byte[] MESSAGE = "{\"infno\":\"9001\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signThenVerifyInBothSignatureForms() {
        Sm2.KeyPair pair = Sm2.generateKeyPair();
        byte[] der = Sm2.sign(pair, MESSAGE);
        byte[] raw = Sm2.signRaw(pair, MESSAGE);
        assertEquals(64, raw.length);
        assertTrue(Sm2.verify(pair.publicKey(), MESSAGE, der));
        assertTrue(Sm2.verify(pair.publicKey(), MESSAGE, raw));
        assertTrue(Sm2.verify(pair.publicKey(), MESSAGE, Sm2.derToRaw(der)));
    }

    @Test
    void aChangedMessageOrSignatureOrKeyFails() {
        Sm2.KeyPair pair = Sm2.generateKeyPair();
        byte[] sig = Sm2.sign(pair, MESSAGE);
        byte[] changed = MESSAGE.clone();
        changed[3] ^= 1;
        assertFalse(Sm2.verify(pair.publicKey(), changed, sig));
        byte[] badSig = sig.clone();
        badSig[badSig.length - 1] ^= 1;
        assertFalse(Sm2.verify(pair.publicKey(), MESSAGE, badSig));
        assertFalse(Sm2.verify(Sm2.generateKeyPair().publicKey(), MESSAGE, sig));
        assertFalse(Sm2.verify(pair.publicKey(), MESSAGE, new byte[] {0x30, 0x02, 0x01}));
    }

    @Test
    void keysRoundTripThroughDerAndPem() {
        Sm2.KeyPair pair = Sm2.generateKeyPair();
        Sm2.PublicKey pub = pair.publicKey();
        assertEquals(pub, Sm2.PublicKey.fromDer(pub.der()));
        assertEquals(pub, Sm2.PublicKey.fromPem(pub.pem()));
        assertEquals(pub, Sm2.PublicKey.fromUncompressed(pub.uncompressed()));
        assertTrue(pub.pem().startsWith("-----BEGIN PUBLIC KEY-----"));
        Sm2.KeyPair again = Sm2.KeyPair.fromPrivateKeyDer(pair.privateKeyDer());
        assertEquals(pub, again.publicKey());
        assertTrue(Sm2.verify(pub, MESSAGE, Sm2.sign(again, MESSAGE)));
        assertTrue(pair.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
        assertThrows(CryptoException.class, () -> Sm2.PublicKey.fromDer(new byte[] {1, 2, 3}));
        assertThrows(CryptoException.class, () -> Sm2.PublicKey.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    }

    @Test
    void publishedSignatureOfGbT32918Verifies() {
        // GB/T 32918.2 Annex A: the example over its 256-bit test curve, user ID ALICE123@YAHOO.COM.
        BigInteger p = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3", 16);
        BigInteger a = new BigInteger("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498", 16);
        BigInteger b = new BigInteger("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A", 16);
        BigInteger n = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7", 16);
        ECCurve curve = new ECCurve.Fp(p, a, b, n, BigInteger.ONE);
        ECDomainParameters domain = new ECDomainParameters(curve, curve.createPoint(
                new BigInteger("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D", 16),
                new BigInteger("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2", 16)), n);
        ECPublicKeyParameters pub = new ECPublicKeyParameters(curve.createPoint(
                new BigInteger("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A", 16),
                new BigInteger("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857", 16)), domain);
        byte[] signature = Hex.decode("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"
                + "6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7");
        byte[] userId = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Sm2.verify(pub, userId, message, signature));
        assertFalse(Sm2.verify(pub, userId, "message digesT".getBytes(StandardCharsets.US_ASCII), signature));
    }

    @Test
    void aKeyPairSignsManyMessagesFromManyThreads() throws Exception {
        Sm2.KeyPair pair = Sm2.generateKeyPair();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        byte[] message = ("message " + thread + "/" + i).getBytes(StandardCharsets.UTF_8);
                        if (!Sm2.verify(pair.publicKey(), message, Sm2.sign(pair, message))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void defaultUserIdIsTheStandardOne() {
        assertArrayEquals("1234567812345678".getBytes(StandardCharsets.US_ASCII), Sm2.DEFAULT_USER_ID);
    }
}
