package org.sscard.terminal.ui.workflow;

import org.sscard.crypto.SecurityModule;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.receipt.PrintSpooler;

/**
 * What the counter screens' workflows run on (all from terminal-app): the card-presented step, the counter
 * (2201 … 2208, resume), the receipt spooler, the names printed on the receipt, and for work while the link is down
 * the pharmacy's offline debit with the card slot and key store it reads the card with, and the link monitor that
 * says whether the link is down. {@code offlineSale}, {@code cardSlot}, {@code module} and {@code monitor} may be
 * null: then the counter works online only.
 */
public record CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                               String institutionName, String deviceNumber, OfflineSale offlineSale, CardSlot cardSlot,
                               SecurityModule module, LinkMonitor monitor) {

    /** Online only: no offline debit, the link is taken to be up. */
    public CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                            String institutionName, String deviceNumber) {
        this(presentation, counter, spooler, institutionName, deviceNumber, null, null, null, null);
    }

    /** True when the link monitor reports the central service unreachable. */
    public boolean offline() {
        return monitor != null && monitor.state() == org.sscard.terminal.link.LinkState.OFFLINE;
    }

    /** True when offline debits can be taken (an offline sale, a card slot and a key store are given). */
    public boolean offlineDebitAvailable() {
        return offlineSale != null && cardSlot != null && module != null;
    }
}
