package org.sscard.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 in GCM mode: authenticated encryption with a 12-byte nonce and a 16-byte tag.
 * {@link #seal} returns {@code nonce || ciphertext || tag}.
 */
public final class Sm4Gcm {
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sm4Gcm() {
    }

    public static byte[] seal(byte[] key, byte[] aad, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] body = encrypt(key, nonce, aad, plaintext);
        byte[] out = new byte[NONCE_LENGTH + body.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        System.arraycopy(body, 0, out, NONCE_LENGTH, body.length);
        return out;
    }

    /** Opens what {@link #seal} made; a changed byte, a wrong key or wrong AAD is refused. */
    public static byte[] open(byte[] key, byte[] aad, byte[] sealed) {
        if (sealed.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new CryptoException("sealed data is too short (" + sealed.length + " bytes)");
        }
        return decrypt(key, Arrays.copyOf(sealed, NONCE_LENGTH), aad,
                Arrays.copyOfRange(sealed, NONCE_LENGTH, sealed.length));
    }

    /** GCM encryption with an explicit nonce; returns ciphertext || tag. */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        GCMModeCipher gcm = cipher(true, key, nonce, aad);
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("SM4-GCM encryption failed", e);
        }
        return out;
    }

    /** GCM decryption with an explicit nonce of ciphertext || tag. */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
        GCMModeCipher gcm = cipher(false, key, nonce, aad);
        byte[] out = new byte[gcm.getOutputSize(ciphertextAndTag.length)];
        int n = gcm.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("authentication failed: the data was changed or the key is wrong");
        }
        return out;
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        BlockAlgorithm.SM4.checkKey(key);
        if (nonce.length != NONCE_LENGTH) {
            throw new CryptoException("SM4-GCM nonce must be " + NONCE_LENGTH + " bytes, got " + nonce.length);
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        return gcm;
    }
}
