package org.sscard.terminal.desk;

import java.util.Optional;

/** Where the holder's PIN comes from when the desk needs it: a PIN dialog, a console, the environment. */
@FunctionalInterface
public interface PinSource {
    /** The PIN typed (the desk wipes it after use), or empty when the holder gave none. */
    Optional<char[]> ask() throws InterruptedException;
}
