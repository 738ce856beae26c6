package org.sscard.protocol;

/**
 * A message that cannot be accepted, with the {@link InfCode} class of the failure. The message names
 * the field ({@code input.feedetail[3].cnt: must be positive}) and never carries a secret or a full ID
 * number, so it can be returned to the peer as {@code err_msg} as it is.
 */
public class ProtocolException extends RuntimeException {
    private final InfCode infCode;

    public ProtocolException(InfCode infCode, String message) {
        super(message);
        this.infCode = infCode;
    }

    public ProtocolException(InfCode infCode, String message, Throwable cause) {
        super(message, cause);
        this.infCode = infCode;
    }

    /** A field that breaks the format: {@code path: problem}. */
    public static ProtocolException invalid(String path, String problem) {
        return new ProtocolException(InfCode.VALIDATION, path + ": " + problem);
    }

    public InfCode infCode() {
        return infCode;
    }
}
