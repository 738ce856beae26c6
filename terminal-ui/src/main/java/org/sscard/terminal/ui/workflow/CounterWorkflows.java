package org.sscard.terminal.ui.workflow;

import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.receipt.PrintSpooler;

/**
 * What the counter screens' online workflows run on (all from terminal-app): the card-presented step, the counter
 * (2201 … 2207), the receipt spooler, and the names printed on the receipt.
 */
public record CounterWorkflows(CardPresentation presentation, Counter counter, PrintSpooler spooler,
                               String institutionName, String deviceNumber) {
}
