package org.sscard.card.transport;

import java.util.Arrays;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;

/**
 * The one way card-lib talks to a card: command bytes in, response bytes (data and SW) out. Readers,
 * simulators and replay files implement it; every other concern (GET RESPONSE, 6Cxx, logging, counting) is
 * a decorator around it. Implementations report a pulled card as
 * {@link org.sscard.card.CardRemovedException} and reader trouble as {@link org.sscard.card.ReaderException}.
 */
public interface CardTransport extends AutoCloseable {

    /** Sends one command APDU and returns the response APDU including SW1 SW2. */
    byte[] transmit(byte[] command);

    /** Sends a command object; the command bytes are wiped after sending. */
    default ResponseApdu transmit(CommandApdu command) {
        byte[] bytes = command.toBytes();
        try {
            return ResponseApdu.of(transmit(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The card's answer to reset, or an empty array where the transport has none. */
    default byte[] atr() {
        return new byte[0];
    }

    /** Releases the card; a closed transport is not used again. */
    @Override
    void close();
}
