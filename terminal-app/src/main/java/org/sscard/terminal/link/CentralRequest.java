package org.sscard.terminal.link;

import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionOutput;

/**
 * One message for the central service: the transaction it is (which types its answer) and its signed bytes. An
 * interceptor that changes the message (a new stamp, a new signature) passes on a new request with the same msgid.
 */
public record CentralRequest<O extends TransactionOutput>(Transaction<?, O> transaction, PreparedMessage message) {
    public CentralRequest {
        if (!transaction.infno().equals(message.infno())) {
            throw new IllegalArgumentException("message " + message.msgid() + " is a " + message.infno()
                    + ", not a " + transaction.infno());
        }
    }

    public String infno() {
        return message.infno();
    }

    public String msgid() {
        return message.msgid();
    }

    /** The same transaction and msgid with other bytes (re-stamped, signed again). */
    CentralRequest<O> with(PreparedMessage restamped) {
        if (!restamped.msgid().equals(message.msgid())) {
            throw new IllegalArgumentException("a request keeps its msgid through the chain");
        }
        return new CentralRequest<>(transaction, restamped);
    }
}
