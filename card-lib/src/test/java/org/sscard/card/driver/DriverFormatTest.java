package org.sscard.card.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardNotGenuineException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.NoCardException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.ReaderException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.WrongCardException;
import org.sscard.card.WrongPinException;
import org.sscard.card.session.CardData;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.IssuerData;
import org.sscard.card.session.MedicalData;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

class DriverFormatTest {

    @Test
    void iReadCardBasHasElevenFieldsInTheDriverOrder() {
        CardData card = new CardData(
                new IssuerData(CardIdentificationCode.ofHex("440106D1560000050102030405060708"), "1", "3.00", "440100000000",
                        LocalDate.of(2024, 1, 1), LocalDate.of(2034, 1, 1), CardNumber.of("A12345674")),
                new HolderData("440106199001011234", "张三", "1", "01", "440106", LocalDate.of(1990, 1, 1)),
                new MedicalData("310", "11", "440106", Money.ZERO, Money.ZERO, LocalDate.of(2025, 1, 1), 0));
        assertEquals("440106|440106199001011234|A12345674|440106D1560000050102030405060708|张三|0081318065B087010000839000|"
                        + "3.00|20240101|20340101|T001|D001|",
                DriverFormat.iReadCardBas(card, HexFormat.of().parseHex("3B6D00000081318065B087010000839000"), "T001", "D001"),
                "卡复位信息 is the historical bytes only");
        assertEquals("440106|440106199001011234|A12345674|440106D1560000050102030405060708|张三|4A434F50333156323332|"
                        + "3.00|20240101|20340101|T001|D001|",
                DriverFormat.iReadCardBas(card, HexFormat.of().parseHex("3BFA1800008131FE454A434F5033315632333298"), "T001", "D001"),
                "a T=1 ATR: interface bytes and TCK left out");
        byte[] atr = HexFormat.of().parseHex("3B00");
        assertThrows(IllegalArgumentException.class, () -> DriverFormat.iReadCardBas(card, atr, "T|1", "D"));
        assertThrows(CardFormatException.class, () -> DriverFormat.iReadCardBas(card, HexFormat.of().parseHex("3B6D00"), "T", "D"));
    }

    @Test
    void exceptionsMapToDriverCodes() {
        assertEquals(0, DriverCode.of(null).code());
        assertEquals(-1, DriverCode.of(new WrongCardException("x")).code());
        assertEquals(-2, DriverCode.of(new NoCardException("x")).code());
        assertEquals(-2, DriverCode.of(new CardRemovedException()).code());
        assertEquals(-11, DriverCode.of(new ReaderException("x")).code());
        assertEquals(-12, DriverCode.of(new CardFormatException("x")).code());
        assertEquals(-21, DriverCode.of(new CardNotGenuineException("x")).code());
        assertEquals(-23, DriverCode.of(new CardBlockedException()).code());
        assertEquals(-51, DriverCode.of(new WrongPinException(2)).code());
        assertEquals(-52, DriverCode.of(new PinBlockedException()).code());
        assertEquals(-2201, DriverCode.of(new SecurityModuleException("x")).code());
        assertEquals(-99, DriverCode.of(new IllegalStateException()).code());
    }
}
