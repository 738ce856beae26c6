package org.sscard.card.psam;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import org.sscard.card.SmartCardException;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.Macs;

/**
 * Loads regional keys into a PSAM at its personalisation (the key ceremony's last step): each key travels
 * encrypted under the PSAM transport key with its KCV, in a LOAD KEY command closed by a MAC over a fresh
 * PSAM challenge. The PSAM refuses a key reference it already holds (a new key is a new version).
 *
 * <p>Not thread-safe; one loader per PSAM during its personalisation. The transport key is copied and
 * wiped by {@link #close()}.
 */
public final class PsamKeyLoader implements AutoCloseable {
    private final CardTransport transport;
    private final BlockAlgorithm transportAlgorithm;
    private final byte[] transportKey;
    private boolean selected;

    public PsamKeyLoader(CardTransport transport, BlockAlgorithm transportAlgorithm, byte[] transportKey) {
        if (transportKey.length != 16) {
            throw new CryptoException("the PSAM transport key is 16 bytes, got " + transportKey.length);
        }
        this.transport = transport;
        this.transportAlgorithm = transportAlgorithm;
        this.transportKey = transportKey.clone();
    }

    /** Loads one 16-byte key; {@code testKey} flags demo and test keys in the PSAM's key list. */
    public void load(KeyRef ref, BlockAlgorithm algorithm, byte[] key, boolean testKey, Instant loadedAt) {
        if (key.length != 16) {
            throw new CryptoException(algorithm.displayName() + " keys in a PSAM are 16 bytes, got " + key.length);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(PsamProtocol.keyReference(ref));
        data.write(algorithm.cardAlgorithmId());
        data.write(testKey ? PsamProtocol.FLAG_TEST_KEY : 0);
        PsamProtocol.putInt(data, loadedAt.getEpochSecond(), 4);
        data.writeBytes(transportAlgorithm.encryptEcb(transportKey, key));
        data.writeBytes(algorithm.kcv(key));
        byte[] body = data.toByteArray();
        byte[] command = new byte[5 + body.length + 4];
        command[0] = (byte) PsamProtocol.CLA_PROPRIETARY_MAC;
        command[1] = (byte) PsamProtocol.INS_LOAD_KEY;
        command[4] = (byte) (body.length + 4);
        System.arraycopy(body, 0, command, 5, body.length);
        try {
            byte[] challenge = challenge();
            byte[] mac = Macs.cardMac(transportAlgorithm, transportKey, challenge, Arrays.copyOf(command, 5 + body.length));
            System.arraycopy(mac, 0, command, 5 + body.length, 4);
            int sw = send(command).sw();
            switch (sw) {
                case 0x9000:
                    return;
                case PsamProtocol.SW_KEY_ALREADY_HELD:
                    throw new PsamException("The PSAM already holds " + ref + "; load the new key as a new version");
                case PsamProtocol.SW_NO_ROOM:
                    throw new PsamException("The PSAM has no room for another key (" + ref + ")");
                case 0x6984:
                    throw new PsamException("The PSAM refused " + ref + ": wrong MAC or KCV. Check the PSAM transport key.");
                case 0x6A80:
                    throw new PsamException("The PSAM refused " + ref + " as malformed");
                default:
                    throw new PsamException(String.format("The PSAM refused LOAD KEY %s with SW %04X", ref, sw));
            }
        } finally {
            Arrays.fill(body, (byte) 0);
            Arrays.fill(command, (byte) 0);
        }
    }

    private byte[] challenge() {
        if (!selected) {
            ResponseApdu answer = send(CommandApdu.of(PsamProtocol.CLA_ISO, PsamProtocol.INS_SELECT, 0x04, 0x00,
                    PsamProtocol.AID, 256).toBytes());
            if (!answer.isOk()) {
                throw new PsamException(String.format("The card is not a PSAM (SELECT answered SW %04X)", answer.sw()));
            }
            selected = true;
        }
        ResponseApdu answer = send(CommandApdu.of(PsamProtocol.CLA_ISO, PsamProtocol.INS_GET_CHALLENGE, 0, 0, 8).toBytes());
        if (!answer.isOk() || answer.dataLength() != 8) {
            throw new PsamException(String.format("The PSAM answered GET CHALLENGE with SW %04X and %d bytes",
                    answer.sw(), answer.dataLength()));
        }
        return answer.data();
    }

    private ResponseApdu send(byte[] command) {
        try {
            return ResponseApdu.of(transport.transmit(command));
        } catch (SmartCardException e) {
            selected = false;
            throw new PsamException("The PSAM did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Arrays.fill(transportKey, (byte) 0);
    }
}
