package org.sscard.centralsim;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.sscard.protocol.EVoucher;
import org.sscard.protocol.Fields;
import org.sscard.values.CitizenId;

/**
 * The 医保码 (e-voucher QR code) of the simulated platform: {@code central-sim ecode PERSON} issues one for an insured
 * person; C201 decodes it once, before it expires, into a token that stands for that person at the decoding
 * institution until the token expires. A code of a region this platform does not serve is foreign; a code of its form
 * that it never issued is forged. Both are refused, as are expired and reused codes and expired or foreign tokens.
 */
final class EVouchers {
    /** How long a code shown on the phone can be scanned. */
    static final Duration CODE_VALIDITY = Duration.ofMinutes(5);
    /** How long a token carries the visit's messages (1101 to 2207). */
    static final Duration TOKEN_VALIDITY = Duration.ofHours(2);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private EVouchers() {
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    private static String time(LocalDateTime t) {
        return Fields.DATE_TIME.format(t);
    }

    /** A fresh code for the insured person {@code psnNo}, valid for {@link #CODE_VALIDITY} from {@code clock}'s now. */
    static String issueCode(Database db, Clock clock, String psnNo) throws SQLException {
        LocalDateTime now = LocalDateTime.now(clock);
        return db.inTransaction(c -> {
            Transactions.Person p = Transactions.person(c, "psn_no", psnNo).orElseThrow(() -> new IllegalArgumentException(
                    "no insured person " + psnNo + " (a psn_no of the demo manifest, docs/demo-cards.md)"));
            String code = "EC" + p.insuplc() + randomHex(16);
            Jdbc.update(c, "INSERT INTO ec_code(ec_qrcode, psn_no, issued_at, expires_at) VALUES (?, ?, ?, ?)", code,
                    p.psnNo(), time(now), time(now.plus(CODE_VALIDITY)));
            return code;
        });
    }

    private record Code(String psnNo, LocalDateTime expiresAt, String usedAt) {
    }

    /** C201: the code, if issued here, unused and unexpired, becomes a token; the code is used up. */
    static EVoucher.Token decode(Transactions.Ctx ctx, EVoucher.Decode in) throws SQLException {
        Connection c = ctx.c();
        String region = EVoucher.region(in.ecQrcode());
        Code code = Jdbc.one(c, "SELECT psn_no, expires_at, used_at FROM ec_code WHERE ec_qrcode = ?",
                rs -> new Code(rs.getString(1), LocalDateTime.parse(rs.getString(2), Fields.DATE_TIME), rs.getString(3)),
                in.ecQrcode()).orElse(null);
        if (code == null) {
            if (!served(c, region)) {
                throw Transactions.refuse("ec_qrcode: a 医保码 of insurance area " + region + ", which this platform does "
                        + "not serve; the holder presents the social security card instead");
            }
            throw Transactions.refuse("ec_qrcode: not a 医保码 this platform issued (forged or mistyped); the holder "
                    + "shows the 医保码 on the phone again");
        }
        if (code.usedAt() != null) {
            throw Transactions.refuse("ec_qrcode: this 医保码 was already used (" + code.usedAt() + "); a code is good "
                    + "for one visit: the holder refreshes it on the phone");
        }
        if (ctx.now().isAfter(code.expiresAt())) {
            throw Transactions.refuse("ec_qrcode: this 医保码 expired at " + time(code.expiresAt()) + "; the holder "
                    + "refreshes it on the phone");
        }
        Transactions.Person p = Transactions.person(c, "psn_no", code.psnNo()).orElseThrow();
        String token = "ET" + p.insuplc() + randomHex(20);
        LocalDateTime expires = ctx.now().plus(TOKEN_VALIDITY);
        Jdbc.update(c, "UPDATE ec_code SET used_at = ?, used_msgid = ? WHERE ec_qrcode = ?", ctx.nowText(),
                ctx.header().msgid(), in.ecQrcode());
        Jdbc.update(c, "INSERT INTO ec_token(ec_token, psn_no, fixmedins_code, issued_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?)", token, p.psnNo(), ctx.header().fixmedinsCode(), ctx.nowText(), time(expires));
        return new EVoucher.Token(token, p.name(), CitizenId.mask(p.certno()), p.insuplc(), time(expires));
    }

    private static boolean served(Connection c, String region) throws SQLException {
        return Jdbc.one(c, "SELECT 1 FROM person WHERE insuplc_admdvs = ? LIMIT 1", rs -> 1, region).isPresent();
    }

    private record Token(String psnNo, String fixmedinsCode, LocalDateTime expiresAt) {
    }

    /**
     * The person an e-voucher token ({@code mdtrt_cert_no} of type 01) stands for: it must have been issued by C201 to
     * the calling institution and not have expired.
     */
    static String personOf(Transactions.Ctx ctx, String token) throws SQLException {
        Token t = Jdbc.one(ctx.c(), "SELECT psn_no, fixmedins_code, expires_at FROM ec_token WHERE ec_token = ?",
                rs -> new Token(rs.getString(1), rs.getString(2), LocalDateTime.parse(rs.getString(3), Fields.DATE_TIME)),
                token).orElseThrow(() -> Transactions.refuse("mdtrt_cert_no: not an e-voucher token of this platform; "
                        + "decode the holder's 医保码 (C201) first"));
        if (!t.fixmedinsCode().equals(ctx.header().fixmedinsCode())) {
            throw Transactions.refuse("mdtrt_cert_no: this e-voucher token was issued to another institution");
        }
        if (ctx.now().isAfter(t.expiresAt())) {
            throw Transactions.refuse("mdtrt_cert_no: this e-voucher token expired at " + time(t.expiresAt())
                    + "; scan a fresh 医保码 of the holder");
        }
        return t.psnNo();
    }
}
