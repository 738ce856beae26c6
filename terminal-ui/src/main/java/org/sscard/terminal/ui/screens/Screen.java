package org.sscard.terminal.ui.screens;

import javafx.scene.Node;

/** One main screen. The shell routes the function keys to the screen on show: F2, F5, F6, F7, F8 and Esc. */
public interface Screen {
    /** The node id of the screen's root (tests and screenshots find screens by it). */
    String id();

    /** The bundle key of the screen's name in the navigation. */
    String titleKey();

    Node view();

    /** F5, and each time the screen is shown. */
    default void refresh() {
    }

    /** F2: read the card. */
    default void readCard() {
    }

    /** F8: settle. */
    default void settle() {
    }

    /** F6: the open visits (resume). */
    default void openVisits() {
    }

    /** F7: cancel a settlement. */
    default void cancelSettlement() {
    }

    /**
     * The bundle key of this screen's own keys for the F1 help (shown after the keys every screen has); by default F5
     * refresh only.
     */
    default String helpKey() {
        return "keys.help.screen";
    }

    /**
     * A card was put into the station's card reader while this screen is shown and idle (no job, no dialog, not
     * locked); the screen decides whether that starts its F2. Called on the FX thread.
     */
    default void cardInserted() {
    }

    /** The card was taken out of the station's card reader (FX thread; every screen of the session hears it). */
    default void cardRemoved() {
    }

    /** Esc: cancel what is in progress on this screen. */
    default void cancel() {
    }
}
