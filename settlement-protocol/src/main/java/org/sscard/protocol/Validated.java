package org.sscard.protocol;

/** A message part that checks its own fields; {@code fields} carries the path used in error messages. */
public interface Validated {
    /** Throws {@link ProtocolException} (VALIDATION) naming the first field that breaks the rules. */
    void validate(Fields fields);
}
