package org.sscard.terminal.link;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.TransactionOutput;

/**
 * Measures each exchange on the wire; one that took more than {@code slow} (half the read timeout) is logged as a
 * warning, so a central service drifting toward the timeout is seen before messages end in doubt.
 */
final class Timing implements LinkInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(Timing.class);

    private final Duration slow;

    Timing(Duration slow) {
        this.slow = slow;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        long start = System.nanoTime();
        LinkOutcome<O> outcome = chain.proceed(chain.request());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (millis > slow.toMillis()) {
            LOG.warn("{} {} took {} ms (slow: over {} ms)", chain.request().infno(), chain.request().msgid(), millis,
                    slow.toMillis());
        } else {
            LOG.debug("{} {} took {} ms", chain.request().infno(), chain.request().msgid(), millis);
        }
        return outcome;
    }
}
