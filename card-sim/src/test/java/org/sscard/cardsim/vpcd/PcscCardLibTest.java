package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscard.card.WrongPinException;
import org.sscard.card.apdu.Atr;
import org.sscard.card.cli.SsCard;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.DebitRequest;
import org.sscard.card.session.DebitResult;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.values.Money;

/** card-lib and the sscard tool through the real pcscd, vpcd and the bridge, reader "Virtual PCD 00 00". */
class PcscCardLibTest {
    static final String READER = "Virtual PCD 00 00";
    private static final DemoCardSet DEMO = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
    private ReaderManager readers;

    @BeforeEach
    void requirePcsc() {
        PcscEnvironment.require();
        readers = new ReaderManager();
        assertTrue(readers.readers().contains(READER), "pcscd lists " + READER);
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "the reader starts empty");
    }

    private VpcdBridge insert(SimulatedCard card) throws Exception {
        VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, card, Duration.ofSeconds(5));
        assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)), "the inserted card is seen");
        return bridge;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readVerifyPinAndDebitThroughPcscd(int number) throws Exception {
        DemoCard demo = DEMO.card(number);
        SoftwareSecurityModule module = TestKeys.module();
        try (VpcdBridge bridge = insert(new CardFactory(module).issue(demo));
             PcscTransport reader = readers.connect(READER)) {
            CardSession session = new CardSession(CardTransports.standard(reader), module);
            CardData card = session.readCard();
            assertEquals(demo.cardData(), card);
            assertEquals(demo.algorithm(), session.algorithm());
            assertEquals(5, assertThrows(WrongPinException.class, () -> session.verifyPin("000000".toCharArray())).triesLeft());
            session.verifyPin(demo.pin().toCharArray());
            DebitRequest request = new DebitRequest(Money.ofFen(500), HexFormat.of().parseHex("440106000002"), 1,
                    LocalDateTime.of(2025, 3, 2, 9, 0));
            DebitResult result = session.debit(request);
            assertTrue(module.verifyDebitTac(TestKeys.nationalRef(KeyType.DEBIT, demo.algorithm()), demo.identification(),
                    result.data(), result.tac()));
            assertEquals(card.medical().balance().minus(Money.ofFen(500)), session.readMedicalData().balance());
            assertTrue(bridge.apduCount() >= 25 + 2 + 2 + 7, "every command went through the bridge");
        }
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "closing the bridge removes the card");
    }

    @Test
    void theToolReadsJsonAndTheDriverLineThroughPcscd(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("keys.store");
        TestKeys.loadInto(SoftwareSecurityModule.create(keystore, "pcsc test keys".toCharArray(), KdfParameters.FAST_FOR_TESTS));
        DemoCard demo = DEMO.card(3);
        try (VpcdBridge bridge = insert(new CardFactory().issue(demo))) {
            Map<String, String> env = Map.of("SSCARD_KEYSTORE", keystore.toString(), "SSCARD_KEYSTORE_PASSPHRASE", "pcsc test keys");
            String json = run(env, "read", "--reader", READER, "--json");
            JsonNode card = new ObjectMapper().readTree(json);
            assertEquals(demo.cardNumber().value(), card.get("card_no").asText());
            assertEquals(demo.holder().name(), card.get("holder").get("name").asText(), "a name with the extension tag 4E");
            String driver = run(env, "read", "--reader", READER, "--format", "driver").trim();
            String[] fields = driver.split("\\|", -1);
            assertEquals(demo.holder().certificateNumber(), fields[1]);
            assertEquals(demo.cardNumber().value(), fields[2]);
            byte[] atr = new CardFactory().blank(DEMO.blankCards().get(0)).atr();
            assertEquals(HexFormat.of().withUpperCase().formatHex(Atr.parse(atr).historicalBytes()), fields[5],
                    "卡复位信息: the historical bytes of the ATR pcscd reports");
            assertTrue(atr.length > Atr.parse(atr).historicalBytes().length, "not the whole ATR");
            assertTrue(bridge.apduCount() >= 2 * 26, "both reads went through the bridge");
        }
    }

    private String run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SsCard(() -> readers, env::get, new ByteArrayInputStream(new byte[0]), () -> null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
