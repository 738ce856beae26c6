package org.sscard.terminal.ui.text;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.sscard.protocol.InsuType;
import org.sscard.store.Role;
import org.sscard.terminal.reason.Reasons;

/**
 * The UI's words from the resource bundle {@code org.sscard.terminal.ui.messages} (UTF-8 .properties): the root
 * bundle is Chinese (zh_CN, the station's main language), {@code messages_en} is English. Every text is a
 * {@link MessageFormat} pattern ({@code {0}} for arguments, {@code ''} for an apostrophe).
 */
public final class Texts {
    public static final String BUNDLE = "org.sscard.terminal.ui.messages";
    /** The system property choosing the language: {@code zh_CN} (default) or {@code en}. */
    public static final String LOCALE_PROPERTY = "sscard.ui.locale";

    private final Locale locale;
    private final ResourceBundle bundle;

    public Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Chinese unless {@value #LOCALE_PROPERTY} says {@code en}. */
    public static Texts fromSystem() {
        String tag = System.getProperty(LOCALE_PROPERTY, "zh_CN");
        return new Texts(tag.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
    }

    public Locale locale() {
        return locale;
    }

    /** The text of {@code key} with {@code args} filled in; a missing key shows as {@code !key!} (a test forbids it). */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The name of a role, as the workflows' reasons name it (one wording for both). */
    public String role(Role role) {
        String name = Reasons.name(role, locale);
        return name.substring(0, 1).toUpperCase(locale) + name.substring(1);
    }

    /**
     * The name of insurance type {@code code}: this UI's own text when it has one ({@code insutype.310}), otherwise the
     * national list's Chinese name, otherwise the code itself (a local code is shown raw).
     */
    public String insurance(String code) {
        return bundle.containsKey("insutype." + code) ? get("insutype." + code) : InsuType.of(code).label();
    }
}
