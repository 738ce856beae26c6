package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A response: the header members and, when {@code infcode} is 0, the transaction's {@code output}.
 * A failed response carries {@code err_msg} and no {@code output}. {@code extra}: the members of the answer as received
 * that this version does not know, anywhere in it (empty for an answer built here); writing puts them back.
 */
public record Response<O extends TransactionOutput>(@JsonUnwrapped ResponseHeader header, O output,
        @JsonIgnore List<ExtraMember> extra) {

    public Response {
        extra = extra == null ? List.of() : List.copyOf(extra);
    }

    public Response(ResponseHeader header, O output) {
        this(header, output, List.of());
    }

    public Response<O> withCainfo(String cainfo) {
        return new Response<>(header.withCainfo(cainfo), output, extra);
    }

    public boolean ok() {
        return header.infcode() != null && header.infcode() == 0;
    }

    public void validate() {
        Fields root = new Fields("");
        header.validate(root);
        if (ok()) {
            Transaction<?, ?> t = output == null ? null : Transaction.answeredWith(output.getClass());
            root.object(t == null ? "output" : t.outputPath(), output);
        } else if (output != null) {
            throw root.invalid("output", "must be absent when infcode is not 0");
        }
    }
}
