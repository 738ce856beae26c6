package org.sscard.terminal.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.sscard.terminal.LogText;

/**
 * {@code %redactedMsg} in the station's log pattern: the message with card numbers, ID numbers and card identification
 * codes masked ({@link LogText#redact}), whoever logged it, so that no personal data reaches the log files even from
 * a caller that forgot to redact.
 */
public final class RedactedMessage extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.redact(super.convert(event));
    }
}
