package org.sscard.terminal.ui.screens;

/**
 * What a counter workflow (hospital visit, pharmacy sale) does for the screen. Every method is called on a
 * background thread (never the FX thread) and updates the view model through FX-thread hand-over; a failure is
 * thrown and shown through the error messages. Until a workflow is connected the screen's card and settlement keys
 * are disabled and say so.
 */
public interface CounterActions {
    /** F2: read the card, show the holder for confirmation, query the person. */
    void readCard(CounterViewModel model) throws Exception;

    /**
     * A 医保码 scanned at the counter (or {@code null}: F3, the operator types or pastes it): the platform decodes it,
     * the holder is shown for confirmation as after F2, with no card and no PIN.
     */
    void presentEcode(CounterViewModel model, String code) throws Exception;

    /** F8: pre-settle then settle (with PIN) the items in the table. */
    void settle(CounterViewModel model) throws Exception;

    /** F6: list the station's open visits and resume the one chosen with the holder's card. */
    void openVisits(CounterViewModel model) throws Exception;

    /** F7: cancel a settlement (2208) by its settlement id, after confirmation. */
    void cancelSettlement(CounterViewModel model) throws Exception;

    /**
     * The holder's card was taken out of the reader while no job ran and a card had been read: forgets the card,
     * says on the screen what state the transaction is left in and tells the screen what to do next.
     */
    CardRemoval cardRemoved(CounterViewModel model) throws Exception;

    /** Esc: give up the current transaction (nothing booked yet, or reversed as the workflow decides). */
    void cancel(CounterViewModel model) throws Exception;
}
