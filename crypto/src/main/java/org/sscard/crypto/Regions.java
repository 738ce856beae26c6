package org.sscard.crypto;

/** Administrative division codes (6 digits, GB/T 2260) as they are used in the key hierarchy. */
public final class Regions {
    private Regions() {
    }

    public static boolean isAdminCode(String code) {
        return code != null && code.length() == 6 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code 440106} → {@code 440000}. */
    public static String provinceOf(String adminCode) {
        requireAdminCode(adminCode);
        return adminCode.substring(0, 2) + "0000";
    }

    /** {@code 440106} → {@code 440100}; municipalities keep their second pair (e.g. 110105 → 110100). */
    public static String cityOf(String adminCode) {
        requireAdminCode(adminCode);
        return adminCode.substring(0, 4) + "00";
    }

    /** The 8-byte diversification factor of a region: the admin code in ASCII followed by "sx". */
    public static byte[] factor(String adminCode) {
        requireAdminCode(adminCode);
        return (adminCode + "sx").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void requireAdminCode(String code) {
        if (!isAdminCode(code)) {
            throw new CryptoException("not a 6-digit administrative code: '" + code + "'");
        }
    }
}
