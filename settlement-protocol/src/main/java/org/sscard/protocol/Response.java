package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A response: the header members and, when {@code infcode} is 0, the transaction's {@code output}.
 * A failed response carries {@code err_msg} and no {@code output}.
 */
public record Response<O extends TransactionOutput>(@JsonUnwrapped ResponseHeader header, O output) {

    public Response<O> withCainfo(String cainfo) {
        return new Response<>(header.withCainfo(cainfo), output);
    }

    public boolean ok() {
        return header.infcode() != null && header.infcode() == 0;
    }

    public void validate() {
        Fields root = new Fields("");
        header.validate(root);
        if (ok()) {
            root.object("output", output);
        } else if (output != null) {
            throw root.invalid("output", "must be absent when infcode is not 0");
        }
    }
}
