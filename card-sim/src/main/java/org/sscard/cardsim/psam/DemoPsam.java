package org.sscard.cardsim.psam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.psam.PsamKeyLoader;
import org.sscard.card.transport.CardTransport;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Sm3;
import org.sscard.crypto.TestKeys;

/**
 * The demo PSAM: a {@link SimulatedPsam} holding every national test key of both algorithms
 * ({@link TestKeys#nationalRef}: 3DES version 1, SM4 version 3), loaded through card-lib's
 * {@link PsamKeyLoader} as a key ceremony would. Its transport key is public (made from a fixed seed), as
 * are the test keys: it must never serve real cards.
 *
 * <p>{@code main} plugs it into the vpcd reader "Virtual PCD 00 01" (127.0.0.1:35964, or the host and port
 * given as arguments) and keeps it inserted until the process ends.
 */
public final class DemoPsam {
    public static final String TRANSPORT_KEY_SEED = "sscard demo PSAM transport key v1";
    public static final BlockAlgorithm TRANSPORT_ALGORITHM = BlockAlgorithm.SM4;
    public static final int SECOND_SLOT_PORT = VpcdBridge.FIRST_SLOT_PORT + 1;
    private static final Logger LOG = LoggerFactory.getLogger(DemoPsam.class);

    private DemoPsam() {
    }

    /** The demo PSAM transport key: the first 16 bytes of SM3(seed). */
    public static byte[] transportKey() {
        return Arrays.copyOf(Sm3.hash(TRANSPORT_KEY_SEED.getBytes(StandardCharsets.US_ASCII)), 16);
    }

    /** A blank PSAM with the demo transport key. */
    public static SimulatedPsam blank() {
        byte[] key = transportKey();
        try {
            return SimulatedPsam.blank(TRANSPORT_ALGORITHM, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A PSAM holding every national test key for both algorithms. */
    public static SimulatedPsam create() {
        SimulatedPsam psam = blank();
        try (PsamKeyLoader loader = loader(new InProcessTransport(psam))) {
            Instant now = Instant.now();
            for (BlockAlgorithm alg : BlockAlgorithm.values()) {
                for (KeyType type : KeyType.values()) {
                    if (type.hierarchical()) {
                        byte[] key = TestKeys.national(type, alg);
                        loader.load(TestKeys.nationalRef(type, alg), alg, key, true, now);
                        Arrays.fill(key, (byte) 0);
                    }
                }
            }
        }
        psam.reset();
        return psam;
    }

    /** A loader for a PSAM made with the demo transport key. */
    public static PsamKeyLoader loader(CardTransport transport) {
        byte[] key = transportKey();
        try {
            return new PsamKeyLoader(transport, TRANSPORT_ALGORITHM, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : SECOND_SLOT_PORT;
        SimulatedPsam psam = create();
        try (VpcdBridge bridge = VpcdBridge.insert(host, port, psam, Duration.ofSeconds(10))) {
            LOG.info("demo PSAM with the national test keys inserted at {}:{}; stop the process to remove it", host, port);
            while (bridge.inserted()) {
                Thread.sleep(1000);
            }
        }
    }
}
