package org.sscard.terminal.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.terminal.NoticeRelay;
import org.sscard.protocol.MedType;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.values.Money;

/** The counter desk decides each next step of a visit; the views only show them. */
class CounterDeskTest {
    @TempDir
    Path dir;
    CounterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir, null);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private CounterDesk desk(boolean linkDown) {
        return new CounterDesk(new CounterDesk.Setup(f.presentation, f.counter, "第一人民医院", "DEV-0001", null, null,
                null, () -> linkDown, null), MedType.OUTPATIENT);
    }

    private static PinSource pin(DemoCard demo) {
        return () -> Optional.of(demo.pin().toCharArray());
    }

    private CounterDesk.Order order(boolean confirmed, int count) {
        List<CounterItem> items = List.of(new CounterItem("L" + f.nationalItems().get(0).code(), count),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
        return new CounterDesk.Order(items.stream().map(i -> new CounterDesk.Line(i, i.code(), Money.ofFen(100), true)).toList(),
                "", "", confirmed);
    }

    @Test
    void aVisitGoesFromTheCardToTheReceiptOneDecidedStepAtATime() throws InterruptedException {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        try (CounterDesk desk = desk(false)) {
            assertInstanceOf(NextStep.PresentCard.class, desk.go(order(true, 2)));
            assertInstanceOf(NextStep.PinNotGiven.class, desk.readCard(Optional::empty));
            NextStep.CheckHolder read = assertInstanceOf(NextStep.CheckHolder.class, desk.readCard(pin(demo)));
            assertEquals(demo.cardNumber().value(), read.holder().cardNumber());
            assertFalse(read.linkDown());
            assertInstanceOf(NextStep.ConfirmHolderFirst.class, desk.go(order(false, 2)));
            NextStep.ConfirmSettlement confirm = assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(true, 2)));
            assertEquals(VisitState.PRE_SETTLED, confirm.visit().state());
            assertInstanceOf(NextStep.ItemsChanged.class, desk.go(order(true, 3)), "the visit keeps its own items");
            assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(true, 2)), "asked again, nothing sent twice");
            NextStep.Settled settled = assertInstanceOf(NextStep.Settled.class, desk.settle());
            assertTrue(settled.visit().receipt().cardUpdated());
            String setlId = settled.visit().settlement().setlinfo().setlId();
            assertEquals(new NextStep.AlreadySettled(setlId), desk.go(order(true, 2)));
            Receipt printed = desk.receipt(settled, "王收费", Locale.SIMPLIFIED_CHINESE);
            assertEquals(setlId, printed.setlId());
            assertEquals(demo.holder().name(), printed.header().patientName());
            assertEquals(2, printed.lines().size());

            assertEquals(new NextStep.NoSuchSettlement("NO-SUCH"), desk.planCancel("NO-SUCH"));
            NextStep.ConfirmCancel plan = assertInstanceOf(NextStep.ConfirmCancel.class, desk.planCancel(setlId));
            assertTrue(plan.withCard(), "the holder's card is the one presented");
            NextStep.Cancelled cancelled = assertInstanceOf(NextStep.Cancelled.class, desk.cancel(setlId));
            assertTrue(cancelled.withCard() && cancelled.done().cardUpdated());
            assertEquals(setlId, desk.receipt(cancelled, "王收费", Locale.SIMPLIFIED_CHINESE).origSetlId());
            assertEquals(CounterDesk.CardOut.Kind.FINISHED, desk.cardRemoved().kind());
        }
    }

    @Test
    void thePlatformsNoticesGoToTheWindowWhoseStepTheyAnsweredAndBlockNothing() throws Exception {
        f.close();
        NoticeRelay relay = new NoticeRelay();
        f = new CounterFixture(dir.resolve("with-notices"), relay);
        relay.takeOver(f.store, "admin1");
        DemoCard demo = f.insert(1);
        f.login("cashier");
        try (CounterDesk desk = desk(false); CounterDesk otherWindow = desk(false)) {
            relay.notice = "本月门诊已就诊 9 次，请核实";
            assertInstanceOf(NextStep.CheckHolder.class, desk.readCard(pin(demo)));
            assertEquals(List.of("本月门诊已就诊 9 次，请核实"), desk.takeNotices());
            assertEquals(List.of(), desk.takeNotices(), "taken once");
            assertEquals(List.of(), otherWindow.takeNotices(), "the same link and thread, another window's step");

            relay.notice = null;
            assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(true, 2)));
            assertEquals(List.of(), desk.takeNotices());

            relay.notice = "个人账户余额不足 100 元";
            assertInstanceOf(NextStep.Settled.class, desk.settle(), "a notice changes nothing in the answer");
            List<String> notices = desk.takeNotices();
            assertFalse(notices.isEmpty());
            assertTrue(notices.stream().allMatch("个人账户余额不足 100 元"::equals), notices.toString());
        }
    }

    @Test
    void aVisitLeftPreSettledStaysOpenWhenTheCardIsTakenOutAndIsResumedWithTheHoldersCard() throws InterruptedException {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        try (CounterDesk desk = desk(false)) {
            desk.readCard(pin(demo));
            String mdtrtId = ((NextStep.ConfirmSettlement) desk.go(order(true, 2))).visit().mdtrtId();
            CounterDesk.CardOut out = desk.cardRemoved();
            assertEquals(CounterDesk.CardOut.Kind.VISIT_OPEN, out.kind());
            assertEquals(mdtrtId, out.visit().mdtrtId());
            NextStep.ChooseVisit open = assertInstanceOf(NextStep.ChooseVisit.class, desk.openVisits());
            assertTrue(open.open().stream().anyMatch(v -> v.mdtrtId().equals(mdtrtId)), open.toString());
            assertEquals(mdtrtId, ((NextStep.ConfirmResume) desk.presentForResume(mdtrtId, pin(demo))).mdtrtId());
            assertInstanceOf(NextStep.ConfirmSettlement.class, desk.resume());
            assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(true, 2)), "the resumed visit's items");
            assertInstanceOf(NextStep.Settled.class, desk.settle());
        }
    }

    @Test
    void whileTheLinkIsDownACashierWindowWithoutDeferredVisitsWaitsForTheLink() throws InterruptedException {
        f.insert(1);
        f.login("cashier");
        try (CounterDesk desk = desk(true)) {
            assertInstanceOf(NextStep.WaitForLink.class, desk.readCard(() -> {
                throw new AssertionError("no PIN is asked");
            }));
            assertInstanceOf(NextStep.WaitForLink.class, desk.go(order(true, 1)));
            assertInstanceOf(NextStep.NotWhileLinkDown.class, desk.openVisits());
            assertInstanceOf(NextStep.NotWhileLinkDown.class, desk.startCancel());
            assertEquals(CounterDesk.CardOut.Kind.NOTHING_SETTLED, desk.cardRemoved().kind());
        }
    }
}
