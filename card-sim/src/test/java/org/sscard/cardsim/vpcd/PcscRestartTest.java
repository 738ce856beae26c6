package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sscard.card.pcsc.PcscTransport;
import org.sscard.card.pcsc.ReaderManager;

/**
 * The station carries on after pcscd restarts: the same ReaderManager lists the readers and reaches the card
 * again. Restarts only a pcscd that scripts/pcsc-up started (never a system service someone else runs).
 */
class PcscRestartTest {
    private static final String READER = "Virtual PCD 00 00";

    @Test
    void aReaderManagerSurvivesAPcscdRestart() throws Exception {
        PcscEnvironment.require();
        Path scripts = Path.of("..", "scripts").toAbsolutePath().normalize();
        Path pidFile = Path.of(System.getenv().getOrDefault("SSCARD_RUN_DIR", "/tmp"), "sscard-pcscd.pid");
        if (!Files.exists(pidFile) || !Files.exists(scripts.resolve("pcsc-up"))) {
            String reason = "pcscd was not started by scripts/pcsc-up, so this test will not restart it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("under CI scripts/test starts pcscd, but " + reason);
            }
            System.out.println("SKIPPED (PC/SC restart): " + reason);
            Assumptions.abort(reason);
        }
        ReaderManager readers = new ReaderManager();
        assertTrue(readers.readers().contains(READER));
        try (VpcdBridge before = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, new EchoCard(), Duration.ofSeconds(5))) {
            assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)));
            assertEquals(0x9000, echo(readers));
            assertEquals(1, before.apduCount());
        }
        run(scripts.resolve("pcsc-down"));
        run(scripts.resolve("pcsc-up"));
        try (VpcdBridge after = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, new EchoCard(), Duration.ofSeconds(10))) {
            assertTrue(readers.readers().contains(READER), "the readers are listed again after the restart");
            assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)));
            assertEquals(0x9000, echo(readers), "the card is reached again without restarting the application");
            assertEquals(1, after.apduCount());
        }
    }

    private static int echo(ReaderManager readers) {
        try (PcscTransport transport = readers.connect(READER)) {
            byte[] response = transport.transmit(new byte[] {0x00, (byte) 0x84, 0x00, 0x00, 0x08});
            return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
        }
    }

    private static void run(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, script + " failed");
    }
}
