package org.sscard.terminal.receipt;

/** Something that puts a receipt on paper (or in a file). */
public interface ReceiptPrinter {
    /** Prints one receipt; a failure (no paper, cover open, printer unplugged) is a {@link PrintFailedException}. */
    void print(Receipt receipt) throws PrintFailedException;

    /** How the operator knows this printer, e.g. {@code /dev/usb/lp0}. */
    String name();
}
