package org.sscard.terminal.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.psam.DemoPsam;
import org.sscard.cardsim.psam.SimulatedPsam;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.ConfigException;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.StationConfig;

/** The PSAM of {@code reader.psam} checked when the station starts, each problem named with what to do. */
class StationPsamTest {
    private static final String PSAM_READER = "PSAM reader";

    @TempDir
    Path dir;

    private final CardTerminals terminals = CardTerminalSimulator.terminals(PSAM_READER, "Card reader");
    private final ReaderManager readers = new ReaderManager(() -> terminals);

    private String problem(String reader) {
        ConfigException e = assertThrows(ConfigException.class, () -> StationPsam.open(readers, reader));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("reader.psam: "), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void aMissingReaderAnEmptySlotAnotherCardOrAnEmptyPsamStopTheStart() {
        String missing = problem("Virtual PCD 00 07");
        assertTrue(missing.contains("is not connected") && missing.contains(PSAM_READER), missing);

        assertTrue(problem(PSAM_READER).contains("there is no card in reader 'PSAM reader': insert the station's PSAM"));

        SimulatedCard notAPsam = SimulatedCard.blank(CardIdentificationCode.ofHex("440106D1560000050102030405060708"),
                BlockAlgorithm.SM4);
        notAPsam.simulator().assignToTerminal(terminals.getTerminal(PSAM_READER));
        String other = problem(PSAM_READER);
        assertTrue(other.contains("is not a PSAM"), other);

        SimulatedPsam empty = DemoPsam.blank();
        empty.simulator().assignToTerminal(terminals.getTerminal(PSAM_READER));
        String noKeys = problem(PSAM_READER);
        assertTrue(noKeys.contains("holds no card keys"), noKeys);
    }

    @Test
    void theStationTakesCardKeysFromThePsamAndStationKeysFromTheKeyStore() {
        char[] passphrase = "Station-Keys-1".toCharArray();
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), passphrase.clone(),
                KdfParameters.FAST_FOR_TESTS);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        StationConfig config = new StationConfig("H44010600001", "测试医院", 2, "440106", "440106", "DEV-0011", "GDYB",
                URI.create("http://localhost:9"), null, true, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), null, dir.resolve("station.keys"), 1, 1, dir.resolve("station.db"),
                OfflineLimits.DEFAULTS, Duration.ofMinutes(5)).withPsamReader(PSAM_READER);

        ConfigException refused = assertThrows(ConfigException.class,
                () -> Station.open(config, passphrase.clone(), () -> readers));
        assertTrue(refused.getMessage().contains("insert the station's PSAM"), refused.getMessage());

        DemoPsam.create().simulator().assignToTerminal(terminals.getTerminal(PSAM_READER));
        try (Station station = Station.create(config, passphrase.clone(), () -> readers)) {
            assertEquals(PSAM_READER, station.psam().orElseThrow().reader());
            assertEquals(20, station.cardKeys().keys().stream().filter(k -> k.ref().type().hierarchical()).count(),
                    "the 20 national test keys of the demo PSAM");
            assertTrue(station.cardKeys().keys().stream().anyMatch(k -> k.ref().type() == KeyType.DATA),
                    "the DATA key from the key store");
            assertFalse(station.module().keys().stream().anyMatch(k -> k.ref().type().hierarchical()),
                    "the key store holds no card key");
            byte[] sealed = station.cardKeys().seal(Station.dataKey(config), new byte[] {1}, new byte[] {2, 3});
            assertEquals(2, station.module().open(Station.dataKey(config), new byte[] {1}, sealed).length);
        }
    }
}
