package org.sscard.keyceremony;

/** A ceremony step cannot go on; the message is for the custodians. */
final class CeremonyException extends RuntimeException {
    CeremonyException(String message) {
        super(message);
    }
}
