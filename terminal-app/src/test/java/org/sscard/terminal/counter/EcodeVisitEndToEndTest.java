package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.EVoucher;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;

/**
 * A visit with the 医保码 against central-sim in process: no card, no PIN; it settles the figures of the card visit of
 * the same person; the code is refused when reused, expired or not a 医保码; while the link is down the desk says the
 * 医保码 needs the link; the code and the token stay out of the records, the audit log and the receipts.
 */
class EcodeVisitEndToEndTest {
    @TempDir
    Path dir;

    private static CounterDesk desk(CounterFixture f, boolean linkDown) {
        return new CounterDesk(new CounterDesk.Setup(f.presentation, f.counter, "第一人民医院", "DEV-0001", null, null,
                null, () -> linkDown, null), MedType.OUTPATIENT);
    }

    private static CounterDesk.Order order(CounterFixture f) {
        return CounterDesk.Order.of(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1),
                new CounterItem("L" + f.nationalItems().get(300).code(), 3)), "", "");
    }

    private static SettlementResult.SetlInfo settle(CounterDesk desk, CounterDesk.Order order) {
        assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order));
        NextStep.Settled settled = assertInstanceOf(NextStep.Settled.class, desk.settle());
        return settled.visit().settlement().setlinfo();
    }

    private static List<Object> figures(SettlementResult.SetlInfo s) {
        return List.of(s.medfeeSumamt(), s.fulamtOwnpayAmt(), s.overlmtSelfpay(), s.preselfpayAmt(), s.inscpScpAmt(),
                s.actPayDedc(), s.hifpPay(), s.fundPaySumamt(), s.psnPartAmt(), s.acctPay(), s.psnCashPay(), s.balc());
    }

    @Test
    void aVisitWithTheEcodeSettlesTheFiguresOfTheCardVisitWithNoCardAndNoPin() throws Exception {
        SettlementResult.SetlInfo byCard;
        try (CounterFixture f = new CounterFixture(dir.resolve("card"))) {
            DemoCard demo = f.insert(1);
            f.login("cashier");
            try (CounterDesk desk = desk(f, false)) {
                desk.readCard(() -> Optional.of(demo.pin().toCharArray()));
                byCard = settle(desk, order(f));
            }
        }
        try (CounterFixture f = new CounterFixture(dir.resolve("ecode"))) {
            f.login("cashier");
            String code = f.ecode(1);
            try (CounterDesk desk = desk(f, false)) {
                NextStep.CheckHolder holder = assertInstanceOf(NextStep.CheckHolder.class, desk.presentEcode(code));
                assertEquals(f.cards.card(1).holder().name(), holder.holder().name());
                assertNull(holder.holder().cardNumber(), "no card");
                assertFalse(holder.holder().toString().contains(code.substring(8)));
                CounterDesk.Order order = order(f);
                assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order));
                NextStep.Settled settled = assertInstanceOf(NextStep.Settled.class, desk.settle());
                Visit v = settled.visit();
                assertEquals(figures(byCard), figures(v.settlement().setlinfo()),
                        "a 医保码 visit settles the same figures as the card visit of the same person");
                assertTrue(v.settlement().setlinfo().acctPay().isPositive(), "the personal account pays as with the card");
                assertNull(v.card());
                assertNull(v.problem(), "no card to write is not a failure");
                Receipt r = v.receipt();
                assertTrue(r.eVoucher());
                assertNull(r.cardNumber());
                assertFalse(r.cardUpdated());
                assertEquals(Receipt.E_VOUCHER, r.credential());
                assertTrue(ReceiptText.format(r).contains("就诊凭证") && ReceiptText.format(r).contains("医保电子凭证"));
                assertTrue(desk.receipt(settled, "王收费", Locale.SIMPLIFIED_CHINESE).eVoucher());

                String token = ((org.sscard.terminal.card.PresentedEcode) v.credential()).token();
                SettledRecords.Record record = f.counter.records().findSettlement(r.setlId()).orElseThrow();
                assertNull(record.cardNumber(), "the token is not a card number");
                assertTrue(new SettledReceipts(f.store, f.counter.records(), "第一人民医院", "DEV-0001")
                        .rebuild(r.setlId()).eVoucher(), "a reprint names 医保电子凭证 too");
                StringWriter audit = new StringWriter();
                f.store.audit().export("cashier", Instant.EPOCH, f.clock.instant().plusSeconds(1), audit);
                assertTrue(audit.toString().contains("ecode.present"), audit.toString());
                assertFalse(audit.toString().contains(token.substring(8)), "no token in the audit log");
                assertFalse(audit.toString().contains(code.substring(8)), "no 医保码 in the audit log");
                assertFalse(r.toString().contains(token.substring(8)));
            }
            f.login("supervisor");
            LocalDate today = LocalDate.now(f.clock);
            assertTrue(f.reconciliation().reconcile(today, today).balanced());
        }
    }

    @Test
    void reusedExpiredAndMistypedCodesAreRefusedWithTypedReasons() throws Exception {
        try (CounterFixture f = new CounterFixture(dir)) {
            f.login("cashier");
            String code = f.ecode(2);
            f.presentation.presentEcode(code);
            CardPresentationException reused = assertThrows(CardPresentationException.class,
                    () -> f.presentation.presentEcode(code));
            assertEquals(Reason.ECODE_REFUSED, reused.problem().reason());
            assertTrue(reused.problem().in(Locale.SIMPLIFIED_CHINESE).contains("刷新医保码"),
                    reused.problem().in(Locale.SIMPLIFIED_CHINESE));

            String late = f.ecode(2);
            f.clock.advance(Duration.ofMinutes(6));
            f.login("cashier");
            CardPresentationException expired = assertThrows(CardPresentationException.class,
                    () -> f.presentation.presentEcode(late));
            assertEquals(Reason.ECODE_REFUSED, expired.problem().reason());
            assertTrue(expired.getMessage().contains("expired"), expired.getMessage());

            int sent = f.centralMessages();
            CardPresentationException typo = assertThrows(CardPresentationException.class,
                    () -> f.presentation.presentEcode(late.substring(0, 30)));
            assertEquals(Reason.ECODE_MALFORMED, typo.problem().reason());
            assertEquals(sent, f.centralMessages(), "a code of the wrong form is not sent");
            String forged = "EC" + EVoucher.region(late) + "0123456789ABCDEF0123456789ABCDEF";
            assertEquals(Reason.ECODE_REFUSED, assertThrows(CardPresentationException.class,
                    () -> f.presentation.presentEcode(forged)).problem().reason());
        }
    }

    @Test
    void whileTheLinkIsDownTheDeskSaysTheEcodeNeedsTheLinkAndTakesNoDeferredVisit() throws Exception {
        try (CounterFixture f = new CounterFixture(dir)) {
            f.login("cashier");
            String code = f.ecode(1);
            int sent = f.centralMessages();
            try (CounterDesk desk = desk(f, true)) {
                assertInstanceOf(NextStep.EcodeNeedsLink.class, desk.presentEcode(code));
                assertInstanceOf(NextStep.WaitForLink.class, desk.go(order(f)), "nothing presented");
            }
            assertEquals(sent, f.centralMessages(), "nothing was sent");
            String words = Problem.of(Reason.ECODE_NEEDS_LINK).in(Locale.SIMPLIFIED_CHINESE);
            assertTrue(words.contains("须联网") && words.contains("社保卡"), words);
            try (CounterDesk desk = desk(f, false)) {
                assertInstanceOf(NextStep.CheckHolder.class, desk.presentEcode(code), "the same code online later");
            }
        }
    }
}
