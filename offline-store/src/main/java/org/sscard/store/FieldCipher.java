package org.sscard.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;

/**
 * Field-level encryption, blind indexes and MACs with the station's DATA key, all inside the security
 * module. A sealed field is {@code 01 || key version (1 byte) || SM4-GCM(nonce || ciphertext || tag)}; the
 * associated data names the table, column and row, so a sealed value copied to another row or column is
 * refused.
 */
final class FieldCipher {
    private static final byte FORMAT = 1;
    private final SecurityModule module;
    private final KeyRef dataKey;

    FieldCipher(SecurityModule module, KeyRef dataKey) {
        this.module = module;
        this.dataKey = dataKey;
    }

    KeyRef dataKey() {
        return dataKey;
    }

    SecurityModule module() {
        return module;
    }

    byte[] seal(String table, String column, String rowKey, byte[] plaintext) {
        byte[] sealed = module.seal(dataKey, aad(table, column, rowKey), plaintext);
        byte[] out = new byte[2 + sealed.length];
        out[0] = FORMAT;
        out[1] = (byte) dataKey.version();
        System.arraycopy(sealed, 0, out, 2, sealed.length);
        return out;
    }

    byte[] sealText(String table, String column, String rowKey, String text) {
        return seal(table, column, rowKey, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] open(String table, String column, String rowKey, byte[] field) {
        if (field.length < 2 || field[0] != FORMAT) {
            throw new StoreException("a sealed " + table + "." + column + " value has an unknown format; the database was changed outside the terminal");
        }
        KeyRef ref = KeyRef.local(KeyType.DATA, dataKey.region(), field[1] & 0xff);
        try {
            return module.open(ref, aad(table, column, rowKey), Arrays.copyOfRange(field, 2, field.length));
        } catch (RuntimeException e) {
            throw new StoreException("a sealed " + table + "." + column + " value could not be opened: it was changed,"
                    + " moved to another row, or sealed with another station's data key", e);
        }
    }

    String openText(String table, String column, String rowKey, byte[] field) {
        return new String(open(table, column, rowKey, field), StandardCharsets.UTF_8);
    }

    /** A keyed blind index of {@code value} for one purpose (different purposes give unrelated indexes). */
    byte[] index(String purpose, String value) {
        return index(purpose, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    byte[] index(String purpose, byte[] value) {
        return module.blindIndex(dataKey, Encoding.concat(Encoding.text("index:" + purpose), Encoding.bytes(value)));
    }

    /** A MAC (HMAC-SM3 through the module's blind-index function, domain-separated by {@code label}). */
    byte[] mac(String label, byte[]... parts) {
        byte[][] all = new byte[parts.length + 1][];
        all[0] = Encoding.text("mac:" + label);
        System.arraycopy(parts, 0, all, 1, parts.length);
        return module.blindIndex(dataKey, Encoding.concat(all));
    }

    private static byte[] aad(String table, String column, String rowKey) {
        return ("sscard-store/v1|" + table + "." + column + "|" + rowKey).getBytes(StandardCharsets.UTF_8);
    }
}
