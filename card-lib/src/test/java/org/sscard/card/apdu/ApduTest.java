package org.sscard.card.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscard.card.CardFormatException;

class ApduTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void theFourCases() {
        assertEquals("00840000", HEX.formatHex(CommandApdu.of(0, 0x84, 0, 0).toBytes()));
        assertEquals("0084000008", HEX.formatHex(CommandApdu.of(0, 0x84, 0, 0, 8).toBytes()));
        assertEquals("00B2010000", HEX.formatHex(CommandApdu.of(0, 0xB2, 1, 0, 256).toBytes()));
        assertEquals("00A4020002EF05", HEX.formatHex(CommandApdu.of(0, 0xA4, 2, 0, new byte[] {(byte) 0xEF, 5}).toBytes()));
        CommandApdu case4 = CommandApdu.of(0, 0x88, 0, 2, new byte[8], 256);
        assertEquals(4, case4.isoCase());
        assertEquals("0088000208000000000000000000", HEX.formatHex(case4.toBytes()));
    }

    @ParameterizedTest
    @CsvSource({"00840000, 1", "0084000008, 2", "00A4020002EF05, 3", "00A404000FD1560000050300000000000000000000, 4"})
    void parseRoundTrips(String hex, int isoCase) {
        CommandApdu c = CommandApdu.parse(HEX.parseHex(hex));
        assertEquals(isoCase, c.isoCase());
        assertEquals(hex, HEX.formatHex(c.toBytes()));
        assertEquals(c, CommandApdu.parse(c.toBytes()));
    }

    @ParameterizedTest
    @CsvSource({"008400", "00A4020002EF", "00A4020002EF050000", "00A4040000000001"})
    void inconsistentCommandsAreRefused(String hex) {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.parse(HEX.parseHex(hex)));
    }

    @Test
    void limits() {
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xB2, 1, 0, 257));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0, 0xD6, 0, 0, new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> CommandApdu.of(0x100, 0xB2, 1, 0));
    }

    @ParameterizedTest
    @CsvSource({"0020000003123456, VERIFY PIN", "805E010007123456FF654321, CHANGE PIN", "805E000006246811223344, RELOAD PIN",
            "842400000C1122334455667788AABBCCDD, UNBLOCK PIN", "84D400010C11223344556677880102030411, PUT KEY",
            "84D8000606AABBCCDDEEFF, SET PIN", "00FF000003123456, APDU"})
    void sensitiveDataIsNeverShown(String hex, String name) {
        CommandApdu c = CommandApdu.parse(HEX.parseHex(hex));
        String text = c.toString();
        assertTrue(text.startsWith(name), text);
        assertTrue(text.contains("bytes hidden"), text);
        assertFalse(text.contains(hex.substring(10)), text);
    }

    @Test
    void ordinaryDataIsShown() {
        assertEquals("SELECT 00A40200 Lc=2 EF05", CommandApdu.parse(HEX.parseHex("00A4020002EF05")).toString());
        assertEquals("READ RECORD 00B20700 Le=0B", CommandApdu.parse(HEX.parseHex("00B207000B")).toString());
    }

    @Test
    void wipeClearsTheData() {
        CommandApdu c = CommandApdu.of(0, 0x20, 0, 0, new byte[] {0x12, 0x34});
        c.wipe();
        assertArrayEquals(new byte[2], c.data());
    }

    @Test
    void responses() {
        ResponseApdu r = ResponseApdu.of(HEX.parseHex("01029000"));
        assertTrue(r.isOk());
        assertEquals(0x9000, r.sw());
        assertArrayEquals(new byte[] {1, 2}, r.data());
        assertEquals("01029000", HEX.formatHex(r.toBytes()));
        assertFalse(ResponseApdu.of(HEX.parseHex("6A82")).isOk());
        assertThrows(CardFormatException.class, () -> ResponseApdu.of(new byte[] {(byte) 0x90}));
        assertThrows(CardFormatException.class, () -> ResponseApdu.of(new byte[0]));
    }

    @Test
    void statusWords() {
        assertTrue(new StatusWord(0x63C3).isWrongPin());
        assertEquals(3, new StatusWord(0x63C3).triesLeft());
        assertTrue(new StatusWord(0x6110).isMoreDataAvailable());
        assertTrue(new StatusWord(0x6C12).isWrongLe());
        assertEquals("wrong PIN, 3 tries left", new StatusWord(0x63C3).description());
        for (StatusWord sw : new StatusWord[] {StatusWord.OK, StatusWord.APPLICATION_BLOCKED, StatusWord.WRONG_LENGTH,
                StatusWord.SECURITY_STATUS_NOT_SATISFIED, StatusWord.PIN_BLOCKED, StatusWord.DATA_INVALID,
                StatusWord.CONDITIONS_NOT_SATISFIED, StatusWord.FILE_NOT_FOUND, StatusWord.RECORD_NOT_FOUND,
                StatusWord.INS_NOT_SUPPORTED, StatusWord.CLA_NOT_SUPPORTED, StatusWord.INSUFFICIENT_BALANCE}) {
            assertFalse(sw.description().equals("unknown status"), sw.hex());
        }
        assertThrows(IllegalStateException.class, () -> StatusWord.OK.triesLeft());
    }
}
