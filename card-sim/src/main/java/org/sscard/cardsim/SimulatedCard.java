package org.sscard.cardsim;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import javacard.framework.AID;
import org.sscard.cardsim.applet.MedicalApplet;
import org.sscard.cardsim.applet.SsseApplet;
import org.sscard.cardsim.applet.TearingHook;
import org.sscard.cardsim.vpcd.VirtualCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyDiversification;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;

/**
 * One social security card in jCardSim, in process: bytes in, bytes out. A new card is blank (not
 * personalised) and knows its identification code, algorithm and card-level transport key.
 */
public final class SimulatedCard implements VirtualCard {
    private static final byte[] SSSE_AID = Hex.decode("7378312E73682EC9E7BBE1B1A3D5CF");
    private static final byte[] MEDICAL_AID = Hex.decode("D15600000503");

    private final CardSimulator simulator;
    private final CardIdentificationCode identification;
    private final BlockAlgorithm algorithm;
    private boolean powered = true;

    private SimulatedCard(CardIdentificationCode identification, BlockAlgorithm algorithm, byte[] transportKey) {
        this.identification = identification;
        this.algorithm = algorithm;
        this.simulator = new CardSimulator();
        byte[] params = installParameters(identification, algorithm, transportKey);
        simulator.installApplet(new AID(SSSE_AID, (short) 0, (byte) SSSE_AID.length), SsseApplet.class,
                params, (short) 0, (byte) params.length);
        Arrays.fill(params, (byte) 0);
        simulator.installApplet(new AID(MEDICAL_AID, (short) 0, (byte) MEDICAL_AID.length), MedicalApplet.class);
    }

    /** A blank card whose transport key is the national demo TRANSPORT key derived down to this card. */
    public static SimulatedCard blank(CardIdentificationCode identification, BlockAlgorithm algorithm) {
        byte[] transport = KeyDiversification.nationalToCard(algorithm,
                TestKeys.national(KeyType.TRANSPORT, algorithm), identification);
        try {
            return blank(identification, algorithm, transport);
        } finally {
            Arrays.fill(transport, (byte) 0);
        }
    }

    /** A blank card with the given card-level transport key (16 bytes). */
    public static SimulatedCard blank(CardIdentificationCode identification, BlockAlgorithm algorithm,
                                      byte[] transportKey) {
        return new SimulatedCard(identification, algorithm, transportKey);
    }

    /**
     * The install parameters of the SSSE applet: card identification code (16) ‖ algorithm id (1) ‖
     * card-level transport key (16).
     */
    public static byte[] installParameters(CardIdentificationCode identification, BlockAlgorithm algorithm,
                                           byte[] transportKey) {
        if (transportKey.length != 16) {
            throw new IllegalArgumentException("the transport key is 16 bytes, got " + transportKey.length);
        }
        byte[] params = new byte[33];
        System.arraycopy(identification.bytes(), 0, params, 0, 16);
        params[16] = (byte) algorithm.cardAlgorithmId();
        System.arraycopy(transportKey, 0, params, 17, 16);
        return params;
    }

    /** The SSSE application's AID. */
    public static byte[] ssseAid() {
        return SSSE_AID.clone();
    }

    /** The medical application's AID. */
    public static byte[] medicalAid() {
        return MEDICAL_AID.clone();
    }

    public CardIdentificationCode identification() {
        return identification;
    }

    public BlockAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Sends one command APDU and answers the response APDU (data ‖ SW1 SW2).
     *
     * @throws CardTornException when an armed tearing interruption fired; the card is then powered off
     * @throws IllegalStateException when the card is powered off
     */
    @Override
    public byte[] transmit(byte[] command) {
        if (!powered) {
            throw new IllegalStateException("the card is powered off; call powerOn() first");
        }
        byte[] response = simulator.transmitCommand(command.clone());
        if (TearingHook.consumeFired()) {
            powerOff();
            throw new CardTornException();
        }
        return response;
    }

    /** Warm reset: the security state and the selection are cleared, persistent data stays. */
    @Override
    public void reset() {
        simulator.reset();
    }

    @Override
    public void powerOff() {
        simulator.reset();
        powered = false;
    }

    @Override
    public void powerOn() {
        simulator.reset();
        powered = true;
    }

    public boolean powered() {
        return powered;
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
