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
        Fields root = new Fields("");
        header.validate(root);
        root.object(Transaction.byInfno("infno", header.infno()).inputPath(), input);
    }
}
