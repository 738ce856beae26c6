package org.sscard.protocol;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/**
 * Checks the fields of one object of a message and names the failing field by its full path
 * ({@code input.feedetail[3].cnt: must be positive}). Values are never echoed for free-text fields, so a
 * message can be shown to the peer and logged without leaking personal data.
 */
public final class Fields {
    public static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern ADMIN_CODE = Pattern.compile("[0-9]{6}");
    private static final Pattern INSTITUTION_CODE = Pattern.compile("[A-Z0-9]{12}");
    private static final Pattern HEX = Pattern.compile("([0-9A-F]{2})+");

    private static final Pattern CARD_NUMBER = Pattern.compile("[0-9A-Z]{8}[0-9X]");
    private static final Pattern CERT_NUMBER = Pattern.compile("[0-9]{17}[0-9X]");

    private final String path;
    private final boolean stored;

    public Fields(String path) {
        this(path, false);
    }

    /**
     * {@code stored}: checking a request the station stored itself, perhaps written by an earlier version that did
     * not carry every member this one requires ({@link #storedByEarlierVersion}).
     */
    public Fields(String path, boolean stored) {
        this.path = path;
        this.stored = stored;
    }

    /**
     * True when checking a stored request whose {@code members} are all absent: an earlier version wrote it without
     * them, and it is read (and sent again, should it be) as it was written.
     */
    public boolean storedByEarlierVersion(Object... members) {
        if (!stored) {
            return false;
        }
        for (Object m : members) {
            if (m != null) {
                return false;
            }
        }
        return true;
    }

    public String path() {
        return path;
    }

    public String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public Fields child(String name) {
        return new Fields(at(name), stored);
    }

    public ProtocolException invalid(String name, String problem) {
        return ProtocolException.invalid(at(name), problem);
    }

    public <T> T required(String name, T value) {
        if (value == null) {
            throw invalid(name, "required");
        }
        return value;
    }

    /** Required text: not blank, at most {@code maxLength} characters, no control characters. */
    public String text(String name, String value, int maxLength) {
        required(name, value);
        if (value.isBlank()) {
            throw invalid(name, "must not be empty");
        }
        return optionalText(name, value, maxLength);
    }

    /** Optional text: absent or at most {@code maxLength} characters without control characters. */
    public String optionalText(String name, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw invalid(name, "at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid(name, "must not contain control characters");
            }
        }
        return value;
    }

    /** Required text matching {@code pattern}; {@code rule} says in words what is expected. */
    public String pattern(String name, String value, Pattern pattern, String rule) {
        required(name, value);
        if (!pattern.matcher(value).matches()) {
            throw invalid(name, rule);
        }
        return value;
    }

    public String optionalPattern(String name, String value, Pattern pattern, String rule) {
        return value == null ? null : pattern(name, value, pattern, rule);
    }

    public String adminCode(String name, String value) {
        return pattern(name, value, ADMIN_CODE, "must be a 6-digit administrative division code");
    }

    public String institutionCode(String name, String value) {
        return pattern(name, value, INSTITUTION_CODE, "must be a 12-character institution code (A-Z, 0-9)");
    }

    /** Upper-case hex of exactly {@code bytes} bytes. */
    public String hex(String name, String value, int bytes) {
        pattern(name, value, HEX, "must be upper-case hexadecimal");
        if (value.length() != bytes * 2) {
            throw invalid(name, "must be " + bytes + " bytes (" + bytes * 2 + " hex digits)");
        }
        return value;
    }

    public LocalDateTime dateTime(String name, String value) {
        required(name, value);
        try {
            return LocalDateTime.parse(value, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a date-time yyyy-MM-dd HH:mm:ss");
        }
    }

    public LocalDate date(String name, String value) {
        required(name, value);
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a date yyyy-MM-dd");
        }
    }

    public long positive(String name, Long value, long max) {
        required(name, value);
        if (value <= 0) {
            throw invalid(name, "must be positive");
        }
        if (value > max) {
            throw invalid(name, "at most " + max);
        }
        return value;
    }

    public long range(String name, Long value, long min, long max) {
        required(name, value);
        if (value < min || value > max) {
            throw invalid(name, "must be from " + min + " to " + max);
        }
        return value;
    }

    /** A required decimal from {@code min} to {@code max} with at most {@code decimals} decimals (an N(p,s) member). */
    public BigDecimal decimal(String name, BigDecimal value, int decimals, BigDecimal min, BigDecimal max) {
        required(name, value);
        if (value.stripTrailingZeros().scale() > decimals) {
            throw invalid(name, "at most " + decimals + (decimals == 1 ? " decimal" : " decimals"));
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(name, "must be from " + min + " to " + max);
        }
        return value;
    }

    public Money nonNegative(String name, Money value) {
        required(name, value);
        if (value.isNegative()) {
            throw invalid(name, "must not be negative");
        }
        return value;
    }

    public Money positive(String name, Money value) {
        required(name, value);
        if (!value.isPositive()) {
            throw invalid(name, "must be positive");
        }
        return value;
    }

    /** A required list of {@code min..max} elements, each checked under {@code name[i]}. */
    public <T extends Validated> List<T> list(String name, List<T> items, int min, int max) {
        required(name, items);
        if (items.size() < min) {
            throw invalid(name, min == 1 ? "must not be empty" : "at least " + min + " elements");
        }
        if (items.size() > max) {
            throw invalid(name, "at most " + max + " elements");
        }
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String element = name + "[" + i + "]";
            if (item == null) {
                throw invalid(element, "required");
            }
            validateChild(element, item);
        }
        return items;
    }

    /** A required nested object. */
    public <T extends Validated> T object(String name, T value) {
        required(name, value);
        validateChild(name, value);
        return value;
    }

    /** Checks a nested value; sums of its amounts beyond what an amount can carry are refused as its fault. */
    private void validateChild(String name, Validated value) {
        try {
            value.validate(child(name));
        } catch (ArithmeticException e) {
            throw invalid(name, "its amounts add up to more than " + Money.ofFen(Money.MAX_FEN));
        }
    }

    /** A social security card number: 8 characters [0-9A-Z] and the check character (DOMAIN §2). */
    public String cardNumber(String name, String value) {
        pattern(name, value, CARD_NUMBER, "must be a 9-character card number");
        if (!CardNumber.isValid(value)) {
            throw invalid(name, "check character does not match; re-read the card");
        }
        return value;
    }

    /** An 18-character citizen ID number with a valid GB 11643 check character. */
    public String certNumber(String name, String value) {
        pattern(name, value, CERT_NUMBER, "must be an 18-character ID number");
        if (!CitizenId.isValid(value)) {
            throw invalid(name, "check character does not match");
        }
        return value;
    }

    /** A card identification code: 16 bytes hex, region BCD + D156000005 + 8 chip-unique bytes. */
    public String cardIdentificationCode(String name, String value) {
        hex(name, value, 16);
        try {
            org.sscard.crypto.CardIdentificationCode.ofHex(value);
        } catch (RuntimeException e) {
            throw invalid(name, "not a card identification code (region BCD + D156000005 + 8 bytes)");
        }
        return value;
    }

    /** A list that may be empty. */
    public <T extends Validated> List<T> optionalList(String name, List<T> items, int max) {
        return list(name, items, 0, max);
    }
}
