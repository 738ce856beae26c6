package org.sscard.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSAEncoding;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * SM2 over the recommended curve sm2p256v1: key pairs, SM3withSM2 signatures with the standard default
 * user ID {@code 1234567812345678}, DER (SubjectPublicKeyInfo / PKCS#8) and PEM encodings. Signatures
 * are produced in DER; verification accepts DER and the raw 64-byte {@code r || s} form.
 */
public final class Sm2 {
    public static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    public static final int RAW_SIGNATURE_LENGTH = 64;
    static final ECDomainParameters CURVE;
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        /*
         * CustomNamedCurves gives the curve with Bouncy Castle's dedicated sm2p256v1 field arithmetic;
         * GMNamedCurves gives the same curve over generic BigInteger arithmetic, 2-3 times slower to sign
         * and verify. The parameters are identical, so keys and signatures are unchanged.
         */
        X9ECParameters x9 = CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
        CURVE = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, x9);
    }

    private Sm2() {
    }

    /** An SM2 key pair. The private half stays inside whatever holds this object. */
    public static final class KeyPair {
        private final ECPrivateKeyParameters privateKey;
        private final ECPublicKeyParameters publicKey;
        /*
         * Initialising a signer costs a scalar multiplication (it derives the public point for Z); a signer
         * resets itself to Z after each signature, so each thread keeps one per key pair and reuses it.
         */
        private final ThreadLocal<SM2Signer> derSigner;

        KeyPair(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
            this.derSigner = ThreadLocal.withInitial(() -> signer(privateKey, DEFAULT_USER_ID, StandardDSAEncoding.INSTANCE));
        }

        public PublicKey publicKey() {
            return new PublicKey(publicKey);
        }

        ECPrivateKeyParameters privateParameters() {
            return privateKey;
        }

        /** PKCS#8 DER of the private key, for sealing in a key store. */
        byte[] privateKeyDer() {
            try {
                return PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded();
            } catch (IOException e) {
                throw new CryptoException("cannot encode SM2 private key", e);
            }
        }

        String privateKeyPem() {
            return pem("PRIVATE KEY", privateKeyDer());
        }

        static KeyPair fromPrivateKeyDer(byte[] der) {
            AsymmetricKeyParameter key;
            try {
                key = PrivateKeyFactory.createKey(der);
            } catch (IOException | RuntimeException e) {
                throw new CryptoException("not an SM2 private key (PKCS#8 DER expected)", e);
            }
            if (!(key instanceof ECPrivateKeyParameters)) {
                throw new CryptoException("not an SM2 private key");
            }
            ECPrivateKeyParameters priv = (ECPrivateKeyParameters) key;
            checkCurve(priv.getParameters());
            ECPublicKeyParameters pub = new ECPublicKeyParameters(
                    CURVE.getG().multiply(priv.getD()).normalize(), CURVE);
            return new KeyPair(new ECPrivateKeyParameters(priv.getD(), CURVE), pub);
        }
    }

    /** An SM2 public key. */
    public static final class PublicKey {
        private final ECPublicKeyParameters key;

        PublicKey(ECPublicKeyParameters key) {
            this.key = key;
        }

        ECPublicKeyParameters parameters() {
            return key;
        }

        /** SubjectPublicKeyInfo DER. */
        public byte[] der() {
            try {
                return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded();
            } catch (IOException e) {
                throw new CryptoException("cannot encode SM2 public key", e);
            }
        }

        public String pem() {
            return Sm2.pem("PUBLIC KEY", der());
        }

        /** The uncompressed point {@code 04 || x || y}, 65 bytes. */
        public byte[] uncompressed() {
            return key.getQ().getEncoded(false);
        }

        public static PublicKey fromDer(byte[] der) {
            AsymmetricKeyParameter parsed;
            try {
                parsed = PublicKeyFactory.createKey(der);
            } catch (IOException | RuntimeException e) {
                throw new CryptoException("not an SM2 public key (SubjectPublicKeyInfo DER expected)", e);
            }
            if (!(parsed instanceof ECPublicKeyParameters)) {
                throw new CryptoException("not an SM2 public key");
            }
            ECPublicKeyParameters pub = (ECPublicKeyParameters) parsed;
            checkCurve(pub.getParameters());
            return new PublicKey(new ECPublicKeyParameters(pub.getQ(), CURVE));
        }

        public static PublicKey fromPem(String pem) {
            return fromDer(unpem("PUBLIC KEY", pem));
        }

        /** From the uncompressed point {@code 04 || x || y}. */
        public static PublicKey fromUncompressed(byte[] point) {
            try {
                return new PublicKey(new ECPublicKeyParameters(CURVE.getCurve().decodePoint(point).normalize(), CURVE));
            } catch (RuntimeException e) {
                throw new CryptoException("not a point on the SM2 curve", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKey && ((PublicKey) o).key.getQ().equals(key.getQ());
        }

        @Override
        public int hashCode() {
            return key.getQ().hashCode();
        }
    }

    public static KeyPair generateKeyPair() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(CURVE, RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new KeyPair((ECPrivateKeyParameters) pair.getPrivate(), (ECPublicKeyParameters) pair.getPublic());
    }

    /** SM3withSM2 signature with the default user ID, DER-encoded. */
    public static byte[] sign(KeyPair pair, byte[] message) {
        return generate(pair.derSigner.get(), message);
    }

    /** SM3withSM2 signature with the default user ID, raw 64-byte {@code r || s}. */
    public static byte[] signRaw(KeyPair pair, byte[] message) {
        return sign(pair.privateParameters(), DEFAULT_USER_ID, message, PlainDSAEncoding.INSTANCE);
    }

    static byte[] sign(ECPrivateKeyParameters key, byte[] userId, byte[] message, DSAEncoding encoding) {
        return generate(signer(key, userId, encoding), message);
    }

    private static SM2Signer signer(ECPrivateKeyParameters key, byte[] userId, DSAEncoding encoding) {
        SM2Signer signer = new SM2Signer(encoding);
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM), userId));
        return signer;
    }

    private static byte[] generate(SM2Signer signer, byte[] message) {
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            signer.reset();
            throw new CryptoException("SM2 signing failed", e);
        }
    }

    /** Verifies an SM3withSM2 signature (DER or raw r||s) with the default user ID. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return verify(key.parameters(), DEFAULT_USER_ID, message, signature);
    }

    static boolean verify(ECPublicKeyParameters key, byte[] userId, byte[] message, byte[] signature) {
        DSAEncoding encoding = signature.length == RAW_SIGNATURE_LENGTH
                ? PlainDSAEncoding.INSTANCE : StandardDSAEncoding.INSTANCE;
        SM2Signer signer = new SM2Signer(encoding);
        signer.init(false, new ParametersWithID(key, userId));
        signer.update(message, 0, message.length);
        try {
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Converts a DER signature to raw r||s. */
    public static byte[] derToRaw(byte[] der) {
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(CURVE.getN(), der);
            return PlainDSAEncoding.INSTANCE.encode(CURVE.getN(), rs[0], rs[1]);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("not a DER SM2 signature", e);
        }
    }

    private static void checkCurve(ECDomainParameters params) {
        if (!params.getCurve().equals(CURVE.getCurve()) || !params.getG().equals(CURVE.getG())) {
            throw new CryptoException("key is not on the SM2 curve sm2p256v1");
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new CryptoException("cannot write PEM", e);
        }
        return out.toString();
    }

    static byte[] unpem(String type, String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !object.getType().equals(type)) {
                throw new CryptoException("not a PEM block of type " + type);
            }
            return object.getContent();
        } catch (IOException e) {
            throw new CryptoException("cannot read PEM", e);
        }
    }
}
