package org.sscard.card.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.SmartCardException;

/**
 * Logs every command and response at DEBUG, masked by {@link ApduMasker}: callers never need to mask. A
 * failure of the transport is logged with the command it interrupted and passed on.
 */
public final class LoggingTransport extends ForwardingTransport {
    private final Logger log;

    public LoggingTransport(CardTransport inner) {
        this(inner, LoggerFactory.getLogger(LoggingTransport.class));
    }

    public LoggingTransport(CardTransport inner, Logger log) {
        super(inner);
        this.log = log;
    }

    @Override
    public byte[] transmit(byte[] command) {
        boolean debug = log.isDebugEnabled();
        if (debug) {
            log.debug("> {}", ApduMasker.command(command));
        }
        long start = System.nanoTime();
        byte[] response;
        try {
            response = inner.transmit(command);
        } catch (SmartCardException e) {
            log.debug("! {} failed: {}", ApduMasker.command(command), e.getMessage());
            throw e;
        }
        if (debug) {
            log.debug("< {} ({} ms)", ApduMasker.response(command, response), (System.nanoTime() - start) / 1_000_000);
        }
        return response;
    }
}
