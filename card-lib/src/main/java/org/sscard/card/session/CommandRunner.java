package org.sscard.card.session;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardStatusException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.WrongCardException;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.card.apdu.StatusWord;
import org.sscard.card.tlv.Tlv;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;

/**
 * The commands the card session and the personaliser share: sending with status checks, SELECT with FCI
 * parsing, GET CHALLENGE, commands closed by a MAC, and key look-up in the security module.
 */
final class CommandRunner {
    static final int MAC_LENGTH = 4;
    private final CardTransport transport;
    private final SecurityModule securityModule;
    private Application selectedApplication;
    private int selectedFile = -1;

    CommandRunner(CardTransport transport, SecurityModule securityModule) {
        if (transport == null || securityModule == null) {
            throw new IllegalArgumentException("a card session needs a transport and a security module");
        }
        this.transport = transport;
        this.securityModule = securityModule;
    }

    CardTransport transport() {
        return transport;
    }

    Application selectedApplication() {
        return selectedApplication;
    }

    /** Sends a command, wipes it, and turns any status word but 9000 into the matching exception. */
    ResponseApdu send(CommandApdu command) {
        ResponseApdu response = sendUnchecked(command);
        if (!response.isOk()) {
            throw CardStatusException.forStatus(response.statusWord(), name(command));
        }
        return response;
    }

    ResponseApdu sendUnchecked(CommandApdu command) {
        try {
            return transport.transmit(command);
        } finally {
            command.wipe();
        }
    }

    /** Selects an application and returns the algorithm its FCI announces. */
    BlockAlgorithm selectApplication(Application application) {
        ResponseApdu response = sendUnchecked(CommandApdu.of(0x00, 0xA4, 0x04, 0x00, application.aid(), 256));
        StatusWord sw = response.statusWord();
        if (sw.equals(StatusWord.APPLICATION_BLOCKED)) {
            selectedApplication = null;
            throw new CardBlockedException();
        }
        if (!sw.isOk()) {
            selectedApplication = null;
            if (application == Application.SSSE && (sw.equals(StatusWord.FILE_NOT_FOUND)
                    || sw.equals(StatusWord.INS_NOT_SUPPORTED) || sw.equals(StatusWord.CLA_NOT_SUPPORTED)
                    || sw.equals(StatusWord.WRONG_P1P2))) {
                throw new WrongCardException("This is not a social security card: it has no social security application "
                        + "(SW " + sw.hex() + "). Check the card and insert it with the chip first.");
            }
            if (sw.equals(StatusWord.FILE_NOT_FOUND)) {
                throw new CardFileNotFoundException(sw, "SELECT " + application);
            }
            throw CardStatusException.forStatus(sw, "SELECT " + application);
        }
        selectedApplication = application;
        selectedFile = -1;
        return algorithmFromFci(response.data(), application);
    }

    static BlockAlgorithm algorithmFromFci(byte[] fci, Application application) {
        Tlv root;
        try {
            root = Tlv.parse(fci);
        } catch (CardFormatException e) {
            throw new CardFormatException("The card's answer to SELECT " + application + " is malformed: " + e.getMessage(), e);
        }
        if (root.tag() != 0x6F) {
            throw new CardFormatException(String.format("The card's answer to SELECT %s is not an FCI (tag %s instead of 6F)",
                    application, Tlv.tagHex(root.tag())));
        }
        root.find(0x84).ifPresent(name -> {
            if (!Arrays.equals(name.value(), application.aid())) {
                throw new CardFormatException("The card answered SELECT " + application + " with the FCI of another application");
            }
        });
        Tlv algorithmTag = root.find(0x9F0C).orElseThrow(() -> new CardFormatException(
                "The card's FCI for " + application + " does not name its algorithm (tag 9F0C missing)"));
        List<Tlv> inner = algorithmTag.children();
        Tlv id = Tlv.find(inner, 0x86).orElseThrow(() -> new CardFormatException(
                "The card's algorithm tag 9F0C does not hold 86 01 xx"));
        if (id.length() != 1) {
            throw new CardFormatException("The card's algorithm id is " + id.length() + " bytes, expected 1");
        }
        try {
            return BlockAlgorithm.fromCardAlgorithmId(id.value()[0] & 0xFF);
        } catch (CryptoException e) {
            throw new CardFormatException("The card uses an algorithm this terminal does not support: " + e.getMessage(), e);
        }
    }

    /** Selects an EF of the current application unless it is already selected. */
    void selectFile(int fid) {
        if (selectedFile == fid) {
            return;
        }
        selectedFile = -1;
        send(CommandApdu.of(0x00, 0xA4, 0x02, 0x00, new byte[] {(byte) (fid >>> 8), (byte) fid}));
        selectedFile = fid;
    }

    /**
     * Reads a record by tag from EF {@code fid} of the current application, named by its short file identifier
     * ({@code 00 B2 tag SFI<<3 Le}) instead of a SELECT; the answer must be exactly {@code tag len value} with
     * the expected length. Whether the card then has that EF as its current EF is not relied on.
     */
    byte[] readRecord(int fid, CardRecords.Field field) {
        selectedFile = -1;
        ResponseApdu response = send(CommandApdu.of(0x00, 0xB2, field.tag(), shortFileIdentifier(fid) << 3, field.length() + 2));
        return recordValue(field, response.data());
    }

    /** Reads record {@code number} of EF {@code fid} by short file identifier ({@code 00 B2 n SFI<<3|4 Le}). */
    ResponseApdu readRecordByNumber(int fid, int number, int le) {
        selectedFile = -1;
        return send(CommandApdu.of(0x00, 0xB2, number, shortFileIdentifier(fid) << 3 | 0x04, le));
    }

    /** The short file identifier of EF {@code EF01}–{@code EF1E}: its low byte (EF05 is SFI 5). */
    static int shortFileIdentifier(int fid) {
        if ((fid & 0xFF00) != 0xEF00 || (fid & 0xFF) < 1 || (fid & 0xFF) > 30) {
            throw new IllegalArgumentException(String.format("%04X has no short file identifier", fid));
        }
        return fid & 0xFF;
    }

    static byte[] recordValue(CardRecords.Field field, byte[] data) {
        Tlv tlv;
        try {
            tlv = Tlv.parse(data);
        } catch (CardFormatException e) {
            throw new CardFormatException("The card's " + field.name() + " record is malformed: " + e.getMessage(), e);
        }
        if (tlv.tag() != field.tag()) {
            throw new CardFormatException(String.format("Asked the card for record %02X (%s) but it answered record %s",
                    field.tag(), field.name(), Tlv.tagHex(tlv.tag())));
        }
        if (tlv.length() != field.length()) {
            throw new CardFormatException("The card's " + field.name() + " record has " + tlv.length() + " bytes, expected "
                    + field.length());
        }
        return tlv.value();
    }

    byte[] challenge() {
        byte[] challenge = send(CommandApdu.of(0x00, 0x84, 0x00, 0x00, 8)).data();
        if (challenge.length != 8) {
            throw new CardFormatException("The card answered GET CHALLENGE with " + challenge.length + " bytes instead of 8");
        }
        return challenge;
    }

    /**
     * Sends {@code CLA INS P1 P2 Lc data ‖ MAC} after a fresh GET CHALLENGE, the MAC computed by
     * {@code mac} over {@code hdr ‖ data} (Lc counting the MAC) with the challenge as IV.
     */
    ResponseApdu sendWithMac(int cla, int ins, int p1, int p2, byte[] data, KeyRef key, CardIdentificationCode card) {
        byte[] challenge = challenge();
        byte[] input = new byte[5 + data.length];
        input[0] = (byte) cla;
        input[1] = (byte) ins;
        input[2] = (byte) p1;
        input[3] = (byte) p2;
        input[4] = (byte) (data.length + MAC_LENGTH);
        System.arraycopy(data, 0, input, 5, data.length);
        byte[] mac = security(() -> securityModule.cardMac(key, card, challenge, input));
        byte[] body = Arrays.copyOf(data, data.length + MAC_LENGTH);
        System.arraycopy(mac, 0, body, data.length, MAC_LENGTH);
        try {
            return send(CommandApdu.of(cla, ins, p1, p2, body));
        } finally {
            Arrays.fill(input, (byte) 0);
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The security module's key of {@code type} for this card (most specific level, newest version). */
    KeyRef key(KeyType type, BlockAlgorithm alg, CardIdentificationCode card) {
        return security(() -> securityModule.findCardKey(type, alg, card)).orElseThrow(() -> new SecurityModuleException(
                "The security module has no " + type.description() + " (" + alg.displayName() + ") for cards of region "
                        + card.region() + ". Insert the PSAM for this region or load the keys."));
    }

    /** Runs a security-module call, reporting its failures as {@link SecurityModuleException}. */
    <T> T security(Supplier<T> call) {
        try {
            return call.get();
        } catch (CryptoException e) {
            throw new SecurityModuleException("The security module could not do the operation: " + e.getMessage(), e);
        }
    }

    SecurityModule securityModule() {
        return securityModule;
    }

    static String name(CommandApdu command) {
        var i = command.instruction();
        return i == null ? String.format("command %02X %02X", command.cla(), command.ins()) : i.displayName();
    }

}
