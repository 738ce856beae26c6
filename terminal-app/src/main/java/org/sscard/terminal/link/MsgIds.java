package org.sscard.terminal.link;

import java.time.Clock;
import java.time.LocalDateTime;
import org.sscard.protocol.MsgId;
import org.sscard.store.Settings;

/**
 * Issues message ids: institution code + yyyyMMddHHmmss + 4-digit sequence. The last id issued is kept in the
 * station store ({@value #STATE_KEY}) and advanced in one write transaction per id, so neither a restart within
 * the same second nor a second process on the same store ever issues an id twice. Within a second the sequence
 * counts up from 0001; if the clock goes back, or 9999 ids were issued in one second, the time part moves on
 * from the last id instead (ids stay strictly increasing).
 */
public final class MsgIds {
    public static final String STATE_KEY = "state.link.last_msgid";

    private final String institutionCode;
    private final Settings settings;
    private final Clock clock;

    public MsgIds(String institutionCode, Settings settings, Clock clock) {
        this.institutionCode = institutionCode;
        this.settings = settings;
        this.clock = clock;
    }

    public String next() {
        return settings.updateState(STATE_KEY, last -> following(last, LocalDateTime.now(clock)).toString());
    }

    MsgId following(String last, LocalDateTime now) {
        LocalDateTime second = now.withNano(0);
        if (last != null) {
            MsgId previous = MsgId.parse(last, STATE_KEY);
            if (!second.isAfter(previous.time())) {
                return previous.sequence() < 9999
                        ? new MsgId(institutionCode, previous.time(), previous.sequence() + 1)
                        : new MsgId(institutionCode, previous.time().plusSeconds(1), 1);
            }
        }
        return new MsgId(institutionCode, second, 1);
    }
}
