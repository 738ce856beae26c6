package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The station's last successful sign-in (9001) at the central service ({@code sign_in}, one row). */
public final class SignIns {
    private final Database db;

    SignIns(Database db) {
        this.db = db;
    }

    /** The sign-in number, and who signed in from which MAC and IP (to sign in again the same way after −4). */
    public record SignIn(String signNo, String opterId, String opterName, String mac, String ip, Instant at) {
    }

    public Optional<SignIn> last() {
        return db.read("read the sign-in", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sign_no, opter_id, opter_name, mac, ip, signed_at"
                    + " FROM sign_in WHERE station = 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SignIn(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)))) : Optional.empty();
            }
        });
    }

    /** Replaces the last sign-in in one write. */
    public void record(SignIn signIn) {
        db.write("record the sign-in", c -> {
            put(c, signIn);
            return null;
        });
    }

    static void put(Connection c, SignIn s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sign_in (station, sign_no, opter_id, opter_name, mac,"
                + " ip, signed_at) VALUES (1,?,?,?,?,?,?) ON CONFLICT (station) DO UPDATE SET sign_no = excluded.sign_no,"
                + " opter_id = excluded.opter_id, opter_name = excluded.opter_name, mac = excluded.mac, ip = excluded.ip,"
                + " signed_at = excluded.signed_at")) {
            ps.setString(1, s.signNo());
            ps.setString(2, s.opterId());
            ps.setString(3, s.opterName());
            ps.setString(4, s.mac());
            ps.setString(5, s.ip());
            ps.setLong(6, s.at().toEpochMilli());
            ps.executeUpdate();
        }
    }
}
