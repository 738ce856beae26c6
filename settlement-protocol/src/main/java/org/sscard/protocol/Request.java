package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A request: the header members and the transaction's {@code input}, on the wire as one object whose {@code input}
 * holds the record under the transaction's wrapper ({@link Transaction#inputPath()}).
 */
public record Request<I extends TransactionInput>(@JsonUnwrapped RequestHeader header, I input) {

    public Request<I> withCainfo(String cainfo) {
        return new Request<>(header.withCainfo(cainfo), input);
    }

    public void validate() {
        validate(new Fields(""));
    }

    /** As {@link #validate()} for a request the station stored: see {@link Fields#storedByEarlierVersion}. */
    public void validateStored() {
        validate(new Fields("", true));
    }

    private void validate(Fields root) {
        header.validate(root);
        root.object(Transaction.byInfno("infno", header.infno()).inputPath(), input);
    }
}
