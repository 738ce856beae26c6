package org.sscard.terminal.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.TransactionOutput;
import org.sscard.terminal.LogText;

/**
 * One log line per message on the wire: transaction code, msgid and the outcome. The message's body never goes to
 * the log; the outcome's text (which may quote the central service's {@code err_msg}) is redacted of card numbers,
 * ID numbers and card identification codes.
 */
final class Logging implements LinkInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(CentralLink.class);

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        LinkOutcome<O> outcome = chain.proceed(chain.request());
        LOG.info("{} {}: {}", chain.request().infno(), chain.request().msgid(), LogText.redact(outcome.message()));
        return outcome;
    }
}
