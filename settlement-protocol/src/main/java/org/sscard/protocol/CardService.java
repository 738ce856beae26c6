package org.sscard.protocol;

import java.util.List;
import java.util.regex.Pattern;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/**
 * The card service transactions C101–C112 (ours), in the same envelope as the settlement transactions.
 * {@code card_no}: the 9-character card number with its check character; {@code card_sn}: the card
 * identification code (16 bytes, upper-case hex); {@code certno}: the holder's ID number, which must match
 * the registry (it is how the office proves the person and the card belong together).
 */
public final class CardService {
    private static final Pattern SPEC_VERSION = Pattern.compile("[0-9]\\.[0-9]{2}");

    private CardService() {
    }

    /** C101: registers a card the office has just personalised; it enters state ISSUED. */
    public record Register(String cardNo, String cardSn, String certno, String psnName, Gender gend, String brdy,
            String psnNo, String issueDate, String expyDate, CardAlgorithm cardAlg, String specVer)
            implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.cardIdentificationCode("card_sn", cardSn);
            f.certNumber("certno", certno);
            f.text("psn_name", psnName, 50);
            if (!f.required("gend", gend).isKnown()) {
                throw f.invalid("gend", "must be 0, 1, 2 or 9 (GB/T 2261.1)");
            }
            f.date("brdy", brdy);
            f.text("psn_no", psnNo, 30);
            validateValidity(f, issueDate, expyDate);
            f.required("card_alg", cardAlg);
            f.pattern("spec_ver", specVer, SPEC_VERSION, "must be a version such as 3.00");
        }

        @Override
        public String toString() {
            return "CardService.Register[card_no=" + CardNumber.mask(cardNo) + ", card_sn=" + cardSn + ", certno="
                    + CitizenId.mask(certno) + "]";
        }
    }

    static void validateValidity(Fields f, String issueDate, String expyDate) {
        if (!f.date("expy_date", expyDate).isAfter(f.date("issue_date", issueDate))) {
            throw f.invalid("expy_date", "must be after issue_date");
        }
    }

    /** C102: reports a card lost; it enters LOST and the blacklist. */
    public record LossReport(String cardNo, String certno, String rsn) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.certNumber("certno", certno);
            f.optionalText("rsn", rsn, 200);
        }

        @Override
        public String toString() {
            return "CardService.LossReport[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /** C103: lifts a loss report; the card returns to ACTIVE and leaves the blacklist. */
    public record LiftLossReport(String cardNo, String certno) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.certNumber("certno", certno);
        }

        @Override
        public String toString() {
            return "CardService.LiftLossReport[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /**
     * C104 reissue (after a loss) and C105 replace (damaged or expiring card, old card in hand): the old
     * card is CANCELLED and blacklisted forever, the new card (new number and identification code) is ISSUED.
     */
    public record ChangeCard(String oldCardNo, String certno, String newCardNo, String newCardSn,
            String issueDate, String expyDate, CardAlgorithm cardAlg, String rsn) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("old_card_no", oldCardNo);
            f.certNumber("certno", certno);
            f.cardNumber("new_card_no", newCardNo);
            if (newCardNo.equals(oldCardNo)) {
                throw f.invalid("new_card_no", "must differ from old_card_no");
            }
            f.cardIdentificationCode("new_card_sn", newCardSn);
            validateValidity(f, issueDate, expyDate);
            f.required("card_alg", cardAlg);
            f.optionalText("rsn", rsn, 200);
        }

        @Override
        public String toString() {
            return "CardService.ChangeCard[old_card_no=" + CardNumber.mask(oldCardNo) + ", new_card_no=" + CardNumber.mask(newCardNo) + ", certno="
                    + CitizenId.mask(certno) + "]";
        }
    }

    /** C106: cancels a card for good (the holder left the scheme, died, ...); {@code rsn} is required. */
    public record Cancel(String cardNo, String certno, String rsn) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.certNumber("certno", certno);
            f.text("rsn", rsn, 200);
        }

        @Override
        public String toString() {
            return "CardService.Cancel[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /** C111: suspends an ACTIVE card (SUSPENDED, on the blacklist); {@code rsn} is required. */
    public record Suspend(String cardNo, String certno, String rsn) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.certNumber("certno", certno);
            f.text("rsn", rsn, 200);
        }

        @Override
        public String toString() {
            return "CardService.Suspend[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /** C112: resumes a SUSPENDED card; it returns to ACTIVE and leaves the blacklist. */
    public record Resume(String cardNo, String certno) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.certNumber("certno", certno);
        }

        @Override
        public String toString() {
            return "CardService.Resume[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /** C107: the state of a card, by {@code card_no} or {@code card_sn} (at least one). */
    public record StatusQuery(String cardNo, String cardSn) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            if (cardNo == null && cardSn == null) {
                throw f.invalid("card_no", "card_no or card_sn required");
            }
            if (cardNo != null) {
                f.cardNumber("card_no", cardNo);
            }
            if (cardSn != null) {
                f.cardIdentificationCode("card_sn", cardSn);
            }
        }
    }

    /** The state of one card after the operation; {@code stas_time}: when it entered that state. */
    public record CardStatus(String cardNo, String cardSn, CardState cardStas, String stasTime)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.cardIdentificationCode("card_sn", cardSn);
            f.required("card_stas", cardStas);
            f.dateTime("stas_time", stasTime);
        }
    }

    public record CardChanged(CardStatus oldCard, CardStatus newCard) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.object("old_card", oldCard);
            f.object("new_card", newCard);
        }
    }

    /** C108: blacklist changes with a version above {@code since_ver}, at most {@code max_rows}. */
    public record BlacklistQuery(Long sinceVer, Long maxRows) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.range("since_ver", sinceVer, 0, Long.MAX_VALUE);
            f.positive("max_rows", maxRows, 10_000);
        }
    }

    /**
     * {@code ver}: the highest version in {@code rows} (or {@code since_ver} when empty); {@code more}: 1 when
     * further rows remain (ask again with {@code since_ver = ver}).
     */
    public record Blacklist(Long ver, Flag more, List<BlacklistEntry> rows) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.range("ver", ver, 0, Long.MAX_VALUE);
            f.required("more", more);
            f.optionalList("rows", rows, 10_000);
        }
    }

    /**
     * One change: {@code card_stas} LOST, SUSPENDED or CANCELLED puts the card on the blacklist, ACTIVE takes
     * it off (a lifted loss report or a resumed card).
     */
    public record BlacklistEntry(String cardSn, String cardNo, CardState cardStas, Long ver, String chgTime)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.cardIdentificationCode("card_sn", cardSn);
            f.cardNumber("card_no", cardNo);
            f.required("card_stas", cardStas);
            f.positive("ver", ver, Long.MAX_VALUE);
            f.dateTime("chg_time", chgTime);
        }
    }

    /** C109: asks the central service to authorise a PIN reset at the office for this card. */
    public record PinResetRequest(String cardNo, String cardSn, String certno) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.cardIdentificationCode("card_sn", cardSn);
            f.certNumber("certno", certno);
        }

        @Override
        public String toString() {
            return "CardService.PinResetRequest[card_no=" + CardNumber.mask(cardNo) + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /** {@code auth_no}: the authorisation to quote in the office's audit log; valid until {@code expy_time}. */
    public record PinResetAuthorisation(String cardNo, String authNo, String expyTime) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.cardNumber("card_no", cardNo);
            f.text("auth_no", authNo, 30);
            f.dateTime("expy_time", expyTime);
        }
    }

    /** C110: offline debit records queued by a terminal, forwarded in order when the link returns. */
    public record OfflineDebits(List<OfflineDebit> records) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.list("records", records, 1, 500);
        }
    }

    /**
     * One card DEBIT (DOMAIN §2): {@code term_id} the 6-byte terminal id (hex), {@code term_seq} the terminal
     * sequence (0..2^32−1), {@code offline_seq} the card's offline sequence (0..65535), {@code txn_time} the
     * debit's date-time, {@code amt} the amount, {@code balc_after} the card balance after, {@code tac} the
     * card's 4-byte TAC (hex), verified by the central service.
     */
    public record OfflineDebit(String termId, Long termSeq, String cardNo, String cardSn, Long offlineSeq,
            String txnTime, Money amt, Money balcAfter, String tac) implements Validated {
        @Override
        public void validate(Fields f) {
            f.hex("term_id", termId, 6);
            f.range("term_seq", termSeq, 0, 0xFFFF_FFFFL);
            f.cardNumber("card_no", cardNo);
            f.cardIdentificationCode("card_sn", cardSn);
            f.range("offline_seq", offlineSeq, 0, 0xFFFF);
            f.dateTime("txn_time", txnTime);
            f.positive("amt", amt);
            f.nonNegative("balc_after", balcAfter);
            f.hex("tac", tac, 4);
        }
    }

    public record OfflineDebitResults(List<OfflineDebitRow> result) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.list("result", result, 1, 500);
        }
    }

    /**
     * The answer to one record. For an accepted record the central service names the account it booked the debit
     * against (ours): {@code psn_no} and {@code insutype}, which the station's reconciliation and reports need and
     * cannot know offline; both are absent for the other results.
     */
    public record OfflineDebitRow(String termId, Long termSeq, OfflineDebitResult rslt, String memo, String psnNo,
            InsuType insutype) implements Validated {
        public OfflineDebitRow(String termId, Long termSeq, OfflineDebitResult rslt, String memo) {
            this(termId, termSeq, rslt, memo, null, null);
        }

        @Override
        public void validate(Fields f) {
            f.hex("term_id", termId, 6);
            f.range("term_seq", termSeq, 0, 0xFFFF_FFFFL);
            f.required("rslt", rslt);
            f.optionalText("memo", memo, 200);
            f.optionalText("psn_no", psnNo, 30);
        }
    }

    /**
     * The identifier of a booked offline debit in reconciliation (3202 {@code setl_id}, ours): it has no 2207 and so
     * no setl_id, but its (term_id, term_seq) is booked once, so {@code OD} + term_id (12 hex, upper case) + term_seq
     * (10 digits) names it at the station and at the central service alike (24 characters).
     */
    public static String offlineDebitId(String termId, long termSeq) {
        return "OD" + termId.toUpperCase(java.util.Locale.ROOT) + String.format("%010d", termSeq);
    }
}
