package org.sscard.terminal.reason;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words of {@link Reason}s, from the resource bundle {@value #BUNDLE} (UTF-8 .properties): the root bundle is
 * Chinese (zh_CN, the station's main language), {@code reasons_en} English. The UI and the command line both read it.
 */
public final class Reasons {
    public static final String BUNDLE = "org.sscard.terminal.reason.reasons";

    private Reasons() {
    }

    /** The words of {@code problem} in {@code locale}: English for an English locale, else Chinese. */
    public static String text(Problem problem, Locale locale) {
        Locale language = english(locale) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        ResourceBundle bundle = bundle(language);
        Object[] args = problem.args().stream().map(a -> words(a, language)).toArray();
        return new MessageFormat(bundle.getString(problem.reason().name()), language).format(args);
    }

    /** The bundle of {@code locale}'s language, without falling back to the machine's default locale. */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, english(locale) ? Locale.ENGLISH : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /**
     * The name of a role or a permission in {@code locale}'s language: the bundle's entry {@code Role.CASHIER},
     * {@code Permission.VISIT} (the one place these names are decided; the UI takes them from here too).
     */
    public static String name(Enum<?> value, Locale locale) {
        return bundle(locale).getString(key(value));
    }

    /** True if the bundle names {@code value} (a role or a permission); other enums are their code as it is. */
    static boolean names(Enum<?> value) {
        return bundle(Locale.ROOT).containsKey(key(value));
    }

    private static String key(Enum<?> value) {
        return value.getDeclaringClass().getSimpleName() + "." + value.name();
    }

    private static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }

    private static Object words(Object arg, Locale language) {
        if (arg instanceof Problem p) {
            return text(p, language);
        }
        if (arg instanceof Enum<?> value) {
            return name(value, language);
        }
        if (arg instanceof List<?> list) {
            return String.join(english(language) ? "; " : ";", list.stream().map(a -> String.valueOf(words(a, language)))
                    .toList());
        }
        return arg;
    }
}
