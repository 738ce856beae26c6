package org.sscard.cardsim.applet;

/** Thrown out of the applet when {@link TearingHook} simulates power loss in the middle of a command. */
public final class CardTearing extends RuntimeException {
    CardTearing() {
        super("simulated power loss during a persistent write");
    }
}
