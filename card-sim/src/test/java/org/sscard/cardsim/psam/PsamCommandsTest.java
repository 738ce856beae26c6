package org.sscard.cardsim.psam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscard.card.psam.PsamException;
import org.sscard.card.psam.PsamKeyLoader;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;
import org.sscard.crypto.TestKeys;

/** The PSAM's APDUs as docs/card-sim.md writes them, byte for byte, with their status words. */
class PsamCommandsTest {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** EXTERNAL_AUTH, national, region 000000, SM4 version 3. */
    static final String NATIONAL_EXT_SM4 = "010100000003";
    static final CardIdentificationCode CARD = CardIdentificationCode.ofHex("440106D1560000050102030405060708");

    SimulatedPsam psam;

    @BeforeEach
    void demoPsam() {
        psam = DemoPsam.create();
        assertEquals("6F0B8409D1560000055053414D9000", send("00A4040009D1560000055053414D00"));
    }

    private String send(String hex) {
        return HEX.formatHex(psam.transmit(HEX.parseHex(hex.replace(" ", ""))));
    }

    private static String lc(String data) {
        return String.format("%02X", data.replace(" ", "").length() / 2) + data.replace(" ", "");
    }

    @Test
    void externalAuthCryptogramIsTheSoftwareModulesAnswer() {
        String challenge = "1122334455667788";
        byte[] expected = TestKeys.module().externalAuthCryptogram(TestKeys.nationalRef(KeyType.EXTERNAL_AUTH,
                BlockAlgorithm.SM4), CARD, HEX.parseHex(challenge));
        assertEquals(HEX.formatHex(expected) + "9000", send("80320000" + lc(NATIONAL_EXT_SM4 + CARD.hex() + challenge) + "00"));
    }

    @Test
    void listKeysAnswersTheCountAndFifteenByteEntriesFromP2() {
        String first = send("80CA000000");
        assertEquals(20, Integer.parseInt(first.substring(0, 2), 16));
        assertEquals(2 + 16 * 30 + 4, first.length(), "16 entries in the first answer");
        String rest = send("80CA001000");
        assertEquals("14", rest.substring(0, 2));
        assertEquals(2 + 4 * 30 + 4, rest.length(), "the remaining 4 entries from entry 16");
        assertEquals("149000", send("80CA001400"));
        String entry = first.substring(2, 32);
        assertEquals("000100000001" + "01" + "01", entry.substring(0, 16), "MASTER national 3DES v1, test key");
        assertEquals(HEX.formatHex(BlockAlgorithm.TDES.kcv(TestKeys.national(KeyType.MASTER, BlockAlgorithm.TDES))),
                entry.substring(24));
        assertEquals("6A86", send("80CA010000"));
    }

    @Test
    void refusalsCarryTheDocumentedStatusWords() {
        String request = NATIONAL_EXT_SM4 + CARD.hex();
        assertEquals("6700", send("80300000" + lc(request + "00") + "00"), "one byte too many");
        assertEquals("6700", send("80300000" + lc(request.substring(0, 40)) + "00"), "shorter than key ref and card");
        assertEquals("6700", send("80320000" + lc(request + "11223344556677") + "00"), "7-byte challenge");
        assertEquals("6A88", send("80300000" + lc("010100000009" + CARD.hex()) + "00"), "version 9 not held");
        assertEquals("6A80", send("80300000" + lc(NATIONAL_EXT_SM4 + "4A0106D1560000050102030405060708") + "00"),
                "region not BCD");
        assertEquals("6A80", send("80300000" + lc(NATIONAL_EXT_SM4 + "440106D1560000060102030405060708") + "00"),
                "wrong RID");
        assertEquals("6A86", send("80300100" + lc(request) + "00"));
        assertEquals("6A86", send("80360200" + lc(request) + "00"), "CARD MAC P1 is 00 or 01");
        assertEquals("6E00", send("00300000" + lc(request) + "00"));
        assertEquals("6D00", send("80500000" + lc(request) + "00"));
        assertEquals("6700", send("80360100" + lc(request + "1122") + "00"), "P1 01 without a whole challenge");
        String pinUnblock = "060100000003" + CARD.hex();
        assertEquals("6A80", send("80380000" + lc(pinUnblock + "03123F") + "00"), "3 digits");
        assertEquals("6A80", send("80380000" + lc(pinUnblock + "041A34") + "00"), "not BCD");
        assertEquals("6A80", send("80380000" + lc(pinUnblock + "05123450") + "00"), "odd length not F-padded");
        assertEquals("6700", send("80380000" + lc(pinUnblock + "06123456FF") + "00"), "BCD longer than the length says");
        assertEquals("6700", send("803A0000" + lc(request + "00".repeat(30)) + "00"), "debit data is 31 bytes");
        assertEquals("6700", send("803C0000" + lc(request + "00".repeat(34))), "MAC2 verification takes 31 + 4");
    }

    @Test
    void aKeyOutsideItsRegionIsRefusedWith6985() {
        byte[] province = TestKeys.module().derive(TestKeys.nationalRef(KeyType.UPDATE, BlockAlgorithm.SM4),
                org.sscard.crypto.KeyLevel.PROVINCE, "440000", null).testKeyBytes();
        try (PsamKeyLoader loader = DemoPsam.loader(new InProcessTransport(psam))) {
            loader.load(KeyRef.province(KeyType.UPDATE, "440000", 3), BlockAlgorithm.SM4, province, true, Instant.EPOCH);
        }
        String beijing = "110105D1560000050102030405060708";
        assertEquals("6985", send("80300000" + lc("030244000003" + beijing) + "00"));
        assertTrue(send("80300000" + lc("030244000003" + CARD.hex()) + "00").endsWith("9000"));
    }

    @Test
    void loadKeyNeedsAFreshChallengeAValidMacAndKcvAndRefusesAHeldReference() {
        byte[] transport = DemoPsam.transportKey();
        byte[] key = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
        String body = "07" + "03" + "440100" + "05" + "03" + "00" + "00000000"
                + HEX.formatHex(BlockAlgorithm.SM4.encryptEcb(transport, key)) + HEX.formatHex(BlockAlgorithm.SM4.kcv(key));
        String header = "84F0000023";
        assertEquals("6985", send(header + body + "00000000"), "no challenge");
        challenge();
        assertEquals("6984", send(header + body + mac(transport, header + body, new byte[8])), "MAC over another challenge");
        String badKcv = body.substring(0, body.length() - 6) + "000000";
        assertEquals("6984", send(header + badKcv + mac(transport, header + badKcv, challenge())), "wrong KCV");
        String badLevel = "07" + "02" + "440100" + body.substring(10);
        assertEquals("6A80", send(header + badLevel + mac(transport, header + badLevel, challenge())),
                "a province key's region ends in 0000");
        String badAlgorithm = body.substring(0, 12) + "02" + body.substring(14);
        assertEquals("6A80", send(header + badAlgorithm + mac(transport, header + badAlgorithm, challenge())));
        assertEquals("6700", send("84F0000022" + body.substring(2) + "00000000"));
        byte[] ch = challenge();
        assertEquals("9000", send(header + body + mac(transport, header + body, ch)));
        assertEquals("6A89", send(header + body + mac(transport, header + body, challenge())), "held reference");
        assertEquals("6985", send(header + body + mac(transport, header + body, ch)), "a challenge serves once");
        String list = send("80CA001400");
        assertEquals("15" + "070344010005" + "03" + "00" + "00000000" + HEX.formatHex(BlockAlgorithm.SM4.kcv(key)) + "9000", list);
    }

    @Test
    void theLoaderSaysWhyTheLoadFailed() {
        KeyRef held = TestKeys.nationalRef(KeyType.DEBIT, BlockAlgorithm.SM4);
        try (PsamKeyLoader loader = DemoPsam.loader(new InProcessTransport(psam))) {
            PsamException again = assertThrows(PsamException.class, () -> loader.load(held, BlockAlgorithm.SM4,
                    TestKeys.national(KeyType.DEBIT, BlockAlgorithm.SM4), true, Instant.now()));
            assertTrue(again.getMessage().contains("already holds DEBIT/national/000000/v3"), again.getMessage());
        }
        try (PsamKeyLoader wrongKey = new PsamKeyLoader(new InProcessTransport(psam), BlockAlgorithm.SM4, new byte[16])) {
            PsamException refused = assertThrows(PsamException.class, () -> wrongKey.load(KeyRef.national(KeyType.DEBIT, 4),
                    BlockAlgorithm.SM4, new byte[16], false, Instant.now()));
            assertTrue(refused.getMessage().contains("Check the PSAM transport key"), refused.getMessage());
        }
    }

    @Test
    void thePsamHasRoomForNinetySixKeys() {
        try (PsamKeyLoader loader = DemoPsam.loader(new InProcessTransport(psam))) {
            for (int version = 10; version < 10 + 76; version++) {
                loader.load(KeyRef.national(KeyType.MASTER, version), BlockAlgorithm.TDES, new byte[16], false, Instant.now());
            }
            PsamException full = assertThrows(PsamException.class, () -> loader.load(KeyRef.national(KeyType.MASTER, 200),
                    BlockAlgorithm.TDES, new byte[16], false, Instant.now()));
            assertTrue(full.getMessage().contains("no room"), full.getMessage());
        }
    }

    private byte[] challenge() {
        byte[] answer = psam.transmit(HEX.parseHex("0084000008"));
        assertEquals(10, answer.length);
        return Arrays.copyOf(answer, 8);
    }

    private static String mac(byte[] key, String hex, byte[] challenge) {
        return HEX.formatHex(Macs.cardMac(BlockAlgorithm.SM4, key, challenge, HEX.parseHex(hex)));
    }
}
