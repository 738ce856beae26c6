package org.sscard.card.session;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.CardFormatException;
import org.sscard.card.CardNotGenuineException;
import org.sscard.card.CardRemovedException;
import org.sscard.card.CardStatusException;
import org.sscard.card.InsufficientBalanceException;
import org.sscard.card.ReaderException;
import org.sscard.card.SecurityModuleException;
import org.sscard.card.apdu.CommandApdu;
import org.sscard.card.apdu.ResponseApdu;
import org.sscard.card.apdu.StatusWord;
import org.sscard.card.tlv.Codecs;
import org.sscard.card.transport.CardTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyInfo;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.values.Money;

/**
 * A conversation with one personalised social security card, as {@code docs/card-protocol.md} defines it.
 * Keys stay in the {@link SecurityModule}; the session asks it for cryptograms and MACs. PINs are taken as
 * {@code char[]} and wiped before the method returns. Every status word the card refuses a command with
 * becomes a {@link org.sscard.card.CardStatusException} subclass with a message for the operator.
 * Not thread-safe: one session per card, used by one thread.
 */
public final class CardSession {
    private final CommandRunner runner;
    private final RandomGenerator random;
    private BlockAlgorithm algorithm;
    private IssuerData issuer;

    public CardSession(CardTransport transport, SecurityModule securityModule) {
        this(transport, securityModule, new SecureRandom());
    }

    /** With the source of INTERNAL AUTHENTICATE data (tests pass a seeded one). */
    public CardSession(CardTransport transport, SecurityModule securityModule, RandomGenerator random) {
        this.runner = new CommandRunner(transport, securityModule);
        this.random = random;
    }

    /**
     * The card-presented flow, in the fewest commands: SELECT SSSE, the 7 records of EF05, INTERNAL
     * AUTHENTICATE, GET CHALLENGE and EXTERNAL AUTHENTICATE, the 6 records of EF06 (tag 4E only for names that
     * fill tag 09), SELECT medical, the 7 records of its EF05: 25 commands. Records are read by short file
     * identifier, so no EF is selected.
     */
    public CardData readCard() {
        selectSocialSecurityApplication();
        IssuerData issuerData = readIssuerData();
        authenticate();
        HolderData holder = readHolderData();
        MedicalData medical = readMedicalData();
        return new CardData(issuerData, holder, medical);
    }

    /** SELECT SSSE; returns the card's algorithm from the FCI (tag 9F0C). */
    public BlockAlgorithm selectSocialSecurityApplication() {
        algorithm = runner.selectApplication(Application.SSSE);
        return algorithm;
    }

    /** Reads SSSE EF05 and checks the card number's check character and the identification code's structure. */
    public IssuerData readIssuerData() {
        ensureSelected(Application.SSSE);
        Map<Integer, byte[]> records = new LinkedHashMap<>();
        for (CardRecords.Field field : CardRecords.ISSUER) {
            records.put(field.tag(), runner.readRecord(Application.EF05, field));
        }
        issuer = CardRecords.decodeIssuer(records);
        return issuer;
    }

    /**
     * Mutual authentication: INTERNAL AUTHENTICATE with 8 random bytes (the card proves it is genuine; a
     * wrong answer is a {@link CardNotGenuineException}), then GET CHALLENGE and EXTERNAL AUTHENTICATE (the
     * terminal proves it holds the read key; the card then allows EF06 and the medical files).
     */
    public void authenticate() {
        CardIdentificationCode card = card();
        byte[] data = new byte[8];
        random.nextBytes(data);
        KeyRef internalKey = runner.key(KeyType.INTERNAL_AUTH, algorithm, card);
        byte[] answer = runner.send(CommandApdu.of(0x00, 0x88, 0x00, KeyType.INTERNAL_AUTH.cardKeyId(), data, 256)).data();
        boolean genuine = runner.security(() -> answer.length == algorithm.blockSize()
                && runner.securityModule().verifyInternalAuth(internalKey, card, data, answer));
        if (!genuine) {
            throw new CardNotGenuineException("The card failed internal authentication: it is not a genuine social "
                    + "security card of this key system. Do not accept it; keep it and report it.");
        }
        KeyRef externalKey = runner.key(KeyType.EXTERNAL_AUTH, algorithm, card);
        byte[] challenge = runner.challenge();
        byte[] cryptogram = runner.security(() -> runner.securityModule().externalAuthCryptogram(externalKey, card, challenge));
        runner.send(CommandApdu.of(0x00, 0x82, 0x00, KeyType.EXTERNAL_AUTH.cardKeyId(), cryptogram));
    }

    /** Reads SSSE EF06 (after {@link #authenticate()}). */
    public HolderData readHolderData() {
        ensureSelected(Application.SSSE);
        Map<Integer, byte[]> records = new LinkedHashMap<>();
        for (CardRecords.Field field : CardRecords.HOLDER) {
            records.put(field.tag(), runner.readRecord(Application.EF06, field));
            if (field.equals(CardRecords.NAME) && CardRecords.nameMayContinue(records.get(field.tag()))) {
                try {
                    records.put(CardRecords.NAME_EXTENSION.tag(), runner.readRecord(Application.EF06, CardRecords.NAME_EXTENSION));
                } catch (CardFileNotFoundException absent) {
                    // a name of exactly 29-30 bytes: no extension record was written
                }
            }
        }
        return CardRecords.decodeHolder(records);
    }

    /** Selects the medical application (if needed) and reads its EF05. */
    public MedicalData readMedicalData() {
        ensureSelected(Application.MEDICAL);
        Map<Integer, byte[]> records = new LinkedHashMap<>();
        for (CardRecords.Field field : CardRecords.MEDICAL) {
            records.put(field.tag(), runner.readRecord(Application.EF05, field));
        }
        return CardRecords.decodeMedical(records);
    }

    /** VERIFY PIN; a wrong PIN is a {@link org.sscard.card.WrongPinException} with the tries left. */
    public void verifyPin(char[] pin) {
        byte[] bcd = null;
        try {
            bcd = Pins.bcd(pin, "PIN");
            runner.send(CommandApdu.of(0x00, 0x20, 0x00, 0x00, bcd));
        } finally {
            Pins.wipe(pin);
            Pins.wipe(bcd);
        }
    }

    /**
     * The PIN tries left, asked with VERIFY without data (costs no try): 0 when the PIN is blocked.
     */
    public int pinTriesLeft() {
        ResponseApdu response = runner.sendUnchecked(CommandApdu.of(0x00, 0x20, 0x00, 0x00));
        StatusWord sw = response.statusWord();
        if (sw.isWrongPin()) {
            return sw.triesLeft();
        }
        if (sw.equals(StatusWord.PIN_BLOCKED)) {
            return 0;
        }
        if (sw.isOk()) {
            throw new CardFormatException("The card answered VERIFY without a PIN with 9000 instead of the tries left");
        }
        throw CardStatusException.forStatus(sw, "VERIFY (tries left)");
    }

    /**
     * Reads record {@code number} (1 = the newest) of a cyclic file of the medical application (EF06 offline
     * settlement records, 27 bytes; EF08 transaction details, 28 bytes): the bare record, no tag or length.
     * Needs {@link #authenticate()} first; a number past the last written is a
     * {@link CardFileNotFoundException}.
     */
    public byte[] readCyclicRecord(int fileId, int number) {
        int length = switch (fileId) {
            case Application.EF06 -> CardRecords.OFFLINE_RECORD_BYTES;
            case Application.EF08 -> CardRecords.TRANSACTION_RECORD_BYTES;
            default -> throw new IllegalArgumentException(String.format("%04X is not a cyclic file of the medical application", fileId));
        };
        if (number < 1 || number > 254) {
            throw new IllegalArgumentException("record numbers are 1 to 254, got " + number);
        }
        ensureSelected(Application.MEDICAL);
        byte[] record = runner.readRecordByNumber(fileId, number, length).data();
        if (record.length != length) {
            throw new CardFormatException(String.format("The card's record %d of file %04X has %d bytes, expected %d",
                    number, fileId, record.length, length));
        }
        return record;
    }

    /** CHANGE PIN with the old PIN: {@code 80 5E 01 00 Lc old ‖ FF ‖ new}. */
    public void changePin(char[] oldPin, char[] newPin) {
        byte[] oldBcd = null;
        byte[] newBcd = null;
        byte[] data = null;
        try {
            oldBcd = Pins.bcd(oldPin, "current PIN");
            newBcd = Pins.bcd(newPin, "new PIN");
            data = new byte[oldBcd.length + 1 + newBcd.length];
            System.arraycopy(oldBcd, 0, data, 0, oldBcd.length);
            data[oldBcd.length] = (byte) 0xFF;
            System.arraycopy(newBcd, 0, data, oldBcd.length + 1, newBcd.length);
            runner.send(CommandApdu.of(0x80, 0x5E, 0x01, 0x00, data));
        } finally {
            Pins.wipe(oldPin, newPin);
            Pins.wipe(oldBcd, newBcd, data);
        }
    }

    /** Card office: RELOAD PIN (reset a forgotten PIN), MAC under the PIN-reload key. */
    public void reloadPin(char[] newPin) {
        byte[] bcd = null;
        try {
            bcd = Pins.bcd(newPin, "new PIN");
            CardIdentificationCode card = card();
            runner.sendWithMac(0x80, 0x5E, 0x00, 0x00, bcd, runner.key(KeyType.PIN_RELOAD, algorithm, card), card);
        } finally {
            Pins.wipe(newPin);
            Pins.wipe(bcd);
        }
    }

    /** Card office: UNBLOCK PIN with a new PIN, encrypted and MACed under the PIN-unblock key. */
    public void unblockPin(char[] newPin) {
        byte[] encrypted = null;
        try {
            Pins.requireValid(newPin, "new PIN");
            CardIdentificationCode card = card();
            KeyRef key = runner.key(KeyType.PIN_UNBLOCK, algorithm, card);
            encrypted = runner.security(() -> runner.securityModule().encryptPinBlock(key, card, newPin));
            runner.sendWithMac(0x84, 0x24, 0x00, 0x00, encrypted, key, card);
        } finally {
            Pins.wipe(newPin);
            Pins.wipe(encrypted);
        }
    }

    /**
     * UPDATE RECORD with secure messaging on a file of an application: MAC under the update key (SSSE) or
     * the medical update key; {@code value} must have the record's fixed length.
     */
    public void updateRecord(Application application, int fileId, int tag, byte[] value) {
        ensureSelected(application);
        runner.selectFile(fileId);
        CardIdentificationCode card = card();
        KeyType type = application == Application.SSSE ? KeyType.UPDATE : KeyType.MEDICAL_UPDATE;
        runner.sendWithMac(0x04, 0xDC, tag, 0x00, value, runner.key(type, algorithm, card), card);
    }

    /** APPEND RECORD with MAC on a cyclic file of the medical application; the record becomes number 1. */
    public void appendRecord(int fileId, byte[] record) {
        ensureSelected(Application.MEDICAL);
        runner.selectFile(fileId);
        CardIdentificationCode card = card();
        runner.sendWithMac(0x04, 0xE2, 0x00, 0x00, record, runner.key(KeyType.MEDICAL_UPDATE, algorithm, card), card);
    }

    /**
     * Writes a settlement to the medical application with secure messaging (MAC under the medical update key):
     * UPDATE RECORD of EF05 tags 33, 34 and 35 with the entry's absolute values, then, unless it is a cancel, APPEND
     * RECORD of its EF08 transaction record. {@code balanceWritten} runs between the two, so a caller can mark that
     * point as reached. Needs the card read ({@link #readCard()}) first.
     */
    public void recordSettlement(SettlementEntry entry, Runnable balanceWritten) {
        byte[] record = entry.cancel() ? null : entry.transactionRecord();
        byte[][] values = {Codecs.encodeAmount(entry.balance().fen(), "balance"),
                Codecs.encodeAmount(entry.yearToDate().fen(), "year-to-date amount"),
                Codecs.encodeDate(entry.date(), "last update date")};
        int[] tags = {0x33, 0x34, 0x35};
        for (int i = 0; i < tags.length; i++) {
            updateRecord(Application.MEDICAL, Application.EF05, tags[i], values[i]);
        }
        if (record != null) {
            balanceWritten.run();
            appendRecord(Application.EF08, record);
        }
    }

    /**
     * Whether the card's newest EF08 record is this settlement's, so a settlement finished again after a stop is not
     * recorded twice. An empty EF08 answers false.
     */
    public boolean carriesSettlement(String settlementId) {
        byte[] idField = SettlementEntry.settlementIdField(settlementId);
        try {
            return Arrays.equals(Arrays.copyOf(readCyclicRecord(Application.EF08, 1), 20), idField);
        } catch (CardFileNotFoundException e) {
            return false;
        }
    }

    /** APPLICATION BLOCK of an application (lost or cancelled card): permanent, across resets. */
    public void blockApplication(Application application) {
        ensureSelected(application);
        CardIdentificationCode card = card();
        runner.sendWithMac(0x84, 0x1E, 0x00, 0x00, new byte[0], runner.key(KeyType.APP_BLOCK, algorithm, card), card);
    }

    /**
     * Offline debit from the personal account: INITIALIZE FOR DEBIT, MAC1 from the security module, DEBIT,
     * MAC2 checked. Needs the PIN verified. The result holds the TAC and every input the central service
     * needs to check it.
     *
     * @throws DebitOutcomeUnknownException the DEBIT got no answer; it carries the debit data to resolve
     * @throws DebitUnconfirmedException    MAC2 is wrong; it carries the result (TAC) to keep
     */
    public DebitResult debit(DebitRequest request) {
        ensureSelected(Application.MEDICAL);
        CardIdentificationCode card = card();
        byte[] init = new byte[11];
        init[0] = (byte) KeyType.DEBIT.cardKeyId();
        System.arraycopy(Codecs.encodeAmount(request.amount().fen(), "amount"), 0, init, 1, 4);
        System.arraycopy(request.terminalId(), 0, init, 5, 6);
        byte[] answer = runner.send(CommandApdu.of(0x80, 0x50, 0x01, 0x02, init, 256)).data();
        if (answer.length != 12) {
            throw new CardFormatException("The card answered INITIALIZE FOR DEBIT with " + answer.length
                    + " bytes instead of 12; nothing was debited.");
        }
        long balance = Codecs.decodeAmount(Arrays.copyOfRange(answer, 0, 4), "balance");
        int offlineSeq = (int) Codecs.decodeUnsigned(Arrays.copyOfRange(answer, 4, 6), 2, "offline sequence number");
        int keyVersion = answer[6] & 0xFF;
        int algorithmId = answer[7] & 0xFF;
        byte[] cardRandom = Arrays.copyOfRange(answer, 8, 12);
        if (algorithmId != algorithm.cardAlgorithmId()) {
            throw new CardFormatException(String.format("The card's debit algorithm %02X differs from its application's %02X; "
                    + "nothing was debited.", algorithmId, algorithm.cardAlgorithmId()));
        }
        long amount = request.amount().fen();
        if (balance < amount) {
            throw new InsufficientBalanceException();
        }
        KeyRef debitKey = keyWithVersion(KeyType.DEBIT, keyVersion, card);
        byte[] dateTime = Codecs.encodeDateTime(request.dateTime(), "transaction time");
        DebitData data = new DebitData(amount, request.terminalId(), request.terminalSeq(), dateTime,
                cardRandom, offlineSeq, balance - amount);
        byte[] mac1 = runner.security(() -> runner.securityModule().debitMac1(debitKey, card, data));
        byte[] debit = new byte[15];
        System.arraycopy(Codecs.encodeUnsigned(request.terminalSeq(), 4, "terminal sequence"), 0, debit, 0, 4);
        System.arraycopy(dateTime, 0, debit, 4, 7);
        System.arraycopy(mac1, 0, debit, 11, 4);
        ResponseApdu response;
        try {
            response = runner.send(CommandApdu.of(0x80, 0x54, 0x01, 0x00, debit, 256));
        } catch (CardRemovedException | ReaderException e) {
            throw new DebitOutcomeUnknownException(data, e);
        }
        byte[] tacAndMac2 = response.data();
        if (tacAndMac2.length != 8) {
            throw new DebitOutcomeUnknownException(data, new CardFormatException(
                    "the card answered DEBIT with " + tacAndMac2.length + " bytes instead of 8"));
        }
        DebitResult result = new DebitResult(data, Arrays.copyOf(tacAndMac2, 4), Money.ofFen(balance), keyVersion);
        byte[] mac2 = Arrays.copyOfRange(tacAndMac2, 4, 8);
        if (!runner.security(() -> runner.securityModule().verifyDebitMac2(debitKey, card, data, mac2))) {
            throw new DebitUnconfirmedException(result);
        }
        return result;
    }

    /** The algorithm of the card, known after {@link #selectSocialSecurityApplication()}. */
    public BlockAlgorithm algorithm() {
        if (algorithm == null) {
            throw new IllegalStateException("select the social security application first");
        }
        return algorithm;
    }

    /** The card-issuer data, known after {@link #readIssuerData()}. */
    public IssuerData issuerData() {
        if (issuer == null) {
            throw new IllegalStateException("read the card-issuer data (EF05) first");
        }
        return issuer;
    }

    public CardTransport transport() {
        return runner.transport();
    }

    private CardIdentificationCode card() {
        algorithm();
        return issuerData().identificationCode();
    }

    private void ensureSelected(Application application) {
        if (runner.selectedApplication() == application) {
            return;
        }
        BlockAlgorithm announced = runner.selectApplication(application);
        if (algorithm == null) {
            algorithm = announced;
        } else if (announced != algorithm) {
            throw new CardFormatException("The card's " + application + " application uses " + announced.displayName()
                    + " but its social security application uses " + algorithm.displayName());
        }
    }

    private KeyRef keyWithVersion(KeyType type, int version, CardIdentificationCode card) {
        SecurityModule module = runner.securityModule();
        return runner.security(() -> module.keys().stream()
                .map(KeyInfo::ref)
                .filter(r -> r.type() == type && r.version() == version && r.covers(card.region())
                        && algorithm.displayName().equals(module.algorithm(r)))
                .max(Comparator.comparing((KeyRef r) -> r.level().ordinal()))
                .orElseThrow(() -> new SecurityModuleException("The security module has no " + type.description()
                        + " version " + version + " (" + algorithm.displayName() + ") for cards of region " + card.region()
                        + ". Load that key version or use a PSAM that holds it.")));
    }
}
