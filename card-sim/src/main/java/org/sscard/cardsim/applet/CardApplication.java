package org.sscard.cardsim.applet;

import javacard.framework.APDU;
import javacard.framework.Shareable;

/**
 * The card's one state machine, shared by the applet front ends of its two applications so that the
 * security state and the files belong to the card, not to one application.
 */
public interface CardApplication extends Shareable {
    byte SSSE = 1;
    byte MEDICAL = 2;

    /** Handles one command for {@code application}; {@code selecting} for the SELECT that chose it. */
    void process(APDU apdu, byte application, boolean selecting);
}
