package org.sscard.protocol;

/** The {@code output} object of a successful response. */
public interface TransactionOutput extends Validated {
}
