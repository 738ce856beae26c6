package org.sscard.cardsim.psam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.WrongPinException;
import org.sscard.card.psam.PsamSecurityModule;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.DebitRequest;
import org.sscard.card.session.DebitResult;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.IssuerData;
import org.sscard.card.session.MedicalData;
import org.sscard.card.session.Personaliser;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/**
 * card-lib's own personalisation and card session, with every key operation done by the demo PSAM, against
 * a simulated social security card: issue, read with mutual authentication, VERIFY PIN, debit.
 */
class PsamCardSessionTest {
    static final CardIdentificationCode ID = CardIdentificationCode.ofHex("440106D15600000511223344556677AA");

    static CardData cardData() {
        IssuerData issuer = new IssuerData(ID, "1", "3.00", "440100000000", LocalDate.of(2024, 1, 1),
                LocalDate.of(2034, 1, 1), CardNumber.of("A12345674"));
        HolderData holder = new HolderData("440106199001011234", "张三", "1", "01", "440106", LocalDate.of(1990, 1, 1));
        MedicalData medical = new MedicalData("310", "11", "440106", Money.ofFen(50_000), Money.ZERO, LocalDate.of(2025, 1, 1), 0);
        return new CardData(issuer, holder, medical);
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void issueReadVerifyPinAndDebitWithThePsam(BlockAlgorithm alg) {
        PsamSecurityModule psam = PsamSecurityModule.open(new InProcessTransport(DemoPsam.create()));
        SimulatedCard card = SimulatedCard.blank(ID, alg);
        InProcessTransport reader = new InProcessTransport(card);

        new Personaliser(reader, psam).personalise(cardData(), "123456".toCharArray(), 6);
        card.reset();

        CardSession session = new CardSession(reader, psam);
        CardData read = session.readCard();
        assertEquals(ID, read.issuer().identificationCode());
        assertEquals("张三", read.holder().name());
        assertEquals(Money.ofFen(50_000), read.medical().balance());

        assertThrows(WrongPinException.class, () -> session.verifyPin("654321".toCharArray()));
        session.verifyPin("123456".toCharArray());
        DebitResult debit = session.debit(new DebitRequest(Money.ofFen(1_234), new byte[] {0x44, 0x01, 0x06, 0, 0, 1}, 77,
                LocalDateTime.of(2025, 6, 1, 10, 30, 0)));
        assertEquals(Money.ofFen(50_000), debit.balanceBefore());
        assertEquals(50_000 - 1_234, debit.data().balanceAfter());
        int version = TestKeys.nationalRef(KeyType.DEBIT, alg).version();
        assertEquals(version, debit.keyVersion());
        assertTrue(TestKeys.module().verifyDebitTac(TestKeys.nationalRef(KeyType.DEBIT, alg), ID, debit.data(), debit.tac()),
                "the central side checks the card's TAC with its own keys");
        assertTrue(psam.verifyDebitTac(TestKeys.nationalRef(KeyType.DEBIT, alg), ID, debit.data(), debit.tac()));
        assertEquals(Money.ofFen(50_000 - 1_234), session.readMedicalData().balance());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aPsamPulledDuringTheSessionIsASecurityModuleFailureNotACardFailure(BlockAlgorithm alg) {
        InProcessTransport psamSlot = new InProcessTransport(DemoPsam.create());
        PsamSecurityModule psam = PsamSecurityModule.open(psamSlot);
        SimulatedCard card = SimulatedCard.blank(ID, alg);
        InProcessTransport reader = new InProcessTransport(card);
        new Personaliser(reader, psam).personalise(cardData(), "123456".toCharArray(), 6);
        card.reset();

        CardSession session = new CardSession(reader, psam);
        session.selectSocialSecurityApplication();
        session.readIssuerData();
        psamSlot.remove();
        SecurityModuleException e = assertThrows(SecurityModuleException.class, session::authenticate);
        assertTrue(e.getMessage().contains("PSAM"), e.getMessage());
        psamSlot.insert();
        session.authenticate();
        assertEquals("张三", session.readHolderData().name());
    }
}
