package org.sscard.card.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.sscard.card.CardRemovedException;
import org.sscard.card.ReaderException;

class DecoratorTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static ReplayTransport script(String text) {
        return ReplayTransport.fromText("test", text, Map.of());
    }

    private static String send(CardTransport t, String command) {
        return HEX.formatHex(t.transmit(HEX.parseHex(command)));
    }

    @Test
    void getResponseCollectsChainedData() {
        ReplayTransport card = script("> 00A40400020102\n< 6104\n> 00C0000004\n< AABBCCDD 6102\n> 00C0000002\n< EEFF 9000");
        assertEquals("AABBCCDDEEFF9000", send(new GetResponseTransport(card), "00A40400020102"));
        card.assertFinished();
    }

    @Test
    void wrongLeIsResentOnce() {
        ReplayTransport card = script("> 00B2070000\n< 6C0B\n> 00B207000B\n< 0709413132333435363734 9000");
        assertEquals("07094131323334353637349000", send(new WrongLengthRetryTransport(card), "00B2070000"));
        ReplayTransport twice = script("> 00B2070000\n< 6C0B\n> 00B207000B\n< 6C0C");
        assertEquals("6C0C", send(new WrongLengthRetryTransport(twice), "00B2070000"));
        twice.assertFinished();
    }

    @Test
    void wrongLeThenMoreDataThroughTheStandardStack() {
        ReplayTransport card = script("> 00B2070000\n< 6C0B\n> 00B207000B\n< 610B\n> 00C000000B\n< 0709413132333435363734 9000");
        CountingTransport stack = CardTransports.standard(card);
        assertEquals("07094131323334353637349000", send(stack, "00B2070000"));
        assertEquals(1, stack.count());
        assertEquals("READ RECORD", stack.timings().get(0).command());
        stack.reset();
        assertEquals(0, stack.count());
    }

    @Test
    void loggingMasksPinsKeysAndIdNumbers() {
        Logger logger = (Logger) LoggerFactory.getLogger("apdu-test");
        logger.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ReplayTransport card = script(String.join("\n",
                "> 0020000003123456", "< 63C2",
                "> 84D400011C1122334455667788990011223344556677AABBCC01DEADBEEF", "< 9000",
                "> 84D8000608A1A2A3A4A5A6A7A8", "< 9000",
                "> 842400000CB1B2B3B4B5B6B7B8C1C2C3C4", "< 9000",
                "> 00B2080014", "< 0812 343430313036313939303031303131323334 9000",
                "> 00B2090020", "< 091E D5C5C8FD0000000000000000000000000000000000000000000000000000 9000",
                "> 84DC080016343430313036313939303031303131323334CAFEBABE", "< 9000",
                "> 00A4020002EF05", "< 9000",
                "> 00B2070000", "< 0709 413132333435363758 9000",
                "> 00B2010000", "< 0110 440106D156000005AABBCCDDEEFF0011 9000",
                "> 00B2072C0B", "< 0709 423132333435363758 9000",
                "> 00B2012812", "< 0110 440106D156000005BBCCDDEEFF001122 9000",
                "> 00B2023400", "< 091E C0EED5C5C8FD" + "00".repeat(24) + " 9000",
                "> 00B2083000", "< 0812 343430313036313939303031303131323335 9000"));
        LoggingTransport logging = new LoggingTransport(card, logger);
        send(logging, "0020000003123456");
        send(logging, "84D400011C1122334455667788990011223344556677AABBCC01DEADBEEF");
        send(logging, "84D8000608A1A2A3A4A5A6A7A8");
        send(logging, "842400000CB1B2B3B4B5B6B7B8C1C2C3C4");
        send(logging, "00B2080014");
        send(logging, "00B2090020");
        send(logging, "84DC080016343430313036313939303031303131323334CAFEBABE");
        send(logging, "00A4020002EF05");
        send(logging, "00B2070000");
        send(logging, "00B2010000");
        send(logging, "00B2072C0B");
        send(logging, "00B2012812");
        send(logging, "00B2023400");
        send(logging, "00B2083000");
        logger.detachAppender(appender);
        String log = appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        assertFalse(log.contains("123456"), log);
        assertFalse(log.contains("1122334455667788"), log);
        assertFalse(log.contains("A1A2A3"), log);
        assertFalse(log.contains("B1B2B3"), log);
        assertFalse(log.contains("440106199001011234"), log);
        assertFalse(log.contains("343430313036313939303031303131323334"), log);
        assertFalse(log.contains("D5C5C8FD"), log);
        assertFalse(log.contains("413132333435363758"), log);
        assertFalse(log.contains("AABBCCDDEEFF0011"), log);
        assertFalse(log.contains("423132333435363758"), "card number read by SFI and record number: " + log);
        assertFalse(log.contains("BBCCDDEEFF001122"), "identification code read by SFI and tag: " + log);
        assertFalse(log.contains("C0EED5C5C8FD"), "name read by SFI 6 and record number: " + log);
        assertFalse(log.contains("343430313036313939303031303131323335"), "ID number read by SFI 6 and tag: " + log);
        assertTrue(log.contains("'440***********1235'"), log);
        assertTrue(log.contains("091E <name, 30 bytes hidden>"), log);
        assertTrue(log.contains("<card number, 9 bytes hidden>"), log);
        assertTrue(log.contains("<card identification code, 16 bytes hidden>"), log);
        assertTrue(log.contains("'440***********1234'"), log);
        assertTrue(log.contains("EF05"), log);
        assertTrue(log.contains("63C2"), log);
    }

    @Test
    void loggingPassesFailuresOn() {
        LoggingTransport logging = new LoggingTransport(script("> 00A4020002EF05\n< !removed"));
        assertThrows(CardRemovedException.class, () -> send(logging, "00A4020002EF05"));
    }

    @Test
    void replayScriptsFailInAnAssertionFriendlyWay() {
        ReplayTransport card = script("# comment\natr 3B00\n> 00A4 0200 02 EF ??   # any file\n< 9000\n> 0084000008\n< !reader");
        assertEquals("3B00", HEX.formatHex(card.atr()));
        assertEquals("9000", send(card, "00A4020002EF06"));
        AssertionError mismatch = assertThrows(AssertionError.class, () -> send(card, "0084000004"));
        assertTrue(mismatch.getMessage().contains("test:5"), mismatch.getMessage());
        assertThrows(ReaderException.class, () -> send(card, "0084000008"));
        assertThrows(AssertionError.class, () -> send(card, "0084000008"));
        ReplayTransport unused = script("> 00840000\n< 9000");
        assertThrows(AssertionError.class, unused::assertFinished);
        ReplayTransport pin = script("> 0020000003111111\n< 9000");
        AssertionError hidden = assertThrows(AssertionError.class, () -> send(pin, "0020000003123456"));
        assertFalse(hidden.getMessage().contains("123456"), hidden.getMessage());
    }

    @Test
    void malformedScriptsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> script("> 0084\n"));
        assertThrows(IllegalArgumentException.class, () -> script("< 9000"));
        assertThrows(IllegalArgumentException.class, () -> script("> 00840000\n< 90"));
        assertThrows(IllegalArgumentException.class, () -> script("> 0084000G\n< 9000"));
        assertThrows(IllegalArgumentException.class, () -> script("> 008400?0\n< 9000"));
        assertThrows(IllegalArgumentException.class, () -> script("> ${X}\n< 9000"));
        assertThrows(IllegalArgumentException.class, () -> script("hello"));
        assertThrows(IllegalArgumentException.class, () -> script("> 00840000\n< !boom"));
    }
}
