package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.CardNotGenuineException;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.values.Money;

class CardPresentedTest {

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void readsTheWholeCardInTwentyFiveCommandsWithoutSelectingAFile(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay("issuer.replay", "auth.replay", "holder.replay", "medical.replay");
        CountingTransport counter = CardTransports.standard(replay);
        CardSession session = new CardSession(counter, org.sscard.crypto.TestKeys.module(),
                new java.util.Random(TestCard.RANDOM_SEED));

        CardData data = session.readCard();

        replay.assertFinished();
        assertEquals(25, counter.count(), "28 with a SELECT before each of the three files");
        assertEquals(25, counter.timings().size());
        assertEquals(alg, session.algorithm());
        IssuerData issuer = data.issuer();
        assertEquals(TestCard.ID, issuer.identificationCode());
        assertEquals("A12345674", issuer.cardNumber().value());
        assertEquals("1", issuer.cardType());
        assertEquals("3.00", issuer.specVersion());
        assertEquals("440100000000", issuer.institution());
        assertEquals(LocalDate.of(2024, 1, 1), issuer.issueDate());
        assertEquals(LocalDate.of(2034, 1, 1), issuer.expiryDate());
        HolderData holder = data.holder();
        assertEquals("440106199001011234", holder.socialSecurityNumber());
        assertEquals("张三", holder.name());
        assertEquals("1", holder.sex());
        assertEquals("01", holder.ethnicity());
        assertEquals("440106", holder.birthplace());
        assertEquals(LocalDate.of(1990, 1, 1), holder.birthDate());
        assertTrue(holder.toString().contains("440***********1234"));
        assertTrue(!holder.toString().contains("199001011234"));
        MedicalData medical = data.medical();
        assertEquals("310", medical.insuranceType());
        assertEquals("11", medical.personType());
        assertEquals("440106", medical.insuredRegion());
        assertEquals(Money.ofFen(12345), medical.balance());
        assertEquals(Money.ZERO, medical.yearToDate());
        assertEquals(LocalDate.of(2025, 1, 1), medical.lastUpdate());
        assertEquals(3, medical.offlineSeq());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aCardAnsweringInternalAuthenticationWronglyIsNotGenuine(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        String wrong = card.vars.get("INT_AUTH").substring(2) + "00";
        ReplayTransport replay = card.replay(java.util.Map.of("INT_AUTH", wrong), "issuer.replay", "auth-internal-only.replay");
        CardSession session = card.session(replay);
        session.readIssuerData();
        CardNotGenuineException e = assertThrows(CardNotGenuineException.class, session::authenticate);
        assertTrue(e.getMessage().contains("internal authentication"));
        replay.assertFinished();
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aShortInternalAuthenticationAnswerIsNotGenuine(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(java.util.Map.of("INT_AUTH", "0102"), "issuer.replay", "auth-internal-only.replay");
        CardSession session = card.session(replay);
        session.readIssuerData();
        assertThrows(CardNotGenuineException.class, session::authenticate);
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aLongNameIsReadFromTags09And4E(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay("issuer.replay", "auth.replay", "holder-long-name.replay");
        CardSession session = card.session(replay);
        session.readIssuerData();
        session.authenticate();
        HolderData holder = session.readHolderData();
        assertEquals("欧阳一二三四五六七八九十甲乙丙丁戊己庚辛", holder.name());
        replay.assertFinished();
    }
}
