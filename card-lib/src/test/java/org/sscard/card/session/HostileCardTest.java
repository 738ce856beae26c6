package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.WrongCardException;
import org.sscard.card.transport.GetResponseTransport;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.TestKeys;

/** Cards that answer wrongly: every case ends in a clear exception, never a crash or a hang. */
class HostileCardTest {
    private static final String SELECT = "> 00A404000F7378312E73682EC9E7BBE1B1A3D5CF00\n";
    private final TestCard card = new TestCard(BlockAlgorithm.TDES);

    private CardSession session(String script) {
        return new CardSession(ReplayTransport.fromText("hostile", script, card.vars), TestKeys.module(), new Random(1));
    }

    @ParameterizedTest(name = "FCI {0}")
    @CsvSource({
            "6F19840F7378, truncated",
            "6F05A5039F0C00, no algorithm",
            "6F08A5069F0C03860102, unknown algorithm 02",
            "6F08A5069F0C0386020101, algorithm id of 2 bytes",
            "6F8505A503, length form 85",
            "6F82FFFF00, over-long length",
            "A5069F0C03860101, not an FCI",
            "6F0A84030102039F0C00, other AID",
            "6F069F, truncated tag"})
    void malformedFciIsAFormatError(String fci, String why) {
        CardSession s = session(SELECT + "< " + fci + " 9000");
        CardFormatException e = assertThrows(CardFormatException.class, s::selectSocialSecurityApplication, why);
        assertTrue(e.getMessage().contains("SELECT") || e.getMessage().contains("algorithm"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"6A82", "6D00", "6E00"})
    void aCardWithoutTheApplicationIsTheWrongCard(String sw) {
        assertThrows(WrongCardException.class, session(SELECT + "< " + sw)::selectSocialSecurityApplication);
    }

    @Test
    void aBlockedCardOnSelect() {
        assertThrows(CardBlockedException.class, session(SELECT + "< ${FCI_SSSE} 6283")::selectSocialSecurityApplication);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "0210 440106D1560000050102030405060708, wrong tag",
            "0111 440106D156000005010203040506070809, wrong length",
            "0182FFFF44, over-long length",
            "01, truncated",
            "0110 440106D1560000050102030405, truncated value",
            "0110 4401AAD1560000050102030405060708, region not BCD",
            "0110 440106D1560000060102030405060708, wrong RID",
            "0110 440106D1560000050102030405060708 00, trailing byte"})
    void malformedIdentificationCodeRecord(String record, String why) {
        assertThrows(CardFormatException.class, session(issuerWith(1, record))::readIssuerData, why);
    }

    private static String issuerWith(int tag, String record) {
        StringBuilder s = new StringBuilder(SELECT + "< ${FCI_SSSE} 9000\n");
        String[][] good = {{"01", "12", "0110440106D1560000050102030405060708"}, {"02", "03", "020131"},
                {"03", "06", "0304332E3030"}, {"04", "0E", "040C343430313030303030303030"}, {"05", "06", "050420240101"},
                {"06", "06", "060420340101"}, {"07", "0B", "0709413132333435363734"}};
        for (String[] g : good) {
            s.append("> 00B2").append(g[0]).append("28").append(g[1]).append('\n');
            s.append("< ").append(Integer.parseInt(g[0], 16) == tag ? record : g[2]).append(" 9000\n");
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({
            "5, 050420241301, month 13",
            "5, 0504202A0101, invalid BCD nibble",
            "5, 05042024F101, digit after padding",
            "6, 060420231231, expiry before issue",
            "7, 0709413132333435363735, wrong check character",
            "7, 0709613132333435363734, lower-case letter",
            "4, 040C3434303130300A303030, control character",
            "2, 020100, empty card type"})
    void malformedIssuerRecords(int tag, String record, String why) {
        CardSession s = session(issuerWith(tag, record));
        assertThrows(CardFormatException.class, s::readIssuerData, why);
    }

    @Test
    void aWrongCheckCharacterIsNamed() {
        CardSession s = session(issuerWith(7, "0709413132333435363735"));
        CardFormatException e = assertThrows(CardFormatException.class, s::readIssuerData);
        assertTrue(e.getMessage().contains("check character"), e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "091E FFFF0000000000000000000000000000000000000000000000000000000000, bad GBK",
            "091E D5C500C8FD0000000000000000000000000000000000000000000000000000, 00 inside the name",
            "091E 0000000000000000000000000000000000000000000000000000000000000000, empty name"})
    void malformedNames(String record, String why) {
        ReplayTransport replay = card.replay("issuer.replay", "auth.replay");
        CardSession s = card.session(replay);
        s.readIssuerData();
        s.authenticate();
        String script = "> 00B2083014\n< 0812343430313036313939303031303131323334 9000\n"
                + "> 00B2093020\n< " + record + " 9000\n> 00B20A3003\n< 0A0131 9000\n> 00B20B3003\n< 0B0101 9000\n"
                + "> 00B20C3005\n< 0C03440106 9000\n> 00B20D3006\n< 0D0419900101 9000\n";
        CardSession holder = new CardSession(new SelectedSsse(ReplayTransport.fromText("ef06", script, Map.of())),
                TestKeys.module(), new Random(1));
        assertThrows(CardFormatException.class, holder::readHolderData, why);
    }

    @Test
    void aCardPulledMidReadIsReportedAsRemoved() {
        CardSession s = session(SELECT + "< ${FCI_SSSE} 9000\n> 00B2012812\n< !removed");
        CardRemovedException e = assertThrows(CardRemovedException.class, s::readIssuerData);
        assertTrue(e.getMessage().contains("removed"));
    }

    @Test
    void aCardThatNeverStopsAnnouncingDataDoesNotHang() {
        GetResponseTransport endless = new GetResponseTransport(new org.sscard.card.transport.CardTransport() {
            @Override
            public byte[] transmit(byte[] command) {
                return new byte[] {0x01, 0x61, 0x01};
            }

            @Override
            public void close() {
            }
        });
        CardSession s = new CardSession(endless, TestKeys.module());
        assertThrows(CardFormatException.class, s::selectSocialSecurityApplication);
    }

    @Test
    void aOneByteAnswerIsAFormatError() {
        CardSession s = new CardSession(new org.sscard.card.transport.CardTransport() {
            @Override
            public byte[] transmit(byte[] command) {
                return new byte[] {(byte) 0x90};
            }

            @Override
            public void close() {
            }
        }, TestKeys.module());
        assertThrows(CardFormatException.class, s::selectSocialSecurityApplication);
    }

    /** A transport that answers the session's SELECT SSSE itself, so a script can start at EF06. */
    private final class SelectedSsse implements org.sscard.card.transport.CardTransport {
        private final ReplayTransport rest;

        SelectedSsse(ReplayTransport rest) {
            this.rest = rest;
        }

        @Override
        public byte[] transmit(byte[] command) {
            if ((command[1] & 0xFF) == 0xA4 && command[2] == 0x04) {
                return TestCard.HEX.parseHex(card.vars.get("FCI_SSSE") + "9000");
            }
            return rest.transmit(command);
        }

        @Override
        public void close() {
        }
    }
}
