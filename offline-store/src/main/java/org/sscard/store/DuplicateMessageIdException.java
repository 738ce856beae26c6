package org.sscard.store;

/** A msgid already in the outbox was enqueued again with different content. */
public class DuplicateMessageIdException extends StoreException {
    public DuplicateMessageIdException(String message) {
        super(message);
    }
}
