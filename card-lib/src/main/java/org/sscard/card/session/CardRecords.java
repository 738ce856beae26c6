package org.sscard.card.session;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.card.CardFormatException;
import org.sscard.card.tlv.Codecs;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.CryptoException;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/**
 * The record layout of the files the terminal reads and the card office writes: which tag holds what, in
 * how many bytes, in which encoding. Encoding refuses bad input ({@link IllegalArgumentException}); decoding
 * what a card sent refuses anything malformed ({@link CardFormatException}).
 */
public final class CardRecords {
    /** A fixed-length record of a file, addressed by tag. */
    public record Field(int tag, int length, String name) {
    }

    public static final int NAME_BYTES = 30;
    public static final int NAME_EXTENSION_BYTES = 20;
    /** Medical EF06 (cyclic): terminal id 6 ‖ date-time 7 ‖ amount 4 ‖ balance after 4 ‖ offline seq 2 ‖ TAC 4. */
    public static final int OFFLINE_RECORD_BYTES = 27;
    /** Medical EF08 (cyclic): settlement id an 20 ‖ date cn 4 ‖ amount 4. */
    public static final int TRANSACTION_RECORD_BYTES = 28;

    public static final List<Field> ISSUER = List.of(
            new Field(0x01, 16, "card identification code"), new Field(0x02, 1, "card type"),
            new Field(0x03, 4, "spec version"), new Field(0x04, 12, "initialising institution"),
            new Field(0x05, 4, "issue date"), new Field(0x06, 4, "expiry date"), new Field(0x07, 9, "card number"));
    public static final Field SSN = new Field(0x08, 18, "social security number");
    public static final Field NAME = new Field(0x09, NAME_BYTES, "name");
    public static final Field NAME_EXTENSION = new Field(0x4E, NAME_EXTENSION_BYTES, "name extension");
    /** EF06 records the terminal reads on every card (tag 4E only when tag 09 is full). */
    public static final List<Field> HOLDER = List.of(SSN, NAME,
            new Field(0x0A, 1, "sex"), new Field(0x0B, 1, "ethnicity"), new Field(0x0C, 3, "birthplace"),
            new Field(0x0D, 4, "birth date"));
    public static final List<Field> MEDICAL = List.of(
            new Field(0x30, 3, "insurance type"), new Field(0x31, 2, "person type"), new Field(0x32, 3, "insured region"),
            new Field(0x33, 4, "account balance"), new Field(0x34, 4, "year-to-date amount"),
            new Field(0x35, 4, "last update date"), new Field(0x36, 2, "offline sequence number"));

    private CardRecords() {
    }

    public static Map<Integer, byte[]> encodeIssuer(IssuerData d) {
        Map<Integer, byte[]> r = new LinkedHashMap<>();
        r.put(0x01, d.identificationCode().bytes());
        r.put(0x02, Codecs.encodeAn(d.cardType(), 1, "card type"));
        r.put(0x03, Codecs.encodeAn(d.specVersion(), 4, "spec version"));
        r.put(0x04, Codecs.encodeAn(d.institution(), 12, "institution"));
        r.put(0x05, Codecs.encodeDate(d.issueDate(), "issue date"));
        r.put(0x06, Codecs.encodeDate(d.expiryDate(), "expiry date"));
        r.put(0x07, Codecs.encodeAn(d.cardNumber().value(), 9, "card number"));
        return r;
    }

    public static IssuerData decodeIssuer(Map<Integer, byte[]> r) {
        CardIdentificationCode id;
        try {
            id = CardIdentificationCode.of(r.get(0x01));
        } catch (CryptoException e) {
            throw new CardFormatException("The card identification code on the card is malformed: " + e.getMessage(), e);
        }
        String number = Codecs.decodeAn(r.get(0x07), "card number");
        CardNumber cardNumber;
        try {
            cardNumber = CardNumber.of(number);
        } catch (IllegalArgumentException e) {
            throw new CardFormatException("The card number on the card is invalid: " + e.getMessage(), e);
        }
        return build(() -> new IssuerData(id, Codecs.decodeAn(r.get(0x02), "card type"),
                Codecs.decodeAn(r.get(0x03), "spec version"), Codecs.decodeAn(r.get(0x04), "institution"),
                Codecs.decodeDate(r.get(0x05), "issue date"), Codecs.decodeDate(r.get(0x06), "expiry date"), cardNumber),
                "card-issuer data (EF05)");
    }

    /** EF06 records, tag 4E always (all 00 when the name fits in tag 09): CLOSE PERSONALISATION requires it. */
    public static Map<Integer, byte[]> encodeHolder(HolderData d) {
        Map<Integer, byte[]> r = new LinkedHashMap<>();
        byte[][] name = splitName(d.name());
        r.put(0x08, Codecs.encodeAn(d.socialSecurityNumber(), 18, "social security number"));
        r.put(0x09, Codecs.pad(name[0], NAME_BYTES, "name"));
        r.put(0x4E, Codecs.pad(name[1], NAME_EXTENSION_BYTES, "name extension"));
        r.put(0x0A, Codecs.encodeAn(d.sex(), 1, "sex"));
        r.put(0x0B, Codecs.encodeCn(d.ethnicity(), 1, "ethnicity"));
        r.put(0x0C, Codecs.encodeCn(d.birthplace(), 3, "birthplace"));
        r.put(0x0D, Codecs.encodeDate(d.birthDate(), "birth date"));
        return r;
    }

    /** Decodes EF06; a missing tag 4E means the name is all in tag 09. */
    public static HolderData decodeHolder(Map<Integer, byte[]> r) {
        byte[] extension = r.getOrDefault(0x4E, new byte[0]);
        String name = Codecs.decodeGbk(r.get(0x09), "name") + Codecs.decodeGbk(extension, "name extension");
        return build(() -> new HolderData(Codecs.decodeAn(r.get(0x08), "social security number"), name,
                Codecs.decodeAn(r.get(0x0A), "sex"), Codecs.decodeCn(r.get(0x0B), "ethnicity"),
                Codecs.decodeCn(r.get(0x0C), "birthplace"), Codecs.decodeDate(r.get(0x0D), "birth date")),
                "holder data (EF06)");
    }

    /**
     * True if tag 4E must be read too: tag 09 is (nearly) full. A name is split at a character boundary, so
     * a two-byte GBK character that does not fit leaves one 00 byte at the end of tag 09.
     */
    public static boolean nameMayContinue(byte[] nameRecord) {
        int used = nameRecord.length;
        while (used > 0 && nameRecord[used - 1] == 0) {
            used--;
        }
        return used >= NAME_BYTES - 1;
    }

    public static Map<Integer, byte[]> encodeMedical(MedicalData d) {
        Map<Integer, byte[]> r = new LinkedHashMap<>();
        r.put(0x30, Codecs.encodeAn(d.insuranceType(), 3, "insurance type"));
        r.put(0x31, Codecs.encodeAn(d.personType(), 2, "person type"));
        r.put(0x32, Codecs.encodeCn(d.insuredRegion(), 3, "insured region"));
        r.put(0x33, Codecs.encodeAmount(d.balance().fen(), "balance"));
        r.put(0x34, Codecs.encodeAmount(d.yearToDate().fen(), "year-to-date amount"));
        r.put(0x35, Codecs.encodeDate(d.lastUpdate(), "last update date"));
        r.put(0x36, Codecs.encodeUnsigned(d.offlineSeq(), 2, "offline sequence number"));
        return r;
    }

    public static MedicalData decodeMedical(Map<Integer, byte[]> r) {
        return build(() -> new MedicalData(Codecs.decodeAn(r.get(0x30), "insurance type"),
                Codecs.decodeAn(r.get(0x31), "person type"), Codecs.decodeCn(r.get(0x32), "insured region"),
                Money.ofFen(Codecs.decodeAmount(r.get(0x33), "balance")),
                Money.ofFen(Codecs.decodeAmount(r.get(0x34), "year-to-date amount")),
                Codecs.decodeDate(r.get(0x35), "last update date"),
                (int) Codecs.decodeUnsigned(r.get(0x36), 2, "offline sequence number")), "medical data (EF05)");
    }

    /**
     * The GBK name split into tag 09 (at most 30 bytes) and tag 4E (at most 20 bytes), at a character
     * boundary so each part is valid GBK on its own.
     */
    static byte[][] splitName(String name) {
        byte[] all = Codecs.encodeGbk(name, "name");
        if (all.length <= NAME_BYTES) {
            return new byte[][] {all, new byte[0]};
        }
        int cut = 0;
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int len = Codecs.encodeGbk(new String(Character.toChars(cp)), "name").length;
            if (cut + len > NAME_BYTES) {
                break;
            }
            cut += len;
            i += Character.charCount(cp);
        }
        byte[] rest = Arrays.copyOfRange(all, cut, all.length);
        if (rest.length > NAME_EXTENSION_BYTES) {
            throw new IllegalArgumentException("the name is too long for the card: at most "
                    + (NAME_BYTES + NAME_EXTENSION_BYTES) + " bytes in GBK (about 25 Chinese characters)");
        }
        return new byte[][] {Arrays.copyOf(all, cut), rest};
    }

    private interface Builder<T> {
        T build();
    }

    private static <T> T build(Builder<T> builder, String what) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CardFormatException("The card's " + what + " is not valid: " + e.getMessage(), e);
        }
    }
}
