package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A value of one of the interface's code lists, kept as sent. The lists are open in practice (provinces add local
 * codes such as insutype {@code 39999} or med_type {@code 9901}), so a code this version does not know is kept with its
 * raw value and shown as such ({@link #label()}), never a refusal of the whole message. A known code is always the one
 * constant of its class ({@code of("310") == InsuType.EMPLOYEE}) and carries its Chinese name.
 */
public abstract class OpenCode implements WireCode, Comparable<OpenCode> {
    private final String code;
    private final String name;

    OpenCode(String code, String name) {
        this.code = code;
        this.name = name;
    }

    @JsonValue
    @Override
    public final String code() {
        return code;
    }

    /** The Chinese name of a known code; {@code null} for a code this version does not know. */
    public final String name() {
        return name;
    }

    public final boolean isKnown() {
        return name != null;
    }

    /** What a person reads: the Chinese name of a known code, the code itself otherwise. */
    public final String label() {
        return isKnown() ? name : code;
    }

    /** As printed where the code matters too: {@code 普通门诊 (11)} for a known code, the code alone otherwise. */
    public final String labelWithCode() {
        return isKnown() ? name + " (" + code + ")" : code;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((OpenCode) other).code.equals(code);
    }

    @Override
    public final int hashCode() {
        return code.hashCode();
    }

    @Override
    public final int compareTo(OpenCode other) {
        return code.compareTo(other.code);
    }

    /** The wire code, so a code reads in logs and messages as it was sent. */
    @Override
    public final String toString() {
        return code;
    }

    /** The known codes of one list and the rule for a code it does not know: a string of at most {@code maxLength}. */
    static final class Known<C extends OpenCode> {
        private final Map<String, C> byCode = new LinkedHashMap<>();
        private final BiFunction<String, String, C> make;
        private final int maxLength;

        Known(BiFunction<String, String, C> make, int maxLength) {
            this.make = make;
            this.maxLength = maxLength;
        }

        C add(String code, String name) {
            C c = make.apply(code, name);
            byCode.put(code, c);
            return c;
        }

        C of(String code) {
            C c = byCode.get(code);
            if (c != null) {
                return c;
            }
            if (code == null || code.isBlank() || code.length() > maxLength || !code.chars().allMatch(
                    ch -> ch > 0x20 && ch < 0x7F)) {
                throw new IllegalArgumentException("must be a code of 1 to " + maxLength + " printable ASCII characters");
            }
            return make.apply(code, null);
        }

        List<C> all() {
            return List.copyOf(byCode.values());
        }

        /** The known codes, for a refusal where only they are allowed. */
        String list() {
            return String.join(", ", byCode.keySet());
        }
    }
}
