package org.sscard.terminal.card;

import java.util.List;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.transport.CountingTransport;
import org.sscard.card.transport.CardTransports;

/**
 * The reader the patient's card is presented in: the configured reader ({@code reader.card}), or the first reader
 * holding a card. Production readers come from the JDK's PC/SC provider; tests pass a {@link ReaderManager} over
 * jCardSim's in-process {@code javax.smartcardio} terminals, so the same code path runs.
 */
public final class CardSlot {
    private final ReaderManager readers;
    private final String readerName;
    private final String psamReader;

    /** {@code readerName} null or blank: the first reader with a card. */
    public CardSlot(ReaderManager readers, String readerName) {
        this(readers, readerName, null);
    }

    /** As above, never choosing {@code psamReader} (the station's PSAM slot; null: none) as the first reader. */
    public CardSlot(ReaderManager readers, String readerName, String psamReader) {
        this.readers = readers;
        this.readerName = readerName == null || readerName.isBlank() ? null : readerName;
        this.psamReader = psamReader;
    }

    /** Connects to the card (standard decorators: GET RESPONSE, wrong-length retry, masked logging, counting). */
    public CountingTransport connect() {
        String reader = readerName;
        if (reader == null) {
            List<String> withCard = readers.readersWithCard().stream().filter(r -> !r.equals(psamReader)).toList();
            if (withCard.isEmpty()) {
                throw new NoCardInSlotException();
            }
            reader = withCard.get(0);
        }
        return CardTransports.standard(readers.connect(reader));
    }
}
