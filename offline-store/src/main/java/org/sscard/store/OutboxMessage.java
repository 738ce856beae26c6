package org.sscard.store;

import java.util.Arrays;
import java.util.Objects;
import org.sscard.values.Money;

/**
 * A message to be sent to the central service.
 *
 * @param msgid     the envelope's unique message id (30 characters); enqueueing the same msgid again is a no-op
 * @param stream    messages of one stream are sent strictly in order, one at a time (e.g. "settlement")
 * @param infno     the transaction code (2207, 2601, C110 …)
 * @param payload   the message bytes as they will be sent (stored sealed)
 * @param offline   true for transactions made offline, which count towards the offline limits
 * @param cardId    hex card identification code (for the per-card daily limit), or null
 * @param amount    the amount the message moves ({@link Money#ZERO} if none)
 */
public record OutboxMessage(String msgid, String stream, String infno, byte[] payload, boolean offline, String cardId,
                            Money amount) {
    public OutboxMessage {
        Objects.requireNonNull(msgid, "msgid");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(payload, "payload");
        if (msgid.isBlank() || stream.isBlank()) {
            throw new IllegalArgumentException("an outbox message needs a msgid and a stream");
        }
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, got " + amount);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxMessage m && msgid.equals(m.msgid) && stream.equals(m.stream) && infno.equals(m.infno)
                && Arrays.equals(payload, m.payload) && offline == m.offline && Objects.equals(cardId, m.cardId)
                && amount.equals(m.amount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(msgid, stream, infno, Arrays.hashCode(payload), offline, cardId, amount);
    }

    @Override
    public String toString() {
        return "OutboxMessage[" + msgid + " " + infno + " stream=" + stream + " amount=" + amount + "]";
    }
}
