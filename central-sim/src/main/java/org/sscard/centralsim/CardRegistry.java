package org.sscard.centralsim;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.protocol.CardAlgorithm;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuStatus;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MsgId;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.TransactionInput;

/**
 * The card service C101–C112: the card registry with the state machine of DOMAIN §7, the blacklist
 * (every change a new version), PIN-reset authorisations and offline debit records, whose TAC is
 * verified by a security module holding the debit keys of the hierarchy.
 */
final class CardRegistry {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Insurance a person gets when C101 registers a card for someone not yet in the registry (ours). */
    static final InsuType NEW_PERSON_INSUTYPE = InsuType.RESIDENT;
    static final String NEW_PERSON_TYPE = "21";

    private final SecurityModule debitKeys;

    CardRegistry(SecurityModule debitKeys) {
        this.debitKeys = debitKeys;
    }

    record Card(String cardNo, String cardSn, String psnNo, CardAlgorithm alg, CardState state, String stasTime) {
        CardService.CardStatus status() {
            return new CardService.CardStatus(cardNo, cardSn, state, stasTime);
        }
    }

    private static final Jdbc.Row<Card> CARD = rs -> new Card(rs.getString("card_no"), rs.getString("card_sn"),
            rs.getString("psn_no"), CardAlgorithm.of(rs.getString("card_alg")), CardState.of(rs.getString("card_stas")),
            rs.getString("stas_time"));

    static Optional<Card> byNo(Connection c, String cardNo) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM card WHERE card_no = ?", CARD, cardNo);
    }

    static Optional<Card> bySn(Connection c, String cardSn) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM card WHERE card_sn = ?", CARD, cardSn);
    }

    /**
     * The card presented for a visit: registered, the identification code (when given) matching, and in a
     * state that may be used online. The first online use of an ISSUED card makes it ACTIVE.
     */
    Card usableCard(Transactions.Ctx ctx, String cardNo, String cardSn) throws SQLException {
        Card card = byNo(ctx.c(), cardNo).orElseThrow(() -> Transactions.refuse("mdtrt_cert_no: card " + cardNo
                + " is not registered"));
        if (cardSn != null && !cardSn.equals(card.cardSn())) {
            throw Transactions.refuse("card_sn: does not match the card registered as " + cardNo
                    + " (a copied or altered card?)");
        }
        switch (card.state()) {
            case LOST -> throw Transactions.refuse("mdtrt_cert_no: card " + cardNo
                    + " is reported lost (blacklisted); retain the card and block its application");
            case CANCELLED -> throw Transactions.refuse("mdtrt_cert_no: card " + cardNo
                    + " is cancelled (blacklisted); retain the card and block its application");
            case SUSPENDED -> throw Transactions.refuse("mdtrt_cert_no: card " + cardNo + " is suspended");
            case ISSUED -> {
                return transition(ctx, card, CardState.ACTIVE);
            }
            default -> {
                return card;
            }
        }
    }

    Transactions.Handled handle(Transactions.Ctx ctx, TransactionInput input) throws SQLException {
        return switch (ctx.header().infno()) {
            case "C101" -> register(ctx, (CardService.Register) input);
            case "C102" -> {
                CardService.LossReport in = (CardService.LossReport) input;
                yield done(change(ctx, in.cardNo(), in.certno(), Set.of(CardState.ACTIVE), CardState.LOST, "report a loss"));
            }
            case "C103" -> {
                CardService.LiftLossReport in = (CardService.LiftLossReport) input;
                yield done(change(ctx, in.cardNo(), in.certno(), Set.of(CardState.LOST), CardState.ACTIVE,
                        "lift a loss report"));
            }
            case "C104" -> changeCard(ctx, (CardService.ChangeCard) input, Set.of(CardState.LOST, CardState.ACTIVE), "reissue");
            case "C105" -> changeCard(ctx, (CardService.ChangeCard) input, Set.of(CardState.ACTIVE), "replace");
            case "C106" -> {
                CardService.Cancel in = (CardService.Cancel) input;
                yield done(change(ctx, in.cardNo(), in.certno(), Set.of(CardState.ACTIVE, CardState.LOST),
                        CardState.CANCELLED, "cancel"));
            }
            case "C111" -> {
                CardService.Suspend in = (CardService.Suspend) input;
                yield done(change(ctx, in.cardNo(), in.certno(), Set.of(CardState.ACTIVE), CardState.SUSPENDED, "suspend"));
            }
            case "C112" -> {
                CardService.Resume in = (CardService.Resume) input;
                yield done(change(ctx, in.cardNo(), in.certno(), Set.of(CardState.SUSPENDED), CardState.ACTIVE, "resume"));
            }
            case "C107" -> done(statusQuery(ctx, (CardService.StatusQuery) input).status());
            case "C108" -> done(blacklist(ctx, (CardService.BlacklistQuery) input));
            case "C109" -> done(authorisePinReset(ctx, (CardService.PinResetRequest) input));
            case "C110" -> done(offlineDebits(ctx, (CardService.OfflineDebits) input));
            default -> throw new IllegalStateException("no handler for " + ctx.header().infno());
        };
    }

    private static Transactions.Handled done(org.sscard.protocol.TransactionOutput output) {
        return new Transactions.Handled(output, null);
    }

    private Transactions.Handled register(Transactions.Ctx ctx, CardService.Register in) throws SQLException {
        Connection c = ctx.c();
        if (byNo(c, in.cardNo()).isPresent()) {
            throw Transactions.refuse("card_no: card " + in.cardNo() + " is already registered");
        }
        if (bySn(c, in.cardSn()).isPresent()) {
            throw Transactions.refuse("card_sn: a card with this identification code is already registered");
        }
        Optional<Transactions.Person> byPsn = Transactions.person(c, "psn_no", in.psnNo());
        Optional<Transactions.Person> byCert = Transactions.person(c, "certno", in.certno());
        if (byPsn.isPresent() != byCert.isPresent()
                || byPsn.isPresent() && !byPsn.get().psnNo().equals(byCert.get().psnNo())) {
            throw Transactions.refuse("certno: does not match the registry's record of psn_no " + in.psnNo());
        }
        if (byPsn.isEmpty()) {
            String cityRegion = CardIdentificationCode.ofHex(in.cardSn()).cityRegion();
            Jdbc.update(c, "INSERT INTO person(psn_no, certno, psn_name, gend, brdy, insutype, psn_type, insuplc_admdvs, "
                    + "psn_insu_stas, balance_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", in.psnNo(), in.certno(),
                    in.psnName(), in.gend().code(), in.brdy(), NEW_PERSON_INSUTYPE.code(), NEW_PERSON_TYPE, cityRegion,
                    InsuStatus.NORMAL.code());
        }
        Optional<Card> holding = Jdbc.one(c, "SELECT * FROM card WHERE psn_no = ? AND card_stas <> ?", CARD, in.psnNo(),
                CardState.CANCELLED.code());
        if (holding.isPresent()) {
            throw Transactions.refuse("psn_no: the person already holds card " + holding.get().cardNo() + " ("
                    + holding.get().state() + "); reissue (C104) or replace (C105) it instead");
        }
        insertCard(ctx, in.cardNo(), in.cardSn(), in.psnNo(), in.cardAlg(), in.issueDate(), in.expyDate(), in.specVer());
        return done(byNo(c, in.cardNo()).orElseThrow().status());
    }

    private static void insertCard(Transactions.Ctx ctx, String cardNo, String cardSn, String psnNo, CardAlgorithm alg,
            String issueDate, String expyDate, String specVer) throws SQLException {
        Jdbc.update(ctx.c(), "INSERT INTO card(card_no, card_sn, psn_no, card_alg, issue_date, expy_date, spec_ver, "
                + "card_stas, stas_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cardNo, cardSn, psnNo, alg.code(), issueDate,
                expyDate, specVer, CardState.ISSUED.code(), ctx.nowText());
    }

    /** The card, checked against the holder's ID number. */
    private static Card ownedCard(Transactions.Ctx ctx, String cardNo, String certno) throws SQLException {
        Card card = byNo(ctx.c(), cardNo).orElseThrow(() -> Transactions.refuse("card_no: card " + cardNo
                + " is not registered"));
        String holderCert = Jdbc.one(ctx.c(), "SELECT certno FROM person WHERE psn_no = ?", rs -> rs.getString(1),
                card.psnNo()).orElseThrow();
        if (!holderCert.equals(certno)) {
            throw Transactions.refuse("certno: does not match the holder of card " + cardNo
                    + "; check the person, the ID and the card");
        }
        return card;
    }

    private static CardService.CardStatus change(Transactions.Ctx ctx, String cardNo, String certno, Set<CardState> from,
            CardState to, String action) throws SQLException {
        Card card = ownedCard(ctx, cardNo, certno);
        requireState(card, from, action);
        return transition(ctx, card, to).status();
    }

    private static void requireState(Card card, Set<CardState> from, String action) {
        if (!from.contains(card.state())) {
            throw Transactions.refuse("card_no: cannot " + action + " card " + card.cardNo() + " in state "
                    + card.state() + " (allowed from " + from.stream().map(Enum::name).sorted().toList() + ")");
        }
    }

    /** Moves a card to {@code to}; every change to or from a blacklisted state adds a blacklist version. */
    private static Card transition(Transactions.Ctx ctx, Card card, CardState to) throws SQLException {
        Jdbc.update(ctx.c(), "UPDATE card SET card_stas = ?, stas_time = ? WHERE card_no = ?", to.code(), ctx.nowText(),
                card.cardNo());
        if (blacklisted(to) || blacklisted(card.state())) {
            addBlacklistVersion(ctx.c(), card.cardSn(), card.cardNo(), to, ctx.nowText());
        }
        return new Card(card.cardNo(), card.cardSn(), card.psnNo(), card.alg(), to, ctx.nowText());
    }

    static boolean blacklisted(CardState s) {
        return s == CardState.LOST || s == CardState.SUSPENDED || s == CardState.CANCELLED;
    }

    static void addBlacklistVersion(Connection c, String cardSn, String cardNo, CardState state, String time)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO blacklist(card_sn, card_no, card_stas, chg_time) VALUES (?, ?, ?, ?)", cardSn, cardNo,
                state.code(), time);
    }

    private Transactions.Handled changeCard(Transactions.Ctx ctx, CardService.ChangeCard in, Set<CardState> from,
            String action) throws SQLException {
        Card old = ownedCard(ctx, in.oldCardNo(), in.certno());
        requireState(old, from, action);
        if (byNo(ctx.c(), in.newCardNo()).isPresent()) {
            throw Transactions.refuse("new_card_no: card " + in.newCardNo() + " is already registered");
        }
        if (bySn(ctx.c(), in.newCardSn()).isPresent()) {
            throw Transactions.refuse("new_card_sn: a card with this identification code is already registered");
        }
        Card cancelled = transition(ctx, old, CardState.CANCELLED);
        insertCard(ctx, in.newCardNo(), in.newCardSn(), old.psnNo(), in.cardAlg(), in.issueDate(), in.expyDate(),
                Jdbc.one(ctx.c(), "SELECT spec_ver FROM card WHERE card_no = ?", rs -> rs.getString(1), old.cardNo())
                        .orElseThrow());
        return done(new CardService.CardChanged(cancelled.status(), byNo(ctx.c(), in.newCardNo()).orElseThrow().status()));
    }

    private static Card statusQuery(Transactions.Ctx ctx, CardService.StatusQuery in) throws SQLException {
        Optional<Card> card = in.cardNo() != null ? byNo(ctx.c(), in.cardNo()) : bySn(ctx.c(), in.cardSn());
        if (card.isEmpty()) {
            throw Transactions.refuse(in.cardNo() != null ? "card_no: card " + in.cardNo() + " is not registered"
                    : "card_sn: no card with this identification code is registered");
        }
        if (in.cardNo() != null && in.cardSn() != null && !in.cardSn().equals(card.get().cardSn())) {
            throw Transactions.refuse("card_sn: does not match the card registered as " + in.cardNo());
        }
        return card.get();
    }

    private static CardService.Blacklist blacklist(Transactions.Ctx ctx, CardService.BlacklistQuery in)
            throws SQLException {
        List<CardService.BlacklistEntry> rows = new ArrayList<>(Jdbc.list(ctx.c(),
                "SELECT * FROM blacklist WHERE ver > ? ORDER BY ver LIMIT ?", rs -> new CardService.BlacklistEntry(
                        rs.getString("card_sn"), rs.getString("card_no"), CardState.of(rs.getString("card_stas")),
                        rs.getLong("ver"), rs.getString("chg_time")), in.sinceVer(), in.maxRows() + 1));
        boolean more = rows.size() > in.maxRows();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        long ver = rows.isEmpty() ? in.sinceVer() : rows.get(rows.size() - 1).ver();
        return new CardService.Blacklist(ver, more ? Flag.YES : Flag.NO, rows);
    }

    private static CardService.PinResetAuthorisation authorisePinReset(Transactions.Ctx ctx,
            CardService.PinResetRequest in) throws SQLException {
        Card card = ownedCard(ctx, in.cardNo(), in.certno());
        if (!card.cardSn().equals(in.cardSn())) {
            throw Transactions.refuse("card_sn: does not match the card registered as " + in.cardNo());
        }
        requireState(card, Set.of(CardState.ISSUED, CardState.ACTIVE), "authorise a PIN reset for");
        String authNo = "PR" + Ids.stamp(ctx.now()) + Ids.digits(Database.next(ctx.c(), "pin_reset") % 1_000_000, 6);
        String expires = Fields.DATE_TIME.format(ctx.now().plusMinutes(30));
        Jdbc.update(ctx.c(), "INSERT INTO pin_reset_auth(auth_no, card_no, expy_time) VALUES (?, ?, ?)", authNo,
                card.cardNo(), expires);
        return new CardService.PinResetAuthorisation(card.cardNo(), authNo, expires);
    }

    private CardService.OfflineDebitResults offlineDebits(Transactions.Ctx ctx, CardService.OfflineDebits in)
            throws SQLException {
        List<CardService.OfflineDebitRow> out = new ArrayList<>();
        for (CardService.OfflineDebit r : in.records()) {
            OfflineDebitResult result = bookOfflineDebit(ctx, r);
            if (result == OfflineDebitResult.ACCEPTED) {
                Transactions.Person p = Transactions.person(ctx.c(), "psn_no",
                        byNo(ctx.c(), r.cardNo()).orElseThrow().psnNo()).orElseThrow();
                out.add(new CardService.OfflineDebitRow(r.termId(), r.termSeq(), result, null, p.psnNo(), p.insutype()));
            } else {
                out.add(new CardService.OfflineDebitRow(r.termId(), r.termSeq(), result, null));
            }
        }
        return new CardService.OfflineDebitResults(out);
    }

    /**
     * An accepted offline debit as reconciliation counts it: a personal-account payment (medfee = acct_pay = amount,
     * no fund share) of the card holder's insurance type, on the day of its {@code txn_time}, identified by
     * {@link CardService#offlineDebitId}.
     */
    record BookedDebit(String id, String msgid, String psnNo, InsuType insutype, String txnTime, long amtFen) {
    }

    /** The accepted offline debits of institution {@code fixmedinsCode} whose txn_time falls on a day in [begin, end]. */
    static List<BookedDebit> bookedDebits(Connection c, String fixmedinsCode, String begin, String end)
            throws SQLException {
        List<BookedDebit> all = Jdbc.list(c, "SELECT d.*, p.psn_no AS holder, p.insutype AS holder_insutype "
                + "FROM offline_debit d JOIN card k ON k.card_no = d.card_no JOIN person p ON p.psn_no = k.psn_no "
                + "WHERE d.txn_time >= ? AND d.txn_time < ? ORDER BY d.txn_time, d.term_id, d.term_seq",
                rs -> new BookedDebit(CardService.offlineDebitId(rs.getString("term_id"), rs.getLong("term_seq")),
                        rs.getString("msgid"), rs.getString("holder"), InsuType.of(rs.getString("holder_insutype")),
                        rs.getString("txn_time"), rs.getLong("amt_fen")),
                begin, java.time.LocalDate.parse(end).plusDays(1).toString());
        return all.stream().filter(d -> MsgId.parse(d.msgid(), "msgid").institutionCode().equals(fixmedinsCode))
                .toList();
    }

    private OfflineDebitResult bookOfflineDebit(Transactions.Ctx ctx, CardService.OfflineDebit r) throws SQLException {
        Connection c = ctx.c();
        Optional<Card> card = byNo(c, r.cardNo());
        if (card.isEmpty() || !card.get().cardSn().equals(r.cardSn())) {
            return OfflineDebitResult.CARD_UNKNOWN;
        }
        if (Jdbc.one(c, "SELECT 1 FROM offline_debit WHERE (term_id = ? AND term_seq = ?) OR (card_no = ? AND offline_seq = ?)",
                rs -> 1, r.termId(), r.termSeq(), r.cardNo(), r.offlineSeq()).isPresent()) {
            return OfflineDebitResult.DUPLICATE;
        }
        if (!tacValid(card.get(), r)) {
            return OfflineDebitResult.TAC_INVALID;
        }
        Jdbc.update(c, "INSERT INTO offline_debit(term_id, term_seq, card_no, offline_seq, txn_time, amt_fen, "
                + "balc_after_fen, tac, msgid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", r.termId(), r.termSeq(), r.cardNo(),
                r.offlineSeq(), r.txnTime(), r.amt().fen(), r.balcAfter().fen(), r.tac(), ctx.header().msgid());
        Jdbc.update(c, "UPDATE person SET balance_fen = MAX(0, balance_fen - ?) WHERE psn_no = ?", r.amt().fen(),
                card.get().psnNo());
        return OfflineDebitResult.ACCEPTED;
    }

    private boolean tacValid(Card card, CardService.OfflineDebit r) {
        BlockAlgorithm alg = card.alg() == CardAlgorithm.SM4 ? BlockAlgorithm.SM4 : BlockAlgorithm.TDES;
        DebitData data = new DebitData(r.amt().fen(), HEX.parseHex(r.termId()), r.termSeq(),
                bcdDateTime(LocalDateTime.parse(r.txnTime(), Fields.DATE_TIME)), new byte[4], r.offlineSeq().intValue(),
                r.balcAfter().fen());
        return debitKeys.verifyDebitTac(TestKeys.nationalRef(KeyType.DEBIT, alg), CardIdentificationCode.ofHex(r.cardSn()),
                data, HEX.parseHex(r.tac()));
    }

    /** The card's 7-byte BCD date-time yyyyMMddHHmmss (the TAC covers it; the card random does not). */
    static byte[] bcdDateTime(LocalDateTime t) {
        return HEX.parseHex(String.format("%04d%02d%02d%02d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
    }
}
