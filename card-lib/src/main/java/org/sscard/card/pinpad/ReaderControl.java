package org.sscard.card.pinpad;

/** A reader's control channel ({@code SCardControl}): a control code and bytes in, bytes out. */
public interface ReaderControl {
    byte[] control(int controlCode, byte[] command);
}
