package org.sscard.crypto;

import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Independent computations through the JCA (SunJCE for 3DES, Bouncy Castle's provider for SM4). */
final class JcaReference {
    private static final Provider BC = new BouncyCastleProvider();

    private JcaReference() {
    }

    static byte[] twoToThreeKey(byte[] key) {
        if (key.length == 24) {
            return key.clone();
        }
        byte[] k = new byte[24];
        System.arraycopy(key, 0, k, 0, 16);
        System.arraycopy(key, 0, k, 16, 8);
        return k;
    }

    static byte[] tdesEcb(byte[] key, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("DESede/ECB/NoPadding", "SunJCE");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(twoToThreeKey(key), "DESede"));
        return c.doFinal(data);
    }

    static byte[] sm4Ecb(byte[] key, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("SM4/ECB/NoPadding", BC);
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "SM4"));
        return c.doFinal(data);
    }

    static byte[] ecb(BlockAlgorithm alg, byte[] key, byte[] data) throws Exception {
        return alg == BlockAlgorithm.SM4 ? sm4Ecb(key, data) : tdesEcb(key, data);
    }

    /** The diversification formulas of DOMAIN §3, written out with the JCA. */
    static byte[] diversify(BlockAlgorithm alg, byte[] parent, byte[] factor) throws Exception {
        byte[] inverted = new byte[8];
        for (int i = 0; i < 8; i++) {
            inverted[i] = (byte) (factor[i] ^ 0xFF);
        }
        if (alg == BlockAlgorithm.TDES) {
            byte[] left = tdesEcb(parent, factor);
            byte[] right = tdesEcb(parent, inverted);
            byte[] out = new byte[16];
            System.arraycopy(left, 0, out, 0, 8);
            System.arraycopy(right, 0, out, 8, 8);
            return out;
        }
        byte[] both = new byte[16];
        System.arraycopy(factor, 0, both, 0, 8);
        System.arraycopy(inverted, 0, both, 8, 8);
        return sm4Ecb(parent, both);
    }
}
