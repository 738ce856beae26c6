package org.sscard.card.tlv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscard.card.CardFormatException;

class TlvTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void encodesAllLengthForms() {
        assertEquals("070141", HEX.formatHex(Tlv.of(0x07, new byte[] {0x41}).encode()));
        assertEquals("9F0C03860101", HEX.formatHex(Tlv.of(0x9F0C, HEX.parseHex("860101")).encode()));
        assertEquals("5381800000", HEX.formatHex(Tlv.of(0x53, new byte[128]).encode()).substring(0, 10));
        assertEquals("5382010000", HEX.formatHex(Tlv.of(0x53, new byte[256]).encode()).substring(0, 10));
        for (int n : new int[] {0, 1, 127, 128, 255, 256, 1000}) {
            Tlv t = Tlv.of(0x9F0C, new byte[n]);
            assertEquals(t, Tlv.parse(t.encode()));
        }
    }

    @Test
    void findsNestedTags() {
        Tlv fci = Tlv.of(0x6F, List.of(Tlv.of(0x84, HEX.parseHex("D15600000503")),
                Tlv.of(0xA5, List.of(Tlv.of(0x9F0C, HEX.parseHex("860103"))))));
        Tlv parsed = Tlv.parse(fci.encode());
        assertTrue(parsed.isConstructed());
        assertEquals("860103", HEX.formatHex(parsed.find(0x9F0C).orElseThrow().value()));
        assertEquals(0x86, parsed.find(0x9F0C).orElseThrow().children().get(0).tag());
        assertTrue(parsed.find(0x99).isEmpty());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"9F, truncated tag", "9F8F8F0100, tag longer than 3 bytes", "07, no length", "0781, truncated 81 length",
            "078200, truncated 82 length", "0705414243, value shorter than length", "0780, indefinite length",
            "078300000141, length form 83", "0782FFFF41, over-long length", "07014142, trailing byte (parse)"})
    void hostileInputIsAClearFormatError(String hex, String why) {
        CardFormatException e = assertThrows(CardFormatException.class, () -> Tlv.parse(HEX.parseHex(hex)), why);
        assertTrue(e.getMessage().contains("TLV"), e.getMessage());
    }

    @Test
    void malformedTagsAreRefusedWhenBuilding() {
        assertThrows(IllegalArgumentException.class, () -> Tlv.of(0x9F, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Tlv.of(0x0C01, new byte[0]));
    }

    @Test
    void cn() {
        assertEquals("440106", Codecs.decodeCn(HEX.parseHex("440106"), "x"));
        assertEquals("12345", Codecs.decodeCn(HEX.parseHex("12345F"), "x"));
        assertArrayEquals(HEX.parseHex("12345F"), Codecs.encodeCn("12345", 3, "x"));
        assertArrayEquals(HEX.parseHex("01FF"), Codecs.encodeCn("01", 2, "x"));
        CardFormatException e = assertThrows(CardFormatException.class, () -> Codecs.decodeCn(HEX.parseHex("12A4"), "birthplace"));
        assertTrue(e.getMessage().contains("birthplace") && e.getMessage().contains("A"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeCn(HEX.parseHex("1F34"), "x"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeCn("1234567", 3, "x"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeCn("12a", 3, "x"));
    }

    @Test
    void anAndGbk() {
        assertEquals("3.00", Codecs.decodeAn(HEX.parseHex("332E3030"), "x"));
        assertEquals("1", Codecs.decodeAn(HEX.parseHex("310000"), "x"));
        assertArrayEquals(HEX.parseHex("3100"), Codecs.encodeAn("1", 2, "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeAn(HEX.parseHex("31003200"), "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeAn(HEX.parseHex("C8FD"), "x"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeAn("123", 2, "x"));
        assertEquals("张三", Codecs.decodeGbk(HEX.parseHex("D5C5C8FD0000"), "name"));
        assertArrayEquals(HEX.parseHex("D5C5C8FD"), Codecs.encodeGbk("张三", "name"));
        CardFormatException e = assertThrows(CardFormatException.class, () -> Codecs.decodeGbk(HEX.parseHex("D5C5C8"), "name"));
        assertTrue(e.getMessage().contains("GBK"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeGbk(HEX.parseHex("FFFF"), "name"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeGbk("\uD83D\uDE00", "name"));
    }

    @Test
    void amountsAndDates() {
        assertEquals(0xFFFFFFFFL, Codecs.decodeAmount(HEX.parseHex("FFFFFFFF"), "x"));
        assertEquals(12345, Codecs.decodeAmount(HEX.parseHex("00003039"), "x"));
        assertArrayEquals(HEX.parseHex("00003039"), Codecs.encodeAmount(12345, "x"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeAmount(0x100000000L, "x"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.encodeAmount(-1, "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeAmount(HEX.parseHex("003039"), "x"));
        assertEquals(LocalDate.of(2024, 2, 29), Codecs.decodeDate(HEX.parseHex("20240229"), "x"));
        assertArrayEquals(HEX.parseHex("20240229"), Codecs.encodeDate(LocalDate.of(2024, 2, 29), "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeDate(HEX.parseHex("20230229"), "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeDate(HEX.parseHex("2023FFFF"), "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeDate(HEX.parseHex("202301"), "x"));
        LocalDateTime t = LocalDateTime.of(2025, 3, 14, 10, 30, 5);
        assertEquals(t, Codecs.decodeDateTime(Codecs.encodeDateTime(t, "x"), "x"));
        assertThrows(CardFormatException.class, () -> Codecs.decodeDateTime(HEX.parseHex("20250314106100"), "x"));
    }
}
