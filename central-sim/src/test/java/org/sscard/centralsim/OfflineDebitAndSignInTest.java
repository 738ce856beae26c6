package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyDiversification;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.CardService;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.Response;
import org.sscard.protocol.StmtDetailResult;
import org.sscard.protocol.StmtResult;
import org.sscard.protocol.TotalReconciliation;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/** C110 TAC verification with keys derived from the test hierarchy, and sign-in expiry on a moved clock. */
class OfflineDebitAndSignInTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The TAC a genuine card computes: the card debit key derived from the national test key. */
    private static String tac(BlockAlgorithm alg, String cardSn, long amount, String termId, long termSeq,
            LocalDateTime time, int offlineSeq, long balanceAfter) {
        byte[] cardKey = KeyDiversification.nationalToCard(alg, TestKeys.national(KeyType.DEBIT, alg),
                CardIdentificationCode.ofHex(cardSn));
        DebitData d = new DebitData(amount, HEX.parseHex(termId), termSeq, CardRegistry.bcdDateTime(time),
                new byte[] {1, 2, 3, 4}, offlineSeq, balanceAfter);
        return HEX.formatHex(CardCryptograms.tac(alg, cardKey, d));
    }

    @Test
    void offlineDebitsWithGenuineTacAreBookedForgedAndDuplicateAreNot(@TempDir Path data) throws IOException {
        Harness.MovableClock clock = new Harness.MovableClock();
        try (CentralSim.Running central = Harness.start(data, clock)) {
            TerminalClient pharmacy = Harness.terminal(central, "DEV-P1", "P44010600001", clock);
            LocalDateTime when = LocalDateTime.of(2025, 3, 14, 10, 30, 5);
            String time = Fields.DATE_TIME.format(when);
            String sm4Tac = tac(BlockAlgorithm.SM4, Harness.ACTIVE_SM4_SN, 1_250, "A1B2C3D4E5F6", 7, when, 3, 148_750);
            String tdesTac = tac(BlockAlgorithm.TDES, Harness.ACTIVE_3DES_SN, 500, "A1B2C3D4E5F6", 8, when, 1, 19_500);
            String forged = sm4Tac.substring(0, 7) + (sm4Tac.charAt(7) == '0' ? '1' : '0');
            List<CardService.OfflineDebit> records = List.of(
                    debit(7, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, 3, time, 1_250, 148_750, sm4Tac),
                    debit(8, Harness.ACTIVE_3DES_CARD, Harness.ACTIVE_3DES_SN, 1, time, 500, 19_500, tdesTac),
                    debit(9, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, 4, time, 1_250, 147_500, forged),
                    debit(10, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, 5, time, 100, 148_650, sm4Tac),
                    debit(11, "Z00000013", "440106D156000005AAAAAAAAAAAAAAAA", 1, time, 100, 100, sm4Tac));
            Response<CardService.OfflineDebitResults> r = pharmacy.send(Transaction.OFFLINE_DEBITS,
                    new CardService.OfflineDebits(records));
            assertEquals(0, r.header().infcode(), r.header().errMsg());
            assertEquals(List.of(OfflineDebitResult.ACCEPTED, OfflineDebitResult.ACCEPTED, OfflineDebitResult.TAC_INVALID,
                    OfflineDebitResult.TAC_INVALID, OfflineDebitResult.CARD_UNKNOWN),
                    r.output().result().stream().map(CardService.OfflineDebitRow::rslt).toList());

            Response<CardService.OfflineDebitResults> resent = pharmacy.send(Transaction.OFFLINE_DEBITS,
                    new CardService.OfflineDebits(List.of(records.get(0))));
            assertEquals(OfflineDebitResult.DUPLICATE, resent.output().result().get(0).rslt(),
                    "the same record under a new msgid is a duplicate, not a second debit");
            Response<PersonInfo.Output> person = pharmacy.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                    MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
            assertEquals(Money.parse("1487.50"), person.output().insuinfo().get(0).balc(), "1500.00 − 12.50 once");

            clock.advance(CentralConfig.DEFAULT_SIGN_IN_VALIDITY.plus(Duration.ofMinutes(1)));
            Response<PersonInfo.Output> expired = pharmacy.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                    MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
            assertEquals(InfCode.SIGN_IN_REQUIRED.code(), expired.header().infcode());
            assertTrue(expired.header().errMsg().startsWith("sign_no: expired"), expired.header().errMsg());
            assertEquals(0, pharmacy.signIn("C001").header().infcode());
            assertEquals(0, pharmacy.send(Transaction.PERSON_INFO, new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD,
                    Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null)).header().infcode());
        }
    }

    @Test
    void acceptedOfflineDebitsAreInTheDaysReconciliationAsAccountPaymentsAndRefusedOnesAreNot(@TempDir Path data)
            throws IOException {
        Harness.MovableClock clock = new Harness.MovableClock();
        try (CentralSim.Running central = Harness.start(data, clock)) {
            TerminalClient pharmacy = Harness.terminal(central, "DEV-P1", "P44010600001", clock);
            TerminalClient other = Harness.terminal(central, "DEV-P2", "P44010600002", clock);
            LocalDateTime when = LocalDateTime.of(2025, 3, 14, 10, 30, 5);
            String time = Fields.DATE_TIME.format(when);
            String tacOk = tac(BlockAlgorithm.SM4, Harness.ACTIVE_SM4_SN, 3_550, "A1B2C3D4E5F6", 21, when, 3, 146_450);
            String forged = tacOk.substring(0, 7) + (tacOk.charAt(7) == '0' ? '1' : '0');
            String msgid = pharmacy.nextMsgid();
            Response<CardService.OfflineDebitResults> r = pharmacy.send(Transaction.OFFLINE_DEBITS,
                    pharmacy.request(Transaction.OFFLINE_DEBITS, new CardService.OfflineDebits(List.of(
                            debit(21, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, 3, time, 3_550, 146_450, tacOk),
                            debit(22, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, 4, time, 800, 145_650, forged))),
                            msgid));
            CardService.OfflineDebitRow accepted = r.output().result().get(0);
            assertEquals(OfflineDebitResult.ACCEPTED, accepted.rslt());
            InsuType insutype = pharmacy.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                    MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null))
                    .output().insuinfo().get(0).insutype();
            assertEquals(insutype, accepted.insutype(), "the answer names the holder's insurance type");
            assertTrue(accepted.psnNo() != null);
            assertEquals(null, r.output().result().get(1).insutype(), "a refused record names no account");

            String day = "2025-03-14";
            Money amount = Money.parse("35.50");
            TotalReconciliation.Output balanced = pharmacy.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(insutype, ClrType.PHARMACY, "440100", day, day, amount, Money.ZERO, amount, 1L)).output();
            assertEquals(StmtResult.BALANCED, balanced.stmtRslt(), balanced.stmtRsltDscr());
            assertEquals(StmtResult.BALANCED, pharmacy.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(insutype, ClrType.OUTPATIENT, "440100", day, day, Money.ZERO, Money.ZERO,
                            Money.ZERO, 0L)).output().stmtRslt(), "counted under clearing type 41 only");
            assertTrue(balanced.stmtRsltDscr().contains("1 offline debits"), balanced.stmtRsltDscr());
            InsuType otherType = insutype == InsuType.EMPLOYEE ? InsuType.RESIDENT : InsuType.EMPLOYEE;
            assertEquals(StmtResult.BALANCED, pharmacy.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(otherType, ClrType.PHARMACY, "440100", day, day, Money.ZERO, Money.ZERO, Money.ZERO, 0L))
                    .output().stmtRslt(), "counted under the holder's type only");
            TotalReconciliation.Output missing = pharmacy.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(insutype, ClrType.PHARMACY, "440100", day, day, Money.ZERO, Money.ZERO, Money.ZERO, 0L)).output();
            assertEquals(StmtResult.NOT_BALANCED, missing.stmtRslt());
            assertTrue(missing.stmtRsltDscr().contains("acct_pay: institution 0.00, central 35.50"), missing.stmtRsltDscr());
            assertEquals(StmtResult.BALANCED, other.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(insutype, ClrType.PHARMACY, "440100", day, day, Money.ZERO, Money.ZERO, Money.ZERO, 0L))
                    .output().stmtRslt(), "another institution's books do not hold it");
            assertEquals(StmtResult.BALANCED, pharmacy.send(Transaction.TOTAL_RECONCILIATION,
                    new TotalReconciliation.Input(insutype, ClrType.PHARMACY, "440100", "2025-03-15", "2025-03-15", Money.ZERO, Money.ZERO,
                            Money.ZERO, 0L)).output().stmtRslt(), "the day of its txn_time only");

            String id = CardService.offlineDebitId("a1b2c3d4e5f6", 21);
            assertEquals("ODA1B2C3D4E5F60000000021", id);
            List<DetailFiles.ResultRow> matched = DetailFlow.reconcile(pharmacy, day, day, List.of(
                    new DetailFiles.UploadRow(id, id, accepted.psnNo(), amount, Money.ZERO, amount, Flag.NO)));
            assertEquals(List.of(new DetailFiles.ResultRow(accepted.psnNo(), id, id, msgid, StmtDetailResult.MATCHED,
                    Flag.NO, null, amount, Money.ZERO, amount)), matched);
            List<DetailFiles.ResultRow> differ = DetailFlow.reconcile(pharmacy, day, day, List.of(
                    new DetailFiles.UploadRow(id, id, accepted.psnNo(), amount, amount, Money.ZERO, Flag.YES)));
            assertEquals(StmtDetailResult.AMOUNTS_DIFFER, differ.get(0).stmtRslt());
            assertTrue(differ.get(0).memo().contains("fund_pay_sumamt") && differ.get(0).memo().contains("cancelled"),
                    differ.get(0).memo());
            List<DetailFiles.ResultRow> onlyCentral = DetailFlow.reconcile(pharmacy, day, day, List.of());
            assertEquals(1, onlyCentral.size(), onlyCentral.toString());
            assertEquals(id, onlyCentral.get(0).setlId());
            assertEquals(StmtDetailResult.ONLY_AT_CENTRAL, onlyCentral.get(0).stmtRslt());
        }
    }

    private static CardService.OfflineDebit debit(long termSeq, String cardNo, String cardSn, long offlineSeq, String time,
            long amount, long balanceAfter, String tac) {
        return new CardService.OfflineDebit("A1B2C3D4E5F6", termSeq, cardNo, cardSn, offlineSeq, time,
                Money.ofFen(amount), Money.ofFen(balanceAfter), tac);
    }
}
