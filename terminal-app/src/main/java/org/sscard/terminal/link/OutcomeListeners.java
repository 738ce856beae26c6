package org.sscard.terminal.link;

import java.util.List;
import java.util.function.Consumer;
import org.sscard.protocol.TransactionOutput;

/**
 * Tells the listeners (the link monitor) the outcome of each message once the chain inside has done what it can: a
 * message that got through on its retry is not taken for a link that is down.
 */
final class OutcomeListeners implements LinkInterceptor {
    private final List<Consumer<LinkOutcome<?>>> listeners;

    OutcomeListeners(List<Consumer<LinkOutcome<?>>> listeners) {
        this.listeners = listeners;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> intercept(Chain<O> chain) {
        LinkOutcome<O> outcome = chain.proceed(chain.request());
        for (Consumer<LinkOutcome<?>> l : listeners) {
            l.accept(outcome);
        }
        return outcome;
    }
}
