package org.sscard.card.session;

import java.util.Map;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.WrappedKey;

/**
 * Personalises a blank card (card office issuance, and the simulator's card factory): every command is
 * MACed under the card's transport key {@code K_T} after a fresh GET CHALLENGE.
 * <ol>
 * <li>SELECT SSSE (the FCI names the card's algorithm);</li>
 * <li>PUT KEY for KID 01..08, each key wrapped by the security module under {@code K_T}, with its KCV and
 *     version;</li>
 * <li>SET PIN (PIN block encrypted under {@code K_T}) with the retry limit;</li>
 * <li>SELECT EF05, WRITE RECORD tags 01..07; SELECT EF06, WRITE RECORD tags 08, 09, 4E, 0A..0D;</li>
 * <li>SELECT medical, SELECT EF05, WRITE RECORD tags 30..36;</li>
 * <li>SELECT SSSE, CLOSE PERSONALISATION.</li>
 * </ol>
 */
public final class Personaliser {
    public static final int DEFAULT_PIN_TRY_LIMIT = 6;
    private final CommandRunner runner;

    public Personaliser(CardTransport transport, SecurityModule securityModule) {
        this.runner = new CommandRunner(transport, securityModule);
    }

    /**
     * Writes keys, data and the initial PIN, then closes personalisation. The PIN array is wiped.
     *
     * @param pinTryLimit wrong PIN entries before the PIN blocks, 1..15
     */
    public void personalise(CardData data, char[] initialPin, int pinTryLimit) {
        byte[] pinBlock = null;
        try {
            Pins.requireValid(initialPin, "initial PIN");
            if (pinTryLimit < 1 || pinTryLimit > 15) {
                throw new IllegalArgumentException("the PIN retry limit is 1 to 15, got " + pinTryLimit);
            }
            Map<Integer, byte[]> issuerRecords = CardRecords.encodeIssuer(data.issuer());
            Map<Integer, byte[]> holderRecords = CardRecords.encodeHolder(data.holder());
            Map<Integer, byte[]> medicalRecords = CardRecords.encodeMedical(data.medical());
            CardIdentificationCode card = data.issuer().identificationCode();

            BlockAlgorithm alg = runner.selectApplication(Application.SSSE);
            KeyRef transportKey = runner.key(KeyType.TRANSPORT, alg, card);
            for (KeyType type : KeyType.values()) {
                if (type.hierarchical() && type.cardKeyId() >= 0x01 && type.cardKeyId() <= 0x08) {
                    putKey(type, alg, card, transportKey);
                }
            }
            pinBlock = runner.security(() -> runner.securityModule().encryptPinBlock(transportKey, card, initialPin));
            runner.sendWithMac(0x84, 0xD8, 0x00, pinTryLimit, pinBlock, transportKey, card);

            writeRecords(Application.EF05, issuerRecords, card, transportKey);
            writeRecords(Application.EF06, holderRecords, card, transportKey);
            runner.selectApplication(Application.MEDICAL);
            writeRecords(Application.EF05, medicalRecords, card, transportKey);
            runner.selectApplication(Application.SSSE);
            runner.sendWithMac(0x84, 0xE6, 0x00, 0x00, new byte[0], transportKey, card);
        } finally {
            Pins.wipe(initialPin);
            Pins.wipe(pinBlock);
        }
    }

    private void putKey(KeyType type, BlockAlgorithm alg, CardIdentificationCode card, KeyRef transportKey) {
        KeyRef ref = runner.key(type, alg, card);
        WrappedKey wrapped = runner.security(() -> runner.securityModule().wrapCardKey(ref, transportKey, card));
        if (wrapped.algorithm() != alg) {
            throw new SecurityModuleException("The security module wrapped a " + wrapped.algorithm().displayName() + " key for a "
                    + alg.displayName() + " card");
        }
        byte[] cipher = wrapped.ciphertext();
        byte[] kcv = wrapped.kcv();
        byte[] body = new byte[cipher.length + kcv.length + 1];
        System.arraycopy(cipher, 0, body, 0, cipher.length);
        System.arraycopy(kcv, 0, body, cipher.length, kcv.length);
        body[body.length - 1] = (byte) ref.version();
        try {
            runner.sendWithMac(0x84, 0xD4, 0x00, type.cardKeyId(), body, transportKey, card);
        } finally {
            Pins.wipe(cipher, body);
        }
    }

    private void writeRecords(int fileId, Map<Integer, byte[]> records, CardIdentificationCode card, KeyRef transportKey) {
        runner.selectFile(fileId);
        for (Map.Entry<Integer, byte[]> record : records.entrySet()) {
            runner.sendWithMac(0x84, 0xDC, record.getKey(), 0x00, record.getValue(), transportKey, card);
        }
    }
}
