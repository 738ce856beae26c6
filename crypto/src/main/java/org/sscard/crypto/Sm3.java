package org.sscard.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM3 hash (GB/T 32905) and HMAC-SM3. */
public final class Sm3 {
    public static final int DIGEST_LENGTH = 32;

    private Sm3() {
    }

    public static byte[] hash(byte[]... parts) {
        SM3Digest digest = new SM3Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[DIGEST_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    public static byte[] hmac(byte[] key, byte[]... parts) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        for (byte[] part : parts) {
            mac.update(part, 0, part.length);
        }
        byte[] out = new byte[DIGEST_LENGTH];
        mac.doFinal(out, 0);
        return out;
    }
}
