package org.sscard.terminal.reason;

/** A refusal or failure that carries its {@link Problem}: the views put it into their own language. */
public interface Reasoned {
    Problem problem();
}
