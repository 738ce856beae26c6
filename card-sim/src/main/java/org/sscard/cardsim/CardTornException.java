package org.sscard.cardsim;

/**
 * A command was interrupted by simulated power loss (armed through
 * {@link org.sscard.cardsim.applet.TearingHook}); the card has been powered off and answered nothing.
 */
public final class CardTornException extends RuntimeException {
    CardTornException() {
        super("the card lost power during the command (simulated tearing); power it on and select again");
    }
}
