package org.sscard.cardsim.vpcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;

/** An independent PC/SC client, OpenSC's opensc-tool, talks to a demo card through pcscd and vpcd. */
class OpenscToolTest {
    private static final String READER = "Virtual PCD 00 00";

    @Test
    void openscToolSelectsTheSsseApplicationAndReadsTheCardNumber() throws Exception {
        PcscEnvironment.require();
        requireOpenscTool();
        ReaderManager readers = new ReaderManager();
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "the reader starts empty");
        DemoCard demo = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8).card(1);
        try (VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, new CardFactory().issue(demo),
                Duration.ofSeconds(5))) {
            assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)));
            String listing = run("opensc-tool", "--list-readers");
            assertTrue(listing.lines().anyMatch(l -> l.contains(READER) && l.contains("Yes")), listing);

            String output = run("opensc-tool", "-r", READER, "-s", "00A404000F7378312E73682EC9E7BBE1B1A3D5CF",
                    "-s", "00A4020002EF05", "-s", "00B2070000");
            List<String> received = output.lines().filter(l -> l.startsWith("Received")).toList();
            assertEquals(3, received.size(), output);
            received.forEach(line -> assertTrue(line.contains("SW1=0x90, SW2=0x00"), output));
            String hex = output.replaceAll("(?m)^(Sending|Received).*$", "").lines()
                    .map(l -> l.length() > 48 ? l.substring(0, 48) : l).reduce("", String::concat)
                    .replaceAll("[^0-9A-Fa-f]", "").toUpperCase(Locale.ROOT);
            assertTrue(hex.contains("9F0C038601" + String.format("%02X", demo.algorithm().cardAlgorithmId())), "FCI names the algorithm: " + output);
            StringBuilder cardNumberHex = new StringBuilder("0709");
            for (byte b : demo.cardNumber().value().getBytes(StandardCharsets.US_ASCII)) {
                cardNumberHex.append(String.format("%02X", b));
            }
            assertTrue(hex.contains(cardNumberHex.toString()), "EF05 tag 07 is the card number: " + output);
            assertTrue(bridge.apduCount() >= 3);
        }
    }

    private static void requireOpenscTool() {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> new File(dir, "opensc-tool").canExecute());
        if (present) {
            return;
        }
        String reason = "opensc-tool is not installed (Debian package opensc)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("the OpenSC test is mandatory under CI, but " + reason);
        }
        System.out.println("SKIPPED (OpenSC): " + reason + "; scripts/pcsc-up installs it");
        Assumptions.abort(reason);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 20 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
