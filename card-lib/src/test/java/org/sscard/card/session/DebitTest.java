package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.CardAccessDeniedException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardRejectedDataException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.InsufficientBalanceException;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyType;
import org.sscard.values.Money;

class DebitTest {
    private static final byte[] TERMINAL = TestCard.HEX.parseHex("112233445566");
    private static final byte[] RANDOM = TestCard.HEX.parseHex("A1B2C3D4");
    static final DebitRequest REQUEST = new DebitRequest(Money.ofFen(3000), TERMINAL, 16, LocalDateTime.of(2025, 3, 14, 10, 30));

    private static DebitData expectedData() {
        return new DebitData(3000, TERMINAL, 16, TestCard.HEX.parseHex("20250314103000"), RANDOM, 3, 12345 - 3000);
    }

    static Map<String, String> vars(TestCard card, String debitAnswer) {
        byte[] debitKey = card.cardKey(KeyType.DEBIT);
        DebitData data = expectedData();
        Map<String, String> v = new HashMap<>();
        v.put("INIT_ANSWER", "00003039 0003" + card.vars.get("KEY_VERSION") + card.vars.get("ALG") + "A1B2C3D4 9000");
        v.put("MAC1", TestCard.hex(CardCryptograms.mac1(card.alg, debitKey, data)));
        v.put("TAC", TestCard.hex(CardCryptograms.tac(card.alg, debitKey, data)));
        v.put("MAC2", TestCard.hex(CardCryptograms.mac2(card.alg, debitKey, data)));
        v.put("DEBIT_ANSWER", debitAnswer.replace("${TAC}", v.get("TAC")).replace("${MAC2}", v.get("MAC2")));
        return v;
    }

    private static CardSession ready(TestCard card, ReplayTransport replay) {
        CardSession session = card.session(replay);
        session.readIssuerData();
        session.verifyPin("123456".toCharArray());
        return session;
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void debitReturnsTheTacAndAllDataForTheCentralService(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(vars(card, "${TAC} ${MAC2} 9000"), "issuer.replay", "debit.replay");
        DebitResult result = ready(card, replay).debit(REQUEST);
        replay.assertFinished();
        DebitData data = result.data();
        assertEquals(3000, data.amountFen());
        assertEquals(3, data.offlineSeq());
        assertEquals(9345, data.balanceAfter());
        assertArrayEquals(RANDOM, data.cardRandom());
        assertEquals(Money.ofFen(12345), result.balanceBefore());
        assertEquals(alg == BlockAlgorithm.SM4 ? 3 : 1, result.keyVersion());
        assertArrayEquals(CardCryptograms.tac(alg, card.cardKey(KeyType.DEBIT), expectedData()), result.tac());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aWrongMac2KeepsTheResultInTheException(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(vars(card, "${TAC} 00000000 9000"), "issuer.replay", "debit.replay");
        DebitUnconfirmedException e = assertThrows(DebitUnconfirmedException.class, () -> ready(card, replay).debit(REQUEST));
        assertArrayEquals(CardCryptograms.tac(alg, card.cardKey(KeyType.DEBIT), expectedData()), e.result().tac());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aCardPulledDuringDebitLeavesAnUnknownOutcomeWithTheData(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(vars(card, "!removed"), "issuer.replay", "debit.replay");
        DebitOutcomeUnknownException e = assertThrows(DebitOutcomeUnknownException.class, () -> ready(card, replay).debit(REQUEST));
        assertEquals(9345, e.debit().balanceAfter());
        assertEquals(CardRemovedException.class, e.getCause().getClass());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aTruncatedDebitAnswerIsAnUnknownOutcome(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(vars(card, "${TAC} 9000"), "issuer.replay", "debit.replay");
        DebitOutcomeUnknownException e = assertThrows(DebitOutcomeUnknownException.class, () -> ready(card, replay).debit(REQUEST));
        assertEquals(CardFormatException.class, e.getCause().getClass());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aWrongMac1IsRefusedByTheCard(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(vars(card, "6984"), "issuer.replay", "debit.replay");
        assertThrows(CardRejectedDataException.class, () -> ready(card, replay).debit(REQUEST));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void initialiseRefusals(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        assertThrows(InsufficientBalanceException.class, () -> ready(card,
                card.replay(Map.of("INIT_ANSWER", "9401"), "issuer.replay", "debit-refused.replay")).debit(REQUEST));
        assertThrows(CardAccessDeniedException.class, () -> ready(card,
                card.replay(Map.of("INIT_ANSWER", "6982"), "issuer.replay", "debit-refused.replay")).debit(REQUEST));
        assertThrows(CardFormatException.class, () -> ready(card,
                card.replay(Map.of("INIT_ANSWER", "00003039 0003 01 9000"), "issuer.replay", "debit-refused.replay")).debit(REQUEST));
        String otherAlg = alg == BlockAlgorithm.SM4 ? "01" : "03";
        assertThrows(CardFormatException.class, () -> ready(card, card.replay(
                Map.of("INIT_ANSWER", "00003039 0003 01" + otherAlg + "A1B2C3D4 9000"), "issuer.replay", "debit-refused.replay"))
                .debit(REQUEST));
        assertThrows(InsufficientBalanceException.class, () -> ready(card, card.replay(
                Map.of("INIT_ANSWER", "00000064 0003" + card.vars.get("KEY_VERSION") + card.vars.get("ALG") + "A1B2C3D4 9000"),
                "issuer.replay", "debit-refused.replay")).debit(REQUEST));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aDebitKeyVersionTheModuleLacksIsASecurityModuleError(BlockAlgorithm alg) {
        TestCard card = new TestCard(alg);
        ReplayTransport replay = card.replay(Map.of("INIT_ANSWER", "00003039 0003 09" + card.vars.get("ALG") + "A1B2C3D4 9000"),
                "issuer.replay", "debit-refused.replay");
        org.sscard.card.SecurityModuleException e = assertThrows(org.sscard.card.SecurityModuleException.class,
                () -> ready(card, replay).debit(REQUEST));
        assertEquals(true, e.getMessage().contains("version 9"));
    }
}
