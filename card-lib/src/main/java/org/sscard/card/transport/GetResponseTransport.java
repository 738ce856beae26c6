package org.sscard.card.transport;

import java.io.ByteArrayOutputStream;
import org.sscard.card.CardFormatException;
import org.sscard.card.apdu.ResponseApdu;

/**
 * Collects response data the card announces with SW 61xx by sending GET RESPONSE ({@code 00 C0 00 00 xx})
 * until the card answers another status word; the caller sees one response with all the data.
 */
public final class GetResponseTransport extends ForwardingTransport {
    /** A card that keeps answering 61xx past this many rounds is broken; stop rather than hang. */
    static final int MAX_ROUNDS = 32;

    public GetResponseTransport(CardTransport inner) {
        super(inner);
    }

    @Override
    public byte[] transmit(byte[] command) {
        ResponseApdu response = ResponseApdu.of(inner.transmit(command));
        if (!response.statusWord().isMoreDataAvailable()) {
            return response.toBytes();
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int rounds = 0;
        while (response.statusWord().isMoreDataAvailable()) {
            if (++rounds > MAX_ROUNDS) {
                throw new CardFormatException("The card keeps announcing more response data (SW 61xx) after "
                        + MAX_ROUNDS + " GET RESPONSE commands; it is not working properly.");
            }
            data.writeBytes(response.data());
            byte[] getResponse = {0x00, (byte) 0xC0, 0x00, 0x00, (byte) response.sw2()};
            response = ResponseApdu.of(inner.transmit(getResponse));
        }
        data.writeBytes(response.toBytes());
        return data.toByteArray();
    }
}
