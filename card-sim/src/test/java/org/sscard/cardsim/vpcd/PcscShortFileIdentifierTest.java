package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sscard.card.apdu.Atr;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.Application;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.psam.DemoPsam;

/**
 * Driver software's READ RECORD by short file identifier ({@code 00 B2 rr 2C Le}, no SELECT of EF05) through
 * the real pcscd. Uses the first virtual reader, or the second when the first holds a card.
 */
class PcscShortFileIdentifierTest {
    private static final String FIRST = "Virtual PCD 00 00";
    private static final String SECOND = "Virtual PCD 00 01";

    @Test
    void anSfiReadRecordAfterSelectSsseAnswers9000() throws Exception {
        PcscEnvironment.require();
        ReaderManager readers = new ReaderManager();
        boolean firstFree = readers.waitForCardAbsent(FIRST, Duration.ofSeconds(2));
        String reader = firstFree ? FIRST : SECOND;
        int port = firstFree ? VpcdBridge.FIRST_SLOT_PORT : DemoPsam.SECOND_SLOT_PORT;
        assertTrue(readers.readers().contains(reader), "pcscd lists " + reader + ": " + readers.readers());
        assertTrue(readers.waitForCardAbsent(reader, Duration.ofSeconds(5)), reader + " starts empty");
        DemoCard demo = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 1).card(1);
        try (VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", port, new CardFactory().issue(demo), Duration.ofSeconds(5))) {
            assertTrue(readers.waitForCardPresent(reader, Duration.ofSeconds(5)), "the inserted card is seen");
            try (PcscTransport card = readers.connect(reader)) {
                assertTrue(Atr.parse(card.atr()).historicalBytes().length > 0, "pcscd reports a well-formed ATR");
                assertEquals(0x9000, card.transmit(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, Application.SSSE.aid(), 256)).sw(),
                        "SELECT SSSE");
                ResponseApdu cardNumber = send(card, "00B2072C0B");
                assertEquals(0x9000, cardNumber.sw(), "record 7 of EF05 by SFI 5: " + cardNumber);
                assertEquals("0709" + HexFormat.of().formatHex(demo.cardNumber().value().getBytes(StandardCharsets.US_ASCII)),
                        HexFormat.of().formatHex(cardNumber.data()));
                assertEquals(0x6982, send(card, "00B2013400").sw(),
                        "EF06 by SFI 6 still needs external authentication");
                assertEquals(0x6A82, send(card, "00B2013C00").sw(), "no EF with SFI 7");
            }
            assertTrue(bridge.apduCount() >= 4, "the commands went through pcscd and the bridge");
        }
        assertTrue(readers.waitForCardAbsent(reader, Duration.ofSeconds(5)), "closing the bridge removes the card");
    }

    private static ResponseApdu send(PcscTransport card, String hex) {
        return ResponseApdu.of(card.transmit(HexFormat.of().parseHex(hex)));
    }
}
