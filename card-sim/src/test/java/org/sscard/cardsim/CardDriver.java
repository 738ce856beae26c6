package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.HexFormat;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyDiversification;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.crypto.WrappedKey;

/**
 * Test-side terminal: raw APDUs built per docs/card-protocol.md, cryptograms from the demo security
 * module, and a default personalisation.
 */
final class CardDriver {
    static final SecurityModule MODULE = TestKeys.module();
    static final String PIN = "123456";
    static final int PIN_LIMIT = 3;
    static final long INITIAL_BALANCE = 150_000;

    final SimulatedCard card;
    final BlockAlgorithm alg;
    final CardIdentificationCode id;

    CardDriver(SimulatedCard card) {
        this.card = card;
        this.alg = card.algorithm();
        this.id = card.identification();
    }

    static CardDriver blank(BlockAlgorithm alg, String chipHex) {
        return new CardDriver(SimulatedCard.blank(CardIdentificationCode.of("440106", hex(chipHex)), alg));
    }

    static CardDriver personalised(BlockAlgorithm alg, String chipHex) {
        CardDriver driver = blank(alg, chipHex);
        driver.personalise();
        return driver;
    }

    // ---- APDUs ----------------------------------------------------------------------------------------

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    static byte[] apdu(int cla, int ins, int p1, int p2, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(cla);
        out.write(ins);
        out.write(p1);
        out.write(p2);
        if (data != null) {
            out.write(data.length);
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    static byte[] apduLe(int cla, int ins, int p1, int p2, int le) {
        return new byte[] {(byte) cla, (byte) ins, (byte) p1, (byte) p2, (byte) le};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    Response send(byte[] command) {
        return Response.of(card.transmit(command));
    }

    Response sendOk(byte[] command) {
        Response r = send(command);
        assertEquals(0x9000, r.sw(), () -> "SW for " + HexFormat.of().formatHex(command) + ": " + r);
        return r;
    }

    Response selectSsse() {
        return send(apdu(0x00, 0xA4, 0x04, 0x00, SimulatedCard.ssseAid()));
    }

    Response selectMedical() {
        return send(apdu(0x00, 0xA4, 0x04, 0x00, SimulatedCard.medicalAid()));
    }

    Response selectEf(int fid) {
        return send(apdu(0x00, 0xA4, 0x02, 0x00, new byte[] {(byte) 0xEF, (byte) fid}));
    }

    byte[] challenge() {
        return sendOk(apduLe(0x00, 0x84, 0x00, 0x00, 8)).data();
    }

    Response readTag(int tag) {
        return send(apduLe(0x00, 0xB2, tag, 0x00, 0));
    }

    Response readNumber(int n) {
        return send(apduLe(0x00, 0xB2, n, 0x04, 0));
    }

    KeyRef ref(KeyType type) {
        return TestKeys.nationalRef(type, alg);
    }

    byte[] cardKey(KeyType type) {
        return KeyDiversification.nationalToCard(alg, TestKeys.national(type, alg), id);
    }

    Response externalAuthenticate() {
        byte[] ch = challenge();
        return send(apdu(0x00, 0x82, 0x00, 0x01, MODULE.externalAuthCryptogram(ref(KeyType.EXTERNAL_AUTH), id, ch)));
    }

    /** Sends {@code hdr ‖ data ‖ MAC(K_type, fresh challenge, hdr ‖ data)}. */
    Response macCommand(int cla, int ins, int p1, int p2, byte[] data, KeyType key) {
        byte[] ch = challenge();
        byte[] hdr = {(byte) cla, (byte) ins, (byte) p1, (byte) p2, (byte) (data.length + 4)};
        byte[] mac = MODULE.cardMac(ref(key), id, ch, concat(hdr, data));
        return send(concat(hdr, data, mac));
    }

    Response verify(String pin) {
        return send(apdu(0x00, 0x20, 0x00, 0x00, CardCryptograms.pinBcd(pin.toCharArray())));
    }

    static final byte[] TERMINAL_ID = hex("440106000042");
    static final byte[] DATE_TIME = hex("20260315103000");

    /** INITIALIZE FOR DEBIT; on 9000 the answer and the debit inputs the terminal will sign. */
    Response initializeForDebit(long amount) {
        return send(apdu(0x80, 0x50, 0x01, 0x02, concat(new byte[] {0x07}, uint(amount, 4), TERMINAL_ID)));
    }

    /** The debit inputs from an INITIALIZE FOR DEBIT answer. */
    static DebitData debitData(Response init, long amount, long terminalSeq) {
        byte[] a = init.data();
        long balance = uint(a, 0, 4);
        return new DebitData(amount, TERMINAL_ID, terminalSeq, DATE_TIME, Arrays.copyOfRange(a, 8, 12),
                (int) uint(a, 4, 2), balance - amount);
    }

    Response debit(DebitData data, byte[] mac1) {
        return send(apdu(0x80, 0x54, 0x01, 0x00, concat(uint(data.terminalSeq(), 4), data.dateTime(), mac1)));
    }

    /** INITIALIZE FOR DEBIT and DEBIT with a correct MAC1; answers the DEBIT response. */
    Response payOffline(long amount, long terminalSeq) {
        Response init = initializeForDebit(amount);
        assertEquals(0x9000, init.sw(), "INITIALIZE FOR DEBIT");
        DebitData data = debitData(init, amount, terminalSeq);
        return debit(data, MODULE.debitMac1(ref(KeyType.DEBIT), id, data));
    }

    /** Tries left, by VERIFY without data (costs nothing): 0 when blocked. */
    int triesLeft() {
        Response r = send(apduLe(0x00, 0x20, 0x00, 0x00, 0));
        if (r.sw() == 0x6983) {
            return 0;
        }
        assertEquals(0x63C0, r.sw() & 0xFFF0, "VERIFY without data: " + r);
        return r.sw() & 0x0F;
    }

    // ---- personalisation -------------------------------------------------------------------------------

    Response putKey(KeyType type) {
        WrappedKey wrapped = MODULE.wrapCardKey(ref(type), ref(KeyType.TRANSPORT), id);
        byte[] data = concat(wrapped.ciphertext(), wrapped.kcv(), new byte[] {(byte) ref(type).version()});
        return macCommand(0x84, 0xD4, 0x00, type.cardKeyId(), data, KeyType.TRANSPORT);
    }

    Response writeRecord(int tag, byte[] value) {
        return macCommand(0x84, 0xDC, tag, 0x00, value, KeyType.TRANSPORT);
    }

    Response setPin(String pin, int limit) {
        byte[] enc = MODULE.encryptPinBlock(ref(KeyType.TRANSPORT), id, pin.toCharArray());
        return macCommand(0x84, 0xD8, 0x00, limit, enc, KeyType.TRANSPORT);
    }

    Response close() {
        return macCommand(0x84, 0xE6, 0x00, 0x00, new byte[0], KeyType.TRANSPORT);
    }

    static final int[] SSSE_EF05_TAGS = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    static final int[] SSSE_EF06_TAGS = {0x08, 0x09, 0x4E, 0x0A, 0x0B, 0x0C, 0x0D};
    static final KeyType[] CARD_KEYS = {KeyType.EXTERNAL_AUTH, KeyType.INTERNAL_AUTH, KeyType.UPDATE,
        KeyType.MEDICAL_UPDATE, KeyType.PIN_RELOAD, KeyType.PIN_UNBLOCK, KeyType.DEBIT, KeyType.APP_BLOCK};

    byte[] holderValue(int tag) {
        return switch (tag) {
            case 0x01 -> id.bytes();
            case 0x02 -> an("1", 1);
            case 0x03 -> an("3.00", 4);
            case 0x04 -> an("440100000001", 12);
            case 0x05 -> hex("20260101");
            case 0x06 -> hex("20360101");
            case 0x07 -> an("A1234567X", 9);
            case 0x08 -> an("440106198001010014", 18);
            case 0x09 -> gbk("张三", 30);
            case 0x4E -> new byte[20];
            case 0x0A -> an("1", 1);
            case 0x0B -> hex("01");
            case 0x0C -> hex("440106");
            case 0x0D -> hex("19800101");
            case 0x30 -> an("310", 3);
            case 0x31 -> an("11", 2);
            case 0x32 -> hex("440106");
            case 0x33 -> uint(INITIAL_BALANCE, 4);
            case 0x34 -> uint(0, 4);
            case 0x35 -> hex("20260101");
            case 0x36 -> uint(0, 2);
            default -> throw new IllegalArgumentException("no tag " + tag);
        };
    }

    /** One self-contained personalisation command (it selects what it needs first). */
    record PersoStep(String name, Function<CardDriver, Response> command) {
        Response run(CardDriver d) {
            return command.apply(d);
        }
    }

    /** Every personalisation step but CLOSE, in issuing order. */
    static List<PersoStep> personalisationSteps() {
        List<PersoStep> steps = new ArrayList<>();
        for (KeyType type : CARD_KEYS) {
            steps.add(new PersoStep("PUT KEY " + type, d -> {
                d.selectSsse();
                return d.putKey(type);
            }));
        }
        addRecordSteps(steps, false, 0x05, SSSE_EF05_TAGS);
        addRecordSteps(steps, false, 0x06, SSSE_EF06_TAGS);
        addRecordSteps(steps, true, 0x05, new int[] {0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36});
        steps.add(new PersoStep("SET PIN", d -> {
            d.selectSsse();
            return d.setPin(PIN, PIN_LIMIT);
        }));
        return steps;
    }

    private static void addRecordSteps(List<PersoStep> steps, boolean medical, int fid, int[] tags) {
        for (int tag : tags) {
            steps.add(new PersoStep(String.format("WRITE RECORD %s EF%02X tag %02X", medical ? "medical" : "SSSE", fid, tag),
                    d -> {
                        assertEquals(0x9000, (medical ? d.selectMedical() : d.selectSsse()).sw());
                        assertEquals(0x9000, d.selectEf(fid).sw());
                        return d.writeRecord(tag, d.holderValue(tag));
                    }));
        }
    }

    void personalise() {
        for (PersoStep step : personalisationSteps()) {
            assertEquals(0x9000, step.run(this).sw(), step.name());
        }
        assertEquals(0x9000, close().sw());
        card.reset();
    }

    static byte[] an(String text, int length) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), length);
    }

    static byte[] gbk(String text, int length) {
        return Arrays.copyOf(text.getBytes(java.nio.charset.Charset.forName("GBK")), length);
    }

    static byte[] uint(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[bytes - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static long uint(byte[] data, int offset, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = (v << 8) | (data[offset + i] & 0xFF);
        }
        return v;
    }
}
