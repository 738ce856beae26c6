package org.sscard.card.session;

import java.util.HexFormat;

/** The card applications the terminal selects, with their AIDs and the files it uses in them. */
public enum Application {
    /** Social security environment, "sx1.sh.社会保障" in GBK. */
    SSSE("7378312E73682EC9E7BBE1B1A3D5CF"),
    MEDICAL("D15600000503");

    /** Card-issuer data (SSSE) or medical basic data (medical). */
    public static final int EF05 = 0xEF05;
    /** Holder basic data (SSSE) or offline settlement records (medical, cyclic). */
    public static final int EF06 = 0xEF06;
    /** Medical transaction details (cyclic). */
    public static final int EF08 = 0xEF08;

    private final byte[] aid;

    Application(String aidHex) {
        this.aid = HexFormat.of().parseHex(aidHex);
    }

    public byte[] aid() {
        return aid.clone();
    }
}
