package org.sscard.cardsim.vpcd;

/** What the virtual reader needs of a card: an ATR, power and reset, and bytes in, bytes out. */
public interface VirtualCard {
    byte[] atr();

    void powerOn();

    void powerOff();

    /** Warm reset: transient state (selection, security state) is cleared, persistent data stays. */
    void reset();

    /** One command APDU in, the response APDU (data ‖ SW1 SW2) out. */
    byte[] transmit(byte[] command);
}
