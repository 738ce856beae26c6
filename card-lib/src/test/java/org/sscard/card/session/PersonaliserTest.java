package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.InvalidPinFormatException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

class PersonaliserTest {

    static CardData testCardData() {
        IssuerData issuer = new IssuerData(TestCard.ID, "1", "3.00", "440100000000", LocalDate.of(2024, 1, 1),
                LocalDate.of(2034, 1, 1), CardNumber.of("A12345674"));
        HolderData holder = new HolderData("440106199001011234", "张三", "1", "01", "440106", LocalDate.of(1990, 1, 1));
        MedicalData medical = new MedicalData("310", "11", "440106", Money.ofFen(12345), Money.ZERO, LocalDate.of(2025, 1, 1), 3);
        return new CardData(issuer, holder, medical);
    }

    /** Lc ‖ data ‖ MAC(K_T, challenge, CLA INS P1 P2 Lc ‖ data) as hex. */
    private static String macced(TestCard card, String header4, byte[] data) {
        byte[] kt = card.cardKey(KeyType.TRANSPORT);
        String lc = String.format("%02X", data.length + 4);
        byte[] input = TestCard.HEX.parseHex(header4 + lc + TestCard.hex(data));
        return lc + TestCard.hex(data) + TestCard.hex(Macs.cardMac(card.alg, kt, TestCard.HEX.parseHex(TestCard.CHALLENGE), input));
    }

    private static String macOnly(TestCard card, String header4, byte[] data) {
        String full = macced(card, header4, data);
        return full.substring(full.length() - 8);
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void personalisesABlankCardWithWrappedKeysDataAndPin(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        byte[] kt = card.cardKey(KeyType.TRANSPORT);
        Map<String, String> v = new HashMap<>();
        int version = alg == BlockAlgorithm.SM4 ? 3 : 1;
        for (int kid = 1; kid <= 8; kid++) {
            byte[] key = card.cardKey(KeyType.fromCardKeyId(kid));
            byte[] body = TestCard.HEX.parseHex(TestCard.hex(alg.encryptEcb(kt, key)) + TestCard.hex(alg.kcv(key))
                    + String.format("%02X", version));
            v.put("PUT_0" + kid, macced(card, String.format("84D4000%d", kid), body));
        }
        v.put("SET_PIN", macced(card, "84D80006", CardCryptograms.encryptPinBlock(alg, kt, "123456".toCharArray())));
        CardData data = testCardData();
        CardRecords.encodeIssuer(data.issuer()).forEach((tag, value) ->
                v.put(String.format("W%02X", tag), macOnly(card, String.format("84DC%02X00", tag), value)));
        CardRecords.encodeHolder(data.holder()).forEach((tag, value) ->
                v.put(String.format("W%02X", tag), macOnly(card, String.format("84DC%02X00", tag), value)));
        CardRecords.encodeMedical(data.medical()).forEach((tag, value) ->
                v.put(String.format("W%02X", tag), macOnly(card, String.format("84DC%02X00", tag), value)));
        v.put("CLOSE", macOnly(card, "84E60000", new byte[0]));
        ReplayTransport replay = card.replay(v, "personalise.replay");

        char[] pin = "123456".toCharArray();
        new Personaliser(replay, TestKeys.module()).personalise(data, pin, 6);

        replay.assertFinished();
        assertArrayEquals(new char[6], pin);
    }

    @Test
    void aBadPinOrRetryLimitStopsBeforeAnyCommand() {
        ReplayTransport replay = ReplayTransport.fromText("empty", "", Map.of());
        Personaliser personaliser = new Personaliser(replay, TestKeys.module());
        assertThrows(InvalidPinFormatException.class, () -> personaliser.personalise(testCardData(), "12".toCharArray(), 6));
        assertThrows(IllegalArgumentException.class, () -> personaliser.personalise(testCardData(), "123456".toCharArray(), 16));
        assertEquals(0, replay.position());
    }

    @Test
    void aModuleWithoutTheTransportKeySaysSo() {
        TestCard card = new TestCard(BlockAlgorithm.TDES);
        ReplayTransport replay = ReplayTransport.fromText("select", "> 00A404000F7378312E73682EC9E7BBE1B1A3D5CF00\n< "
                + card.vars.get("FCI_SSSE") + "9000", Map.of());
        SecurityModuleException e = assertThrows(SecurityModuleException.class,
                () -> new Personaliser(replay, SoftwareSecurityModule.inMemory()).personalise(testCardData(), "123456".toCharArray(), 6));
        assertEquals(true, e.getMessage().contains("transport key"));
    }

    @Test
    void namesSplitAtACharacterBoundary() {
        byte[][] parts = CardRecords.splitName("欧阳一二三四五六七八九十甲乙丙丁戊己庚辛");
        assertEquals(30, parts[0].length);
        assertEquals(10, parts[1].length);
        byte[][] odd = CardRecords.splitName("A欧阳一二三四五六七八九十甲乙丙丁");
        assertEquals(29, odd[0].length);
        assertEquals(4, odd[1].length);
        assertThrows(IllegalArgumentException.class, () -> CardRecords.splitName("欧".repeat(26)));
    }
}
