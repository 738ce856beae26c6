package org.sscard.crypto;

import java.io.ByteArrayOutputStream;

/**
 * The inputs of an offline debit's cryptograms (MAC1, MAC2, TAC). See {@link CardCryptograms} for how
 * they are computed.
 *
 * @param amountFen    the debit amount in fen (0 .. 2^32-1)
 * @param terminalId   6 bytes
 * @param terminalSeq  the terminal's transaction sequence number (0 .. 2^32-1)
 * @param dateTime     7 bytes BCD {@code yyyyMMddHHmmss}
 * @param cardRandom   4 bytes returned by INITIALIZE FOR DEBIT
 * @param offlineSeq   the card's offline sequence number returned by INITIALIZE FOR DEBIT (0 .. 65535)
 * @param balanceAfter the balance after the debit in fen, used by the TAC
 */
public record DebitData(long amountFen, byte[] terminalId, long terminalSeq, byte[] dateTime, byte[] cardRandom,
                        int offlineSeq, long balanceAfter) {
    public static final int TRANSACTION_TYPE_DEBIT = 0x06;

    public DebitData {
        requireLength("terminal id", terminalId, 6);
        requireLength("date-time", dateTime, 7);
        requireLength("card random", cardRandom, 4);
        requireUnsigned32("amount", amountFen);
        requireUnsigned32("terminal sequence", terminalSeq);
        requireUnsigned32("balance after", balanceAfter);
        if (offlineSeq < 0 || offlineSeq > 0xFFFF) {
            throw new CryptoException("offline sequence must be 0..65535, got " + offlineSeq);
        }
        terminalId = terminalId.clone();
        dateTime = dateTime.clone();
        cardRandom = cardRandom.clone();
    }

    /** Session-key factor: card random (4) || offline seq (2) || low two bytes of the terminal seq. */
    byte[] sessionFactor() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(cardRandom);
        putInt(out, offlineSeq, 2);
        putInt(out, terminalSeq & 0xFFFF, 2);
        return out.toByteArray();
    }

    /** MAC1 input: amount (4) || type 06 || terminal id (6) || terminal seq (4) || date-time (7). */
    byte[] mac1Input() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        putInt(out, amountFen, 4);
        out.write(TRANSACTION_TYPE_DEBIT);
        out.writeBytes(terminalId);
        putInt(out, terminalSeq, 4);
        out.writeBytes(dateTime);
        return out.toByteArray();
    }

    /** MAC2 input: amount (4). */
    byte[] mac2Input() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        putInt(out, amountFen, 4);
        return out.toByteArray();
    }

    /** TAC input: the MAC1 input || offline seq (2) || balance after (4). */
    byte[] tacInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mac1Input());
        putInt(out, offlineSeq, 2);
        putInt(out, balanceAfter, 4);
        return out.toByteArray();
    }

    private static void putInt(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static void requireLength(String what, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new CryptoException(what + " must be " + length + " bytes");
        }
    }

    private static void requireUnsigned32(String what, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new CryptoException(what + " must fit in 4 unsigned bytes, got " + value);
        }
    }
}
