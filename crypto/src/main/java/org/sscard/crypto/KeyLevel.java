package org.sscard.crypto;

import java.util.Locale;

/** Where a key sits: the three levels of the hierarchy, or a station's own (local) key. */
public enum KeyLevel {
    NATIONAL,
    PROVINCE,
    CITY,
    LOCAL;

    public static KeyLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("unknown key level '" + text + "'; one of national, province, city, local");
        }
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
