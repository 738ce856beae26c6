package org.sscard.terminal.reason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.store.Role;
import org.sscard.terminal.session.Permission;

class ReasonsTest {
    private static final Properties ZH = entries("reasons.properties");
    private static final Properties EN = entries("reasons_en.properties");

    /** One file's own entries (a bundle would also show its parent's). */
    private static Properties entries(String file) {
        Properties p = new Properties();
        try (InputStream in = Reasons.class.getResourceAsStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonHasChineseAndEnglishWords(Reason reason) {
        assertTrue(ZH.containsKey(reason.name()), reason + " has no zh_CN entry");
        assertTrue(EN.containsKey(reason.name()), reason + " has no en entry");
        assertTrue(ZH.getProperty(reason.name()).codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                == Character.UnicodeScript.HAN), reason + " is not in Chinese in the root bundle");
    }

    @Test
    void theBundlesHaveNoWordsForCodesThatAreGone() {
        Set<String> codes = new HashSet<>();
        EnumSet.allOf(Reason.class).forEach(r -> codes.add(r.name()));
        EnumSet.allOf(Role.class).forEach(r -> codes.add("Role." + r.name()));
        EnumSet.allOf(Permission.class).forEach(p -> codes.add("Permission." + p.name()));
        assertEquals(codes, ZH.stringPropertyNames());
        assertEquals(codes, EN.stringPropertyNames());
    }

    @Test
    void argumentsAreFilledInAndNestedProblemsPutIntoTheSameLanguage() {
        Problem items = Problem.of(Reason.ITEMS_REFUSED, List.of(Problem.of(Reason.ITEM_NOT_IN_CATALOG, "2", "X9"),
                Problem.of(Reason.MORE_PROBLEMS, 9980)));
        assertEquals("Items refused, nothing was sent: line 2 (X9): not in the station's catalog; … and 9,980 more"
                + " problems", items.english());
        String zh = items.in(Locale.SIMPLIFIED_CHINESE);
        assertTrue(zh.startsWith("项目有误") && zh.contains("第 2 行(X9)") && zh.contains("另有 9,980 个问题"), zh);
        assertEquals("… and 1 more problem", Problem.of(Reason.MORE_PROBLEMS, 1).english());
        assertEquals("Settlement S1 is already cancelled.", Problem.of(Reason.ALREADY_CANCELLED, "S1").english());
        assertFalse(Problem.of(Reason.SETTLEMENT_NOT_SENT_STORE, "M1", "disk full").in(Locale.CHINA).contains("disk"),
                "the technical detail stays out of the Chinese words");
    }

    @Test
    void rolesAndPermissionsAreNamedInTheReadersLanguage() {
        Problem denied = Problem.of(Reason.ACCESS_ROLE_MAY_NOT, Role.PHARMACIST, Permission.VISIT,
                List.of(Role.CASHIER));
        assertEquals("The role pharmacist may not handle hospital visits: log in as an operator whose role allows it"
                + " (cashier).", denied.english());
        assertEquals("药师无权办理医院就诊:请由角色允许此操作的操作员(收费员)登录办理。", denied.in(Locale.SIMPLIFIED_CHINESE));
        for (Role r : Role.values()) {
            assertTrue(Reasons.name(r, Locale.SIMPLIFIED_CHINESE).codePoints()
                    .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), r.name());
        }
        for (Permission p : Permission.values()) {
            assertTrue(Reasons.name(p, Locale.SIMPLIFIED_CHINESE).codePoints()
                    .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), p.name());
            assertFalse(Reasons.name(p, Locale.ENGLISH).isBlank(), p.name());
        }
    }
}
