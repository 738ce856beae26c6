package org.sscard.protocol;

/** The {@code input} object of a request. */
public interface TransactionInput extends Validated {
}
