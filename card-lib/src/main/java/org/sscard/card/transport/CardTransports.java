package org.sscard.card.transport;

/** The decorator stack card-lib uses over a raw reader or simulator transport. */
public final class CardTransports {
    private CardTransports() {
    }

    /**
     * {@code Counting(Logging(GetResponse(WrongLengthRetry(raw))))}: the counter and the log see each command
     * once, as the session sent it, with its whole answer (so the masker can recognise what the answer
     * holds); 61xx and 6Cxx are handled below them.
     */
    public static CountingTransport standard(CardTransport raw) {
        return new CountingTransport(new LoggingTransport(new GetResponseTransport(new WrongLengthRetryTransport(raw))));
    }
}
