package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LinkMonitorTest {
    @Test
    void offlineOnBrokenCallsOnlineOnlyAfterASuccessfulProbeWithBackOff() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        LinkMonitor m = new LinkMonitor(healthy::get, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(60));
        List<LinkState> heard = new ArrayList<>();
        m.addListener(heard::add);
        assertEquals(LinkState.ONLINE, m.probeNow());
        m.onOutcome(new LinkOutcome.Answered<>("x", null, null, new byte[0]));
        assertEquals(LinkState.ONLINE, m.state());
        m.onOutcome(new LinkOutcome.Unknown<>("x", LinkOutcome.UnknownCause.BAD_RESPONSE, "bad"));
        assertEquals(LinkState.ONLINE, m.state(), "a bad answer is not a broken link");
        m.onOutcome(new LinkOutcome.Unknown<>("x", LinkOutcome.UnknownCause.SERVER_ERROR, "503"));
        assertEquals(LinkState.OFFLINE, m.state());
        m.onOutcome(new LinkOutcome.Answered<>("x", null, null, new byte[0]));
        assertEquals(LinkState.OFFLINE, m.state(), "left only after a probe");
        healthy.set(false);
        assertEquals(Duration.ofSeconds(2), m.nextProbeDelay());
        m.probeNow();
        assertEquals(Duration.ofSeconds(2), m.nextProbeDelay());
        m.probeNow();
        assertEquals(Duration.ofSeconds(4), m.nextProbeDelay());
        for (int i = 0; i < 10; i++) {
            m.probeNow();
        }
        assertEquals(Duration.ofSeconds(60), m.nextProbeDelay());
        healthy.set(true);
        assertEquals(LinkState.ONLINE, m.probeNow());
        assertEquals(Duration.ofSeconds(30), m.nextProbeDelay());
        assertEquals(List.of(LinkState.ONLINE, LinkState.OFFLINE, LinkState.ONLINE), heard);
        m.onOutcome(new LinkOutcome.NotSent<>("x", "refused"));
        m.onOutcome(new LinkOutcome.Unknown<>("x", LinkOutcome.UnknownCause.TIMEOUT, "t"));
        assertEquals(LinkState.OFFLINE, m.state());
    }
}
