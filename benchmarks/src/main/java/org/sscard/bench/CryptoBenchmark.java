package org.sscard.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.TestKeys;

/**
 * The crypto module's figures (docs/BENCHMARKS.md). The JDK's AES block and ECDSA P-256 signatures run in
 * the same process as baselines, so results can be read as ratios on a noisy shared machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmark {
    private final byte[] key = new byte[16];
    private final byte[] block16 = new byte[16];
    private final byte[] block8 = new byte[8];
    private final byte[] data256 = new byte[256];
    private final byte[] iv8 = new byte[8];
    private final byte[] iv16 = new byte[16];
    private final byte[] challenge = new byte[8];
    private final byte[] message = ("{\"infno\":\"2207\",\"msgid\":\"H44010600001202611241015300001\","
            + "\"input\":{\"mdtrt_id\":\"M1\",\"medfee_sumamt\":123.45}}").getBytes(StandardCharsets.UTF_8);
    private SecurityModule module;
    private KeyRef deviceKey;
    private KeyRef externalAuth;
    private CardIdentificationCode card;
    private Sm2.KeyPair sm2;
    private byte[] sm2Signature;
    private Cipher aes;
    private KeyPair ecdsa;
    private byte[] ecdsaSignature;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(data256);
        random.nextBytes(challenge);
        module = TestKeys.module();
        externalAuth = TestKeys.nationalRef(KeyType.EXTERNAL_AUTH, BlockAlgorithm.SM4);
        card = CardIdentificationCode.ofHex("440106D15600000501020304A1B2C3D4");
        sm2 = Sm2.generateKeyPair();
        deviceKey = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        ((org.sscard.crypto.SoftwareSecurityModule) module).generateLocalKey(deviceKey);
        sm2Signature = Sm2.sign(sm2, message);
        aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ecdsa = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(ecdsa.getPrivate());
        signer.update(message);
        ecdsaSignature = signer.sign();
    }

    @Benchmark
    public byte[] baselineAesBlockJdk() throws Exception {
        return aes.doFinal(block16);
    }

    @Benchmark
    public byte[] sm4Block() {
        return BlockAlgorithm.SM4.encryptEcb(key, block16);
    }

    @Benchmark
    public byte[] tdesBlock() {
        return BlockAlgorithm.TDES.encryptEcb(key, block8);
    }

    @Benchmark
    public byte[] retailMac256Bytes() {
        return Macs.iso9797Alg3(key, iv8, data256);
    }

    @Benchmark
    public byte[] sm4CbcMac256Bytes() {
        return Macs.sm4CbcMac(key, iv16, data256);
    }

    /** Three diversification steps inside the module, then the cryptogram: what a card swipe costs. */
    @Benchmark
    public byte[] nationalToCardExternalAuthCryptogram() {
        return module.externalAuthCryptogram(externalAuth, card, challenge);
    }

    @Benchmark
    public byte[] sm2Sign() {
        return Sm2.sign(sm2, message);
    }

    /** What a terminal or the central service pays per message: the device key named by reference. */
    @Benchmark
    public byte[] sm2SignInSecurityModule() {
        return module.sign(deviceKey, message);
    }

    @Benchmark
    public boolean sm2Verify() {
        return Sm2.verify(sm2.publicKey(), message, sm2Signature);
    }

    @Benchmark
    public byte[] baselineEcdsaP256SignJdk() throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(ecdsa.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    @Benchmark
    public boolean baselineEcdsaP256VerifyJdk() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(ecdsa.getPublic());
        verifier.update(message);
        return verifier.verify(ecdsaSignature);
    }
}
