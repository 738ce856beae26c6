package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PrintFailedException;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.receipt.ReceiptPrinter;

/**
 * The reprint queue kept in the store receipt by receipt: a receipt that did not print is one row (one write), a
 * receipt printed at once writes nothing, and after a restart the settlement receipts are rebuilt and put back while
 * what cannot be rebuilt (a cancellation slip, a settlement the station does not know) leaves the queue.
 */
class ReprintsTest {
    @TempDir
    Path dir;
    CounterFixture f;
    final boolean[] printerDown = {false};

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        f.login("cashier");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void theQueueIsKeptReceiptByReceiptAndRebuiltAfterARestart() {
        String setlId = settle();
        SettledReceipts receipts = new SettledReceipts(f.store, f.counter.records(), "第一人民医院", "DEV-0001");
        PrintSpooler spooler = new PrintSpooler(printer(), 1);
        Reprints.keepUnprinted(spooler, f.store, receipts);
        Receipt receipt = receipts.rebuild(setlId);

        long writes = f.store.writeStatistics().transactions();
        assertTrue(spooler.submit(receipt).printed());
        assertEquals(writes, f.store.writeStatistics().transactions(), "a receipt printed at once writes nothing");
        printerDown[0] = true;
        assertFalse(spooler.submit(receipt).printed());
        assertFalse(spooler.submit(receipt).printed(), "tried again: still waiting");
        assertEquals(writes + 1, f.store.writeStatistics().transactions(), "one write: the receipt queued");
        assertEquals(List.of(setlId), f.store.unprintedReceipts().keys());

        f.store.unprintedReceipts().queue(setlId + "/cancel");
        f.store.unprintedReceipts().queue("ST-NOT-OURS");
        f.restartStation();
        receipts = new SettledReceipts(f.store, f.counter.records(), "第一人民医院", "DEV-0001");
        PrintSpooler restarted = new PrintSpooler(printer(), 1);
        Reprints.keepUnprinted(restarted, f.store, receipts);
        assertEquals(List.of(setlId), restarted.unprinted().stream().map(PrintSpooler::key).toList(),
                "the settlement receipt is rebuilt and waits again");
        assertEquals(List.of(setlId), f.store.unprintedReceipts().keys(), "what cannot be rebuilt left the queue");

        Reprints reprints = new Reprints(restarted, receipts, f.store);
        long seq = f.store.audit().head().seq();
        assertTrue(reprints.skip("supervisor", setlId));
        assertEquals(List.of(), f.store.unprintedReceipts().keys(), "a skipped receipt's row is removed");
        assertEquals(1, f.store.audit().after(seq, "receipt.skip", 10).size());
        printerDown[0] = false;
        assertTrue(reprints.reprintSettled("supervisor", setlId).printed());
        assertEquals(List.of(), f.store.unprintedReceipts().keys());
    }

    private ReceiptPrinter printer() {
        return new ReceiptPrinter() {
            @Override
            public void print(Receipt receipt) throws PrintFailedException {
                if (printerDown[0]) {
                    throw new PrintFailedException(Problem.of(Reason.PRINTER_FAILED, name()), null);
                }
            }

            @Override
            public String name() {
                return "test printer";
            }
        };
    }

    private String settle() {
        DemoCard demo = f.insert(1);
        try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
            CounterItem item = new CounterItem("L" + f.nationalItems().get(0).code(), 2);
            Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(List.of(item)));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
            return v.receipt().setlId();
        }
    }
}
