package org.sscard.terminal.link;

import org.sscard.protocol.TransactionOutput;

/**
 * One concern of sending a message to the central service (signing, a new sign-in after −4, retrying what was not
 * sent, timing, logging, telling the link monitor), in the manner of OkHttp's interceptors: it sees the request, may
 * change it, passes it on with {@link Chain#proceed} (once, several times or not at all) and may act on the outcome.
 * The ordered list is built in one place, {@link CentralLink#interceptors()}; the end of the chain puts the bytes
 * on the wire and reads the answer.
 */
public interface LinkInterceptor {
    <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain);

    /** The rest of the chain, from one interceptor inward. */
    interface Chain<O extends TransactionOutput> {
        CentralRequest<O> request();

        /** Runs the interceptors after this one and the wire with {@code request}; returns their outcome. */
        LinkOutcome<O> proceed(CentralRequest<O> request);
    }
}
