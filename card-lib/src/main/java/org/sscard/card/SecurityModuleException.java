package org.sscard.card;

/** The security module (PSAM or software module) cannot serve this card: no key, or the module failed. */
public class SecurityModuleException extends SmartCardException {
    public SecurityModuleException(String message) {
        super(message);
    }

    public SecurityModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
