package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.ui.text.Texts;

class TextsTest {
    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/org/sscard/terminal/ui/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyKeyExistsInChineseAndEnglishAndEveryPatternParses() throws IOException {
        Properties zh = load("messages.properties");
        Properties en = load("messages_en.properties");
        assertEquals(new TreeSet<>(zh.stringPropertyNames()), new TreeSet<>(en.stringPropertyNames()));
        for (Properties p : new Properties[] {zh, en}) {
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                new MessageFormat(pattern);
                assertFalse(pattern.isBlank(), key);
                assertFalse(pattern.replace("''", "").contains("'"),
                        key + ": a single apostrophe starts a quoted part in MessageFormat and vanishes; write ''");
            }
        }
        assertTrue(zh.getProperty("app.title").chars().anyMatch(c -> c >= 0x4E00), "the root bundle is Chinese");
    }

    @Test
    void everyKeyTheCodeUsesIsInTheBundle() throws IOException {
        Properties zh = load("messages.properties");
        Set<String> used = new TreeSet<>();
        Pattern call = Pattern.compile("get\\(\"([a-zA-Z0-9_.]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        for (LinkState s : LinkState.values()) {
            used.add("status.link." + s.name());
        }
        for (String linkDown : new String[] {"counter.offline", "counter.deferred"}) {
            for (String step : new String[] {"linkBack", "confirm.title", "confirm.text", "confirm.ok", "pinCancelled"}) {
                used.add(linkDown + "." + step);
            }
        }
        for (DeferredState d : DeferredState.values()) {
            used.add("deferred.state." + d.name());
        }
        for (OfflineRefusal r : OfflineRefusal.values()) {
            used.add("error.offline." + r.name() + ".title");
            used.add("error.offline." + r.name() + ".action");
        }
        assertTrue(used.size() > 80, "found the calls: " + used.size());
        used.removeIf(k -> !k.contains(".") || k.endsWith("."));
        for (String key : used) {
            assertTrue(zh.containsKey(key), "missing key " + key);
        }
    }

    @Test
    void chineseIsTheDefaultAndEnglishIsChosenByProperty() {
        assertEquals("医保结算终端", new Texts(Locale.SIMPLIFIED_CHINESE).get("app.title"));
        assertEquals("Medical insurance settlement terminal", new Texts(Locale.ENGLISH).get("app.title"));
        assertEquals("!nope!", new Texts(Locale.ENGLISH).get("nope"));
        assertEquals("Operator x (y) left the station. Enter this operator's password to unlock.",
                new Texts(Locale.ENGLISH).get("lock.message", "x", "y"));
    }

    @Test
    void insuranceTypesAreNamedByTheUiThenByTheNationalListAndAnUnknownCodeIsShownRaw() {
        Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);
        assertEquals("职工医保(310)", zh.insurance("310"));
        assertEquals("生育保险", zh.insurance("510"));
        assertEquals("39999", zh.insurance("39999"));
    }
}
