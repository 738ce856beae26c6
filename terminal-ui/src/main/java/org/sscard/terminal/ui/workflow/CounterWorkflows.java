package org.sscard.terminal.ui.workflow;

import org.sscard.crypto.SecurityModule;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.receipt.PrintSpooler;

/**
 * What the counter screens' workflows run on (all from terminal-app): the card-presented step, the counter
 * (2201 … 2208, resume), the receipt spooler, the names printed on the receipt, and for work while the link is down
 * the pharmacy's offline debit with the card slot and key store it reads the card with, and the link monitor that
 * says whether the link is down, and the hospital's deferred visits (taken at the cashier window while the link is
 * down). {@code offlineSale}, {@code cardSlot}, {@code module}, {@code monitor} and {@code deferredVisits} may be
 * null: then the counter works online only (or without deferred visits).
 */
public record CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                               String institutionName, String deviceNumber, OfflineSale offlineSale, CardSlot cardSlot,
                               SecurityModule module, LinkMonitor monitor, DeferredVisits deferredVisits) {

    /** Without deferred visits: the cashier window says that settlement needs the link. */
    public CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                            String institutionName, String deviceNumber, OfflineSale offlineSale, CardSlot cardSlot,
                            SecurityModule module, LinkMonitor monitor) {
        this(presentation, counter, spooler, institutionName, deviceNumber, offlineSale, cardSlot, module, monitor,
                null);
    }

    /** Online only: no offline debit, the link is taken to be up. */
    public CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                            String institutionName, String deviceNumber) {
        this(presentation, counter, spooler, institutionName, deviceNumber, null, null, null, null, null);
    }

    /** The desk of one counter window of {@code medType} over these workflows. */
    public CounterDesk desk(MedType medType) {
        return new CounterDesk(new CounterDesk.Setup(presentation, counter, institutionName, deviceNumber, offlineSale,
                cardSlot, module, this::offline, deferredVisits), medType);
    }

    /** True when the link monitor reports the central service unreachable. */
    public boolean offline() {
        return monitor != null && monitor.state() == org.sscard.terminal.link.LinkState.OFFLINE;
    }

    /** True when offline debits can be taken (an offline sale, a card slot and a key store are given). */
    public boolean offlineDebitAvailable() {
        return offlineSale != null && cardSlot != null && module != null;
    }

    /** True when hospital visits can be taken as deferred while the link is down (card slot, key store, journal). */
    public boolean deferredAvailable() {
        return deferredVisits != null && cardSlot != null && module != null;
    }
}
