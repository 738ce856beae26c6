package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A card plugged in through the bridge, seen through the JDK's PC/SC provider and a real pcscd. */
class PcscVirtualReaderTest {
    private CardTerminal reader;

    @BeforeEach
    void findReader() throws Exception {
        PcscEnvironment.require();
        reader = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal("Virtual PCD 00 00");
        assertTrue(reader != null, "pcscd lists the reader Virtual PCD 00 00");
        assertTrue(reader.waitForCardAbsent(5000), "the reader starts empty");
    }

    @Test
    void insertTransmitResetAndRemove() throws Exception {
        try (VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, new EchoCard(),
                Duration.ofSeconds(5))) {
            assertTrue(reader.waitForCardPresent(5000), "the inserted card is seen");
            Card card = reader.connect("*");
            assertArrayEquals(new EchoCard().atr(), card.getATR().getBytes());
            CardChannel channel = card.getBasicChannel();
            ResponseAPDU response = channel.transmit(new CommandAPDU(0x00, 0xDC, 0x01, 0x00, new byte[] {1, 2, 3}));
            assertEquals(0x9000, response.getSW());
            assertArrayEquals(new byte[] {1, 2, 3}, response.getData());
            assertEquals(0x9000, channel.transmit(new CommandAPDU(0x00, 0x84, 0x00, 0x00)).getSW());
            card.disconnect(true);
            Card again = reader.connect("*");
            assertEquals(0x9000, again.getBasicChannel().transmit(new CommandAPDU(0x00, 0x84, 0x00, 0x00)).getSW());
            again.disconnect(false);
            assertTrue(bridge.apduCount() >= 3);
        }
        assertTrue(reader.waitForCardAbsent(5000), "closing the bridge removes the card");
    }
}
