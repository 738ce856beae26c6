package org.sscard.terminal.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.sscard.terminal.LogText;

/** {@code %redactedEx}: a logged exception's stack trace, its messages masked as {@link RedactedMessage} masks. */
public final class RedactedThrowable extends ExtendedThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.redact(super.convert(event));
    }
}
