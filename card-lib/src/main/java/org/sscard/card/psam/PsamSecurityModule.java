package org.sscard.card.psam;

import static org.sscard.card.psam.PsamProtocol.CLA_ISO;
import static org.sscard.card.psam.PsamProtocol.CLA_PROPRIETARY;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.SmartCardException;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyInfo;
import org.sscard.crypto.KeyNotFoundException;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.WrappedKey;

/**
 * The {@link SecurityModule} of a PSAM card reached through a {@link CardTransport} (in the field: the
 * second reader slot). Card keys are derived and used inside the PSAM; this class only sends requests and
 * reads answers. The list of held keys is read when the module opens and after {@link #refreshKeys()}.
 *
 * <p>A PSAM holds no station keys: {@code seal}, {@code open}, {@code blindIndex}, {@code sign} and
 * {@code publicKey} throw a {@link PsamException} saying so (use a {@link org.sscard.crypto.CompositeSecurityModule}
 * to combine the PSAM with the station's software module).
 *
 * <p>Thread-safe: one command at a time reaches the PSAM. A removed PSAM or a failing reader becomes a
 * {@link PsamException}; the next operation selects the PSAM application again, so a PSAM put back into the
 * same transport (or a reconnected one) serves again.
 */
public final class PsamSecurityModule implements SecurityModule {
    private static final Logger LOG = LoggerFactory.getLogger(PsamSecurityModule.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final CardTransport transport;
    private final Object lock = new Object();
    private boolean selected;
    private List<KeyInfo> keys = List.of();

    private PsamSecurityModule(CardTransport transport) {
        this.transport = transport;
    }

    /** Selects the PSAM application on {@code transport} and reads the list of keys it holds. */
    public static PsamSecurityModule open(CardTransport transport) {
        if (transport == null) {
            throw new IllegalArgumentException("a PSAM needs a transport");
        }
        PsamSecurityModule module = new PsamSecurityModule(transport);
        module.refreshKeys();
        return module;
    }

    /** Reads the key list again (after keys were loaded into the PSAM elsewhere). */
    public void refreshKeys() {
        synchronized (lock) {
            List<KeyInfo> list = new ArrayList<>();
            int total;
            do {
                byte[] answer = send("LIST KEYS", CommandApdu.of(CLA_PROPRIETARY, PsamProtocol.INS_LIST_KEYS, 0,
                        list.size(), 256));
                int entries = (answer.length - 1) / PsamProtocol.LIST_ENTRY_LENGTH;
                total = answer.length < 1 ? 0 : answer[0] & 0xFF;
                if (answer.length < 1 || (answer.length - 1) % PsamProtocol.LIST_ENTRY_LENGTH != 0
                        || (entries == 0 && list.size() < total)) {
                    throw new PsamException("The PSAM answered LIST KEYS with a malformed list of " + answer.length
                            + " bytes");
                }
                for (int i = 0; i < entries; i++) {
                    list.add(keyInfo(answer, 1 + i * PsamProtocol.LIST_ENTRY_LENGTH));
                }
            } while (list.size() < total);
            keys = List.copyOf(list);
            LOG.info("PSAM holds {} keys", keys.size());
        }
    }

    private static KeyInfo keyInfo(byte[] list, int at) {
        KeyRef ref = PsamProtocol.parseKeyReference(list, at);
        BlockAlgorithm alg = BlockAlgorithm.fromCardAlgorithmId(list[at + 6] & 0xFF);
        boolean test = (list[at + 7] & PsamProtocol.FLAG_TEST_KEY) != 0;
        long loadedAt = ((list[at + 8] & 0xFFL) << 24) | ((list[at + 9] & 0xFF) << 16) | ((list[at + 10] & 0xFF) << 8)
                | (list[at + 11] & 0xFF);
        String kcv = HEX.formatHex(list, at + 12, at + 15);
        return new KeyInfo(ref, alg.displayName(), kcv, test, test ? List.of("test") : List.of(),
                Instant.ofEpochSecond(loadedAt));
    }

    @Override
    public List<KeyInfo> keys() {
        synchronized (lock) {
            return keys;
        }
    }

    @Override
    public byte[] kcv(KeyRef ref) {
        KeyInfo info = keys().stream().filter(k -> k.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new KeyNotFoundException(ref));
        return HEX.parseHex(info.kcv());
    }

    @Override
    public byte[] cardKeyKcv(KeyRef ref, CardIdentificationCode card) {
        return operation("CARD KEY KCV", PsamProtocol.INS_CARD_KEY_KCV, 0, ref, card, new byte[0], 3);
    }

    @Override
    public byte[] externalAuthCryptogram(KeyRef ref, CardIdentificationCode card, byte[] challenge) {
        requireLength("a card challenge", challenge, 8);
        return operation("EXTERNAL AUTH CRYPTOGRAM", PsamProtocol.INS_EXTERNAL_AUTH, 0, ref, card, challenge,
                algorithmOf(ref).blockSize());
    }

    @Override
    public boolean verifyInternalAuth(KeyRef ref, CardIdentificationCode card, byte[] data, byte[] response) {
        requireLength("internal authentication data", data, 8);
        if (response == null || response.length != algorithmOf(ref).blockSize()) {
            return false;
        }
        return verification("VERIFY INTERNAL AUTH", PsamProtocol.INS_VERIFY_INTERNAL_AUTH, ref, card,
                concat(data, response));
    }

    @Override
    public byte[] cardMac(KeyRef ref, CardIdentificationCode card, byte[] challenge, byte[] data) {
        if (challenge != null) {
            requireLength("a card challenge", challenge, 8);
        }
        if (data.length > PsamProtocol.MAX_MAC_DATA) {
            throw new PsamException("a PSAM computes card MACs over at most " + PsamProtocol.MAX_MAC_DATA
                    + " bytes, got " + data.length);
        }
        byte[] input = challenge == null ? data.clone() : concat(challenge, data);
        return operation("CARD MAC", PsamProtocol.INS_CARD_MAC, challenge == null ? 0 : 1, ref, card, input, 4);
    }

    @Override
    public byte[] encryptPinBlock(KeyRef ref, CardIdentificationCode card, char[] pin) {
        if (pin.length < 4 || pin.length > 12) {
            throw new CryptoException("a PIN has 4 to 12 digits, got " + pin.length);
        }
        BlockAlgorithm alg = algorithmOf(ref);
        byte[] bcd = CardCryptograms.pinBcd(pin);
        byte[] input = new byte[1 + bcd.length];
        input[0] = (byte) pin.length;
        System.arraycopy(bcd, 0, input, 1, bcd.length);
        Arrays.fill(bcd, (byte) 0);
        try {
            return operation("ENCRYPT PIN BLOCK", PsamProtocol.INS_PIN_BLOCK, 0, ref, card, input, alg.blockSize());
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    @Override
    public byte[] debitMac1(KeyRef ref, CardIdentificationCode card, DebitData debit) {
        return operation("DEBIT MAC1", PsamProtocol.INS_DEBIT_MAC1, 0, ref, card, PsamProtocol.debitData(debit), 4);
    }

    @Override
    public boolean verifyDebitMac2(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] mac2) {
        if (mac2 == null || mac2.length != 4) {
            return false;
        }
        return verification("VERIFY MAC2", PsamProtocol.INS_VERIFY_MAC2, ref, card,
                concat(PsamProtocol.debitData(debit), mac2));
    }

    @Override
    public boolean verifyDebitTac(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] tac) {
        if (tac == null || tac.length != 4) {
            return false;
        }
        return verification("VERIFY TAC", PsamProtocol.INS_VERIFY_TAC, ref, card,
                concat(PsamProtocol.debitData(debit), tac));
    }

    @Override
    public WrappedKey wrapCardKey(KeyRef key, KeyRef transportRef, CardIdentificationCode card) {
        if (transportRef.type() != KeyType.TRANSPORT) {
            throw new CryptoException("keys are wrapped under a TRANSPORT key, not " + transportRef.type());
        }
        BlockAlgorithm alg = algorithmOf(key);
        if (algorithmOf(transportRef) != alg) {
            throw new CryptoException("the transport key's algorithm differs from " + key + "'s");
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(PsamProtocol.keyReference(key));
        data.writeBytes(PsamProtocol.keyReference(transportRef));
        data.writeBytes(card.bytes());
        byte[] answer = exchange("WRAP CARD KEY", PsamProtocol.INS_WRAP_CARD_KEY, 0, data.toByteArray(), 19, key, card);
        try {
            return new WrappedKey(key.type(), alg, Arrays.copyOf(answer, 16), Arrays.copyOfRange(answer, 16, 19));
        } finally {
            Arrays.fill(answer, (byte) 0);
        }
    }

    @Override
    public byte[] seal(KeyRef dataKey, byte[] associatedData, byte[] plaintext) {
        throw noStationKeys("seal", dataKey);
    }

    @Override
    public byte[] open(KeyRef dataKey, byte[] associatedData, byte[] sealed) {
        throw noStationKeys("open", dataKey);
    }

    @Override
    public byte[] blindIndex(KeyRef dataKey, byte[] value) {
        throw noStationKeys("blind-index", dataKey);
    }

    @Override
    public byte[] sign(KeyRef deviceKey, byte[] message) {
        throw noStationKeys("sign", deviceKey);
    }

    @Override
    public Sm2.PublicKey publicKey(KeyRef deviceKey) {
        throw noStationKeys("give the public key of", deviceKey);
    }

    private static PsamException noStationKeys(String what, KeyRef ref) {
        return new PsamException("A PSAM does not hold station keys, so it cannot " + what + " with " + ref
                + "; the terminal keeps its DATA and DEVICE_SIGN keys in its software security module");
    }

    // ---- exchanges ---------------------------------------------------------------------------------------

    private byte[] operation(String name, int ins, int p1, KeyRef ref, CardIdentificationCode card, byte[] input,
                             int answerLength) {
        return exchange(name, ins, p1, PsamProtocol.request(ref, card, input), answerLength, ref, card);
    }

    private byte[] exchange(String name, int ins, int p1, byte[] data, int answerLength, KeyRef ref,
                            CardIdentificationCode card) {
        ResponseApdu response = transmit(name, CommandApdu.of(CLA_PROPRIETARY, ins, p1, 0, data, 256), data);
        if (!response.isOk()) {
            throw refusal(name, response.sw(), ref, card);
        }
        byte[] answer = response.data();
        if (answer.length != answerLength) {
            throw new PsamException("The PSAM answered " + name + " with " + answer.length + " bytes instead of "
                    + answerLength);
        }
        return answer;
    }

    /** True on 9000, false on 6984 (the PSAM computed another value). */
    private boolean verification(String name, int ins, KeyRef ref, CardIdentificationCode card, byte[] input) {
        byte[] data = PsamProtocol.request(ref, card, input);
        ResponseApdu response = transmit(name, CommandApdu.of(CLA_PROPRIETARY, ins, 0, 0, data), data);
        if (response.isOk()) {
            return true;
        }
        if (response.sw() == 0x6984) {
            return false;
        }
        throw refusal(name, response.sw(), ref, card);
    }

    private CryptoException refusal(String name, int sw, KeyRef ref, CardIdentificationCode card) {
        switch (sw) {
            case PsamProtocol.SW_KEY_NOT_FOUND:
                return new KeyNotFoundException(ref);
            case 0x6985:
                return new CryptoException(ref + " does not cover cards issued in region " + card.region());
            case 0x6A80:
                return new PsamException(String.format("The PSAM refused %s as malformed (SW 6A80)", name));
            default:
                return new PsamException(String.format("The PSAM refused %s with SW %04X", name, sw));
        }
    }

    private ResponseApdu transmit(String name, CommandApdu command, byte[] data) {
        synchronized (lock) {
            try {
                ensureSelected();
                return send(command);
            } finally {
                command.wipe();
                Arrays.fill(data, (byte) 0);
            }
        }
    }

    private void ensureSelected() {
        if (selected) {
            return;
        }
        ResponseApdu answer = send(CommandApdu.of(CLA_ISO, PsamProtocol.INS_SELECT, 0x04, 0x00, PsamProtocol.AID, 256));
        if (!answer.isOk()) {
            throw new PsamException(String.format("The card in the PSAM slot is not a PSAM (SELECT answered SW %04X). "
                    + "Insert the PSAM into its reader slot.", answer.sw()));
        }
        selected = true;
    }

    /** Sends with the PSAM selected; answers the data of a 9000 answer. */
    private byte[] send(String name, CommandApdu command) {
        ensureSelected();
        ResponseApdu response = send(command);
        if (!response.isOk()) {
            throw new PsamException(String.format("The PSAM refused %s with SW %04X", name, response.sw()));
        }
        return response.data();
    }

    private ResponseApdu send(CommandApdu command) {
        try {
            return transport.transmit(command);
        } catch (SmartCardException e) {
            selected = false;
            throw new PsamException("The PSAM did not answer: " + e.getMessage()
                    + " Check that the PSAM is in its reader slot, then repeat the operation.", e);
        }
    }

    private BlockAlgorithm algorithmOf(KeyRef ref) {
        return BlockAlgorithm.parse(algorithm(ref));
    }

    private static void requireLength(String what, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new CryptoException(what + " is " + length + " bytes, got " + (value == null ? "none" : value.length));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
