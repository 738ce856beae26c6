package org.sscard.store;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Pinyin initials of a Chinese name for search (阿莫西林 → AMXL), without a dictionary: the 3,755 level-1
 * characters of GB 2312 are ordered by pinyin, so a character's initial follows from its code, between the
 * first characters of each initial (啊 A, 芭 B, 擦 C …). Letters and digits are kept (upper-cased); level-2
 * characters (ordered by radical, rare in drug names) and other symbols are skipped. A polyphonic character
 * gets the reading GB 2312 files it under.
 */
public final class PinyinInitials {
    private static final Charset GBK = Charset.forName("GBK");
    private static final String FIRST_CHARACTERS = "啊芭擦搭蛾发噶哈击喀垃妈拿哦啪期然撒塌挖昔压匝";
    private static final String INITIALS = "ABCDEFGHJKLMNOPQRSTWXYZ";
    private static final int LEVEL1_END = 0xD7F9;
    private static final int[] BOUNDARIES = new int[FIRST_CHARACTERS.length()];

    static {
        for (int i = 0; i < BOUNDARIES.length; i++) {
            BOUNDARIES[i] = gbCode(FIRST_CHARACTERS.charAt(i));
        }
    }

    private PinyinInitials() {
    }

    public static String of(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x80) {
                if (Character.isLetterOrDigit(ch)) {
                    out.append(Character.toUpperCase(ch));
                }
                continue;
            }
            char initial = initial(ch);
            if (initial != 0) {
                out.append(initial);
            }
        }
        return out.toString();
    }

    /** True if {@code query} looks like an initials query (letters and digits only). */
    static boolean isInitialsQuery(String query) {
        return !query.isEmpty() && query.chars().allMatch(ch -> ch < 0x80 && Character.isLetterOrDigit(ch));
    }

    static String normalizeQuery(String query) {
        return query.trim().toUpperCase(Locale.ROOT);
    }

    private static char initial(char ch) {
        int code = gbCode(ch);
        if (code < BOUNDARIES[0] || code > LEVEL1_END) {
            return 0;
        }
        for (int i = BOUNDARIES.length - 1; i >= 0; i--) {
            if (code >= BOUNDARIES[i]) {
                return INITIALS.charAt(i);
            }
        }
        return 0;
    }

    private static int gbCode(char ch) {
        byte[] b = String.valueOf(ch).getBytes(GBK);
        return b.length == 2 ? ((b[0] & 0xff) << 8) | (b[1] & 0xff) : -1;
    }
}
