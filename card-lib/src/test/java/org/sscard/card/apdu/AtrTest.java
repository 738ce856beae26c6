package org.sscard.card.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscard.card.CardFormatException;

class AtrTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static Atr parse(String hex) {
        return Atr.parse(HEX.parseHex(hex));
    }

    private static String historical(String hex) {
        return HEX.formatHex(parse(hex).historicalBytes());
    }

    @Test
    void tEqualsOneWithATdChainAndTck() {
        // JCOP 31 (jCardSim's default): TA1 TB1 TC1 TD1(T=1) TD2(T=1) TA3 TB3, "JCOP31V232", TCK 98
        Atr jcop = parse("3BFA1800008131FE454A434F5033315632333298");
        assertEquals("4A434F50333156323332", HEX.formatHex(jcop.historicalBytes()));
        assertEquals(List.of(1, 1), jcop.protocols());
        // Estonian ID card: TD1 offers T=0, TD2 T=1, "EstEID ver 1.0", TCK A8
        Atr estEid = parse("3BFE1800008031FE454573744549442076657220312E30A8");
        assertEquals("EstEID ver 1.0", new String(estEid.historicalBytes(), StandardCharsets.US_ASCII));
        assertEquals(List.of(0, 1), estEid.protocols());
    }

    @Test
    void tEqualsZeroWithoutTdHasNoTck() {
        // GemXpresso: TA1 TB1 TC1, 13 historical bytes, no TD, so T=0 and no TCK
        assertEquals("80318065B0831117D683009000", historical("3B7D96000080318065B0831117D683009000"));
        assertEquals(List.of(0), parse("3B7D96000080318065B0831117D683009000").protocols());
        // a social security card style ATR: TB1 TC1, 13 historical bytes
        assertEquals("0081318065B087010000839000", historical("3B6D00000081318065B087010000839000"));
    }

    @Test
    void tdChainsWithoutInterfaceBytesAndEmptyHistoricalBytes() {
        // PC/SC contactless storage card: TD1 (T=0) TD2 (T=1), 15 historical bytes, TCK 6A
        assertEquals("804F0CA00000030603000100000000", historical("3B8F8001804F0CA000000306030001000000006A"));
        assertEquals(0, parse("3B80800101").historicalBytes().length);
        assertEquals(List.of(0, 1), parse("3B80800101").protocols());
        assertEquals(0, parse("3B00").historicalBytes().length);
    }

    @Test
    void malformedAnswersToResetAreRefused() {
        assertThrows(CardFormatException.class, () -> parse("3BFA1800008131FE454A434F5033315632333299"), "wrong TCK");
        assertThrows(CardFormatException.class, () -> parse("3BFA1800008131FE454A434F50333156323332"), "no TCK");
        assertThrows(CardFormatException.class, () -> parse("3B6D00000081318065B08701000083900090"), "a byte too many");
        assertThrows(CardFormatException.class, () -> parse("3B6D00"), "historical bytes missing");
        assertThrows(CardFormatException.class, () -> parse("3BF0"), "ends in the interface bytes");
        assertThrows(CardFormatException.class, () -> parse("3B"), "no T0");
        CardFormatException notTs = assertThrows(CardFormatException.class, () -> parse("3A00"));
        assertTrue(notTs.getMessage().contains("TS is 3A"), notTs.getMessage());
    }
}
