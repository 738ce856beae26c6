package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A request: the header members and the transaction's {@code input}, on the wire as one flat object. */
public record Request<I extends TransactionInput>(@JsonUnwrapped RequestHeader header, I input) {

    public Request<I> withCainfo(String cainfo) {
        return new Request<>(header.withCainfo(cainfo), input);
    }

    public void validate() {
        Fields root = new Fields("");
        header.validate(root);
        root.object("input", input);
    }
}
