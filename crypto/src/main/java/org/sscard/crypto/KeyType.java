package org.sscard.crypto;

import java.util.Locale;

/** What a key is for. Card keys of each hierarchy type are derived per card (one card, one key). */
public enum KeyType {
    MASTER("master/control key", true),
    EXTERNAL_AUTH("RK_SSSE external-authentication read key", true),
    INTERNAL_AUTH("internal-authentication key", true),
    UPDATE("SSSE update key (secure messaging)", true),
    MEDICAL_UPDATE("medical update key (secure messaging)", true),
    PIN_RELOAD("PIN reload key", true),
    PIN_UNBLOCK("PIN unblock key", true),
    DEBIT("debit key (MAC1, MAC2, TAC)", true),
    APP_BLOCK("application-block key", true),
    TRANSPORT("transport key of blank cards (personalisation)", true),
    DATA("station data key (field encryption, blind index)", false),
    DEVICE_SIGN("device SM2 signing key", false);

    private final String description;
    private final boolean hierarchical;

    KeyType(String description, boolean hierarchical) {
        this.description = description;
        this.hierarchical = hierarchical;
    }

    public String description() {
        return description;
    }

    /** True for keys of the national → province → city → card hierarchy. */
    public boolean hierarchical() {
        return hierarchical;
    }

    /** Parses the enum name, case-insensitive, with '-' accepted for '_' (e.g. {@code external-auth}). */
    public static KeyType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("unknown key type '" + text + "'; one of " + java.util.Arrays.toString(values()));
        }
    }
}
