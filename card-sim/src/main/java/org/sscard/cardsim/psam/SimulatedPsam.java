package org.sscard.cardsim.psam;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.util.Arrays;
import java.util.HexFormat;
import javacard.framework.AID;
import org.sscard.cardsim.applet.PsamApplet;
import org.sscard.cardsim.vpcd.VirtualCard;
import org.sscard.crypto.BlockAlgorithm;

/**
 * One PSAM in jCardSim, in process: the {@link PsamApplet} installed under AID {@code D1560000055053414D}
 * with its transport key. A new PSAM holds no keys; load them with card-lib's
 * {@code org.sscard.card.psam.PsamKeyLoader} (see {@link DemoPsam} for one loaded with the test keys).
 */
public final class SimulatedPsam implements VirtualCard {
    private static final byte[] AID_BYTES = HexFormat.of().parseHex("D1560000055053414D");

    private final CardSimulator simulator = new CardSimulator();
    private boolean powered = true;

    private SimulatedPsam(BlockAlgorithm transportAlgorithm, byte[] transportKey) {
        byte[] params = installParameters(transportAlgorithm, transportKey);
        simulator.installApplet(new AID(AID_BYTES, (short) 0, (byte) AID_BYTES.length), PsamApplet.class,
                params, (short) 0, (byte) params.length);
        Arrays.fill(params, (byte) 0);
    }

    /** A PSAM without keys whose LOAD KEY commands are protected by {@code transportKey} (16 bytes). */
    public static SimulatedPsam blank(BlockAlgorithm transportAlgorithm, byte[] transportKey) {
        return new SimulatedPsam(transportAlgorithm, transportKey);
    }

    /** The install parameters: transport algorithm id (01 3DES, 03 SM4) ‖ PSAM transport key (16). */
    public static byte[] installParameters(BlockAlgorithm transportAlgorithm, byte[] transportKey) {
        if (transportKey.length != 16) {
            throw new IllegalArgumentException("the PSAM transport key is 16 bytes, got " + transportKey.length);
        }
        byte[] params = new byte[17];
        params[0] = (byte) transportAlgorithm.cardAlgorithmId();
        System.arraycopy(transportKey, 0, params, 1, 16);
        return params;
    }

    /** The PSAM application's AID. */
    public static byte[] aid() {
        return AID_BYTES.clone();
    }

    /**
     * Sends one command APDU and answers the response APDU (data ‖ SW1 SW2).
     *
     * @throws IllegalStateException when the PSAM is powered off
     */
    @Override
    public synchronized byte[] transmit(byte[] command) {
        if (!powered) {
            throw new IllegalStateException("the PSAM is powered off; call powerOn() first");
        }
        return simulator.transmitCommand(command.clone());
    }

    @Override
    public synchronized void reset() {
        simulator.reset();
    }

    @Override
    public synchronized void powerOff() {
        simulator.reset();
        powered = false;
    }

    @Override
    public synchronized void powerOn() {
        simulator.reset();
        powered = true;
    }

    @Override
    public byte[] atr() {
        return simulator.getATR();
    }

    /** The underlying simulator, e.g. to plug it into a {@code javax.smartcardio} terminal. */
    public CardSimulator simulator() {
        return simulator;
    }
}
