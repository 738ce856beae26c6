package org.sscard.terminal.ui.office;

import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.receipt.PrintFailedException;

/** Puts a handover slip on paper (or in a file) for the holder to sign. */
public interface SlipPrinter {
    void print(HandoverSlip slip) throws PrintFailedException;

    /** How the operator knows this printer, e.g. the PDF folder. */
    String name();
}
