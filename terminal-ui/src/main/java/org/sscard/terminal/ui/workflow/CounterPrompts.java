package org.sscard.terminal.ui.workflow;

import java.util.List;
import java.util.Optional;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.counter.OpenVisits;

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

    /** Asks the operator a yes/no question ({@code title}, {@code text}; {@code okText} on the default button). */
    boolean confirm(String title, String text, String okText) throws InterruptedException;

    /** Lists the station's visits with their state and returns the mdtrt_id chosen, or empty. */
    Optional<String> chooseVisit(List<OpenVisits.OpenVisit> visits) throws InterruptedException;

    /** Asks for one line of text (e.g. a settlement id), trimmed; empty if cancelled or blank. */
    Optional<String> askText(String title, String prompt) throws InterruptedException;

    /** As {@link #askText}, with the text hidden as it is typed (a 医保码 is not shown in full on the screen). */
    default Optional<String> askHidden(String title, String prompt) throws InterruptedException {
        return askText(title, prompt);
    }
}
