package org.sscard.card.transport;

import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;

/**
 * Resends a command once with the Le the card asked for when it answers SW 6Cxx (wrong expected length).
 * A second 6Cxx is returned as it is, so a confused card cannot make the terminal loop.
 */
public final class WrongLengthRetryTransport extends ForwardingTransport {

    public WrongLengthRetryTransport(CardTransport inner) {
        super(inner);
    }

    @Override
    public byte[] transmit(byte[] command) {
        byte[] answer = inner.transmit(command);
        ResponseApdu response = ResponseApdu.of(answer);
        if (!response.statusWord().isWrongLe()) {
            return answer;
        }
        CommandApdu original = CommandApdu.parse(command);
        int ne = response.sw2() == 0 ? 256 : response.sw2();
        CommandApdu resend = original.withNe(ne);
        try {
            return inner.transmit(resend.toBytes());
        } finally {
            original.wipe();
            resend.wipe();
        }
    }
}
