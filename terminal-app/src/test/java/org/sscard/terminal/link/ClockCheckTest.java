package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.ResponseHeader;
import org.sscard.store.SignIns;
import org.sscard.terminal.FakeCentral;
import org.sscard.terminal.TestStation;

/** The station's clock against the central service's at each sign-in (FakeCentral answers at 2025-03-14 09:30:16). */
class ClockCheckTest {
    private static final Opter OPTER = new Opter("C001", "王收费");

    @TempDir
    Path dir;
    TestStation station;
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        station = new TestStation(dir);
        server = new MockWebServer();
        station.useHttps(server);
        FakeCentral central = new FakeCentral(station.stationKey());
        server.setDispatcher(central);
        server.start();
        station.pointAt(server);
        station.enrolDirectly(central.publicKey());
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        station.close();
    }

    @Test
    void aClockWithinAMinuteIsNotWarnedAbout() {
        CentralLink link = station.link();
        assertTrue(link.clockCheck().isEmpty());
        assertInstanceOf(LinkOutcome.Answered.class, link.signIn(OPTER, "00-1A-2B-3C-4D-5E", "10.1.2.3"));
        ClockCheck check = link.clockCheck().orElseThrow();
        assertEquals(Duration.ofSeconds(-1), check.offset());
        assertFalse(check.off());
    }

    @Test
    void aClockThreeMinutesAheadIsWarnedAboutAndKept() {
        station.clock.advance(Duration.ofMinutes(3));
        CentralLink link = station.link();
        assertInstanceOf(LinkOutcome.Answered.class, link.signIn(OPTER, "00-1A-2B-3C-4D-5E", "10.1.2.3"));
        ClockCheck check = link.clockCheck().orElseThrow();
        assertTrue(check.off());
        assertEquals("the station's clock is 2 min 59 s ahead of the central service's (station 2025-03-14 09:33:15,"
                + " central 2025-03-14 09:30:16); have the clock set right (time sync, docs/install.md): the central"
                + " service refuses messages more than 5 minutes off", check.warning());
        assertEquals(new SignIns.ClockOffset(Duration.ofSeconds(179), LocalDateTime.of(2025, 3, 14, 9, 33, 15)),
                station.store.signIns().lastClockCheck().orElseThrow());
    }

    @Test
    void behindByMoreThanAMinuteIsOffAndSaysBehind() {
        ResponseHeader header = new ResponseHeader(0, "m", "20250314093016000", "20250314093016500", null, null, null, null);
        ClockCheck check = ClockCheck.of(header, LocalDateTime.of(2025, 3, 14, 9, 29, 0)).orElseThrow();
        assertEquals(Duration.ofMillis(-76_500), check.offset());
        assertTrue(check.off());
        assertTrue(check.warning().startsWith("the station's clock is 1 min 16 s behind the central service's"),
                check.warning());
        ClockCheck exactlyAMinute = ClockCheck.of(header, LocalDateTime.of(2025, 3, 14, 9, 31, 16, 500_000_000))
                .orElseThrow();
        assertFalse(exactlyAMinute.off());
    }

    @Test
    void anAnswerWithoutATimeGivesNoCheck() {
        ResponseHeader header = new ResponseHeader(0, "m", null, null, null, null, null, null);
        assertTrue(ClockCheck.of(header, LocalDateTime.of(2025, 3, 14, 9, 29, 0)).isEmpty());
    }
}
