package org.sscard.terminal.card;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.NoCardException;
import org.sscard.card.SmartCardException;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.psam.PsamException;
import org.sscard.card.psam.PsamSecurityModule;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.crypto.CompositeSecurityModule;
import org.sscard.crypto.SecurityModule;
import org.sscard.terminal.config.ConfigException;

/**
 * The station's PSAM in its own reader ({@code reader.psam}): every card-key operation (authentication
 * cryptograms, PIN blocks, secure-messaging MACs, debit MAC1/MAC2/TAC, key wrapping) is done inside it, while
 * the station's own keys (DATA, DEVICE_SIGN) stay in the software key store ({@link #cardKeys}). Opened and checked
 * when the station starts; a PSAM pulled later makes the next card operation fail with card-lib's
 * {@link PsamException} ("Check that the PSAM is in its reader slot…"), and a PSAM put back serves again.
 */
public final class StationPsam implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationPsam.class);

    private final String reader;
    private final CardTransport transport;
    private final PsamSecurityModule module;

    private StationPsam(String reader, CardTransport transport, PsamSecurityModule module) {
        this.reader = reader;
        this.transport = transport;
        this.module = module;
    }

    /**
     * Connects to the PSAM in {@code reader}, selects it and reads its key list.
     *
     * @throws ConfigException naming {@code reader.psam} when the reader is not connected, holds no card, holds a
     *                         card that is not a PSAM, or a PSAM without card keys
     */
    public static StationPsam open(ReaderManager readers, String reader) {
        List<String> connected;
        try {
            connected = readers.readers();
        } catch (SmartCardException e) {
            throw problem("the card readers cannot be listed (" + e.getMessage() + ")");
        }
        if (!connected.contains(reader)) {
            throw problem("reader '" + reader + "' is not connected (connected: " + (connected.isEmpty() ? "none"
                    : String.join(", ", connected)) + "); connect the PSAM reader or correct the setting");
        }
        CardTransport transport;
        try {
            transport = CardTransports.standard(readers.connect(reader));
        } catch (NoCardException e) {
            throw problem("there is no card in reader '" + reader + "': insert the station's PSAM");
        } catch (SmartCardException e) {
            throw problem("the card in reader '" + reader + "' cannot be reached (" + e.getMessage() + ")");
        }
        try {
            PsamSecurityModule module = PsamSecurityModule.open(transport);
            if (module.keys().stream().noneMatch(k -> k.ref().type().hierarchical())) {
                throw problem("the PSAM in reader '" + reader + "' holds no card keys; load them at a key ceremony");
            }
            LOG.info("PSAM in reader '{}' with {} keys", reader, module.keys().size());
            return new StationPsam(reader, transport, module);
        } catch (PsamException e) {
            transport.close();
            throw problem("the card in reader '" + reader + "' does not serve as a PSAM: " + e.getMessage());
        } catch (ConfigException e) {
            transport.close();
            throw e;
        }
    }

    private static ConfigException problem(String text) {
        return new ConfigException("(reader.psam)", List.of("reader.psam: " + text));
    }

    /** The PSAM's reader: never the patient's card slot. */
    public String reader() {
        return reader;
    }

    /** The PSAM alone (card keys only). */
    public PsamSecurityModule module() {
        return module;
    }

    /** Card keys from the PSAM, station keys (DATA, DEVICE_SIGN) from {@code stationKeys}. */
    public SecurityModule cardKeys(SecurityModule stationKeys) {
        return new CompositeSecurityModule(module, stationKeys);
    }

    @Override
    public void close() {
        transport.close();
    }
}
