package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import org.sscard.cardsim.vpcd.VpcdBridge;

/**
 * Tests through the machine's pcscd need it running with vsmartcard's vpcd driver (scripts/pcsc-up). Without it they
 * skip with the reason printed; under CI (CI=true) they are mandatory and fail instead. The card reader they use is
 * {@link #CARD_READER}, fed by card-sim's {@link VpcdBridge} on {@link VpcdBridge#FIRST_SLOT_PORT}.
 */
final class PcscReaders {
    static final String CARD_READER = "Virtual PCD 00 00";

    private PcscReaders() {
    }

    static void require() {
        String reason = missingReason();
        if (reason == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("PC/SC tests are mandatory under CI, but " + reason);
        }
        System.out.println("SKIPPED (PC/SC): " + reason + "; run scripts/pcsc-up to include these tests");
        Assumptions.abort(reason);
    }

    private static String missingReason() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT), 500);
            return null;
        } catch (IOException e) {
            return "no vpcd virtual reader listens on 127.0.0.1:" + VpcdBridge.FIRST_SLOT_PORT
                    + " (pcscd with vsmartcard-vpcd is not running)";
        }
    }
}
