package org.sscard.store;

/** An outbox message was asked to move to a state its current state does not lead to. */
public class OutboxStateException extends StoreException {
    public OutboxStateException(String message) {
        super(message);
    }
}
