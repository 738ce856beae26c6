package org.sscard.terminal.link;

import java.util.Arrays;

/** A signed request ready to be stored in the outbox or sent: its msgid, transaction code and exact bytes. */
public record PreparedMessage(String msgid, String infno, byte[] body) {
    public PreparedMessage {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedMessage p && msgid.equals(p.msgid) && infno.equals(p.infno) && Arrays.equals(body, p.body);
    }

    @Override
    public int hashCode() {
        return msgid.hashCode();
    }

    @Override
    public String toString() {
        return "PreparedMessage[" + infno + " " + msgid + ", " + body.length + " bytes]";
    }
}
