package org.sscard.terminal.link;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.TransactionOutput;

/**
 * Sends once more, after a short pause, a message whose connection failed before any byte of it was written
 * ({@link LinkOutcome.NotSentCause#CONNECT_FAILED}: certainly not received, so safe for every transaction). Nothing
 * else is repeated here: an outcome that may have been received is the caller's to resolve (docs/terminal.md §6),
 * a connect timeout would keep the person at the counter waiting twice as long, and a server outside the pinned CA
 * stays one.
 */
final class TransportRetry implements LinkInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(TransportRetry.class);

    private final Duration pause;

    TransportRetry(Duration pause) {
        this.pause = pause;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        LinkOutcome<O> outcome = chain.proceed(chain.request());
        if (!(outcome instanceof LinkOutcome.NotSent<O> n) || n.cause() != LinkOutcome.NotSentCause.CONNECT_FAILED) {
            return outcome;
        }
        LOG.debug("{} {} not sent; trying once more", chain.request().infno(), chain.request().msgid());
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcome;
        }
        return chain.proceed(chain.request());
    }
}
