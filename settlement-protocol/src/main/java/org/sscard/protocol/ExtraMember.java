package org.sscard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A member of an answer that this version does not know, kept as received (the tolerant reader never refuses one):
 * {@code at} is where it was, member names ({@code String}) and array indexes ({@code Integer}) from the envelope root,
 * and {@code value} its JSON value. {@link MessageCodec#write(Response)} puts it back at the same place.
 */
public record ExtraMember(List<Object> at, JsonNode value) {
    public ExtraMember {
        at = List.copyOf(at);
    }

    /** The wire path, e.g. {@code output.setlinfo.hifmi_pay} or {@code output.insuinfo[1].emp_name}. */
    public String path() {
        StringBuilder path = new StringBuilder();
        for (Object step : at) {
            if (step instanceof Integer i) {
                path.append('[').append(i).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(JsonErrors.safeName((String) step));
            }
        }
        return path.toString();
    }
}
