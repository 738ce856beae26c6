package org.sscard.terminal.ui.workflow;

import java.util.Optional;
import org.sscard.protocol.SettlementResult;

/**
 * The questions a counter workflow asks the people at the counter while it runs on the background worker. Each
 * call blocks the worker until answered on the FX thread; an interrupted worker (the operator cancelled the job)
 * gets {@link InterruptedException} and the question is withdrawn.
 */
public interface CounterPrompts {
    /** The holder's PIN (the caller wipes the array), or empty if the holder cancelled. */
    Optional<char[]> askPin() throws InterruptedException;

    /** Shows the pre-settlement (2206) split and asks the operator to confirm the settlement. */
    boolean confirmSettlement(SettlementResult preSettlement) throws InterruptedException;
}
