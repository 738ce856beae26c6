package org.sscard.crypto;

import java.util.Locale;

/** What a key is for. Card keys of each hierarchy type are derived per card (one card, one key). */
public enum KeyType {
    MASTER("master/control key", 0x00),
    EXTERNAL_AUTH("RK_SSSE external-authentication read key", 0x01),
    INTERNAL_AUTH("internal-authentication key", 0x02),
    UPDATE("SSSE update key (secure messaging)", 0x03),
    MEDICAL_UPDATE("medical update key (secure messaging)", 0x04),
    PIN_RELOAD("PIN reload key", 0x05),
    PIN_UNBLOCK("PIN unblock key", 0x06),
    DEBIT("debit key (MAC1, MAC2, TAC)", 0x07),
    APP_BLOCK("application-block key", 0x08),
    TRANSPORT("transport key of blank cards (personalisation)", 0x09),
    DATA("station data key (field encryption, blind index)", -1),
    DEVICE_SIGN("device SM2 signing key", -1);

    private final String description;
    private final int cardKeyId;

    KeyType(String description, int cardKeyId) {
        this.description = description;
        this.cardKeyId = cardKeyId;
    }

    public String description() {
        return description;
    }

    /** True for keys of the national → province → city → card hierarchy. */
    public boolean hierarchical() {
        return cardKeyId >= 0;
    }

    /** The key identifier (KID) the card knows this key by, as in {@code 00 82 00 KID}. */
    public int cardKeyId() {
        if (cardKeyId < 0) {
            throw new CryptoException(this + " keys are not card keys");
        }
        return cardKeyId;
    }

    public static KeyType fromCardKeyId(int kid) {
        for (KeyType t : values()) {
            if (t.cardKeyId == kid && kid >= 0) {
                return t;
            }
        }
        throw new CryptoException(String.format("unknown card key id %02X", kid));
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
