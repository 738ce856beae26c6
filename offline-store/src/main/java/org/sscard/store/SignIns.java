package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The station's last successful sign-in (9001) at the central service ({@code sign_in}, one row), and the clock check
 * of the last one whose answer carried the central time ({@code clock_check}, one row).
 */
public final class SignIns {
    private final Database db;

    SignIns(Database db) {
        this.db = db;
    }

    /** The sign-in number, and who signed in from which MAC and IP (to sign in again the same way after −4). */
    public record SignIn(String signNo, String opterId, String opterName, String mac, String ip, Instant at) {
    }

    /**
     * The station's clock against the central service's at a sign-in.
     *
     * @param offset      station time minus central time (positive: the station is ahead)
     * @param stationTime the station's local time when the answer arrived
     */
    public record ClockOffset(Duration offset, LocalDateTime stationTime) {
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

    /** The clock check of the last sign-in that had one. */
    public Optional<ClockOffset> lastClockCheck() {
        return db.read("read the clock check", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT offset_ms, station_time FROM clock_check"
                    + " WHERE station = 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ClockOffset(Duration.ofMillis(rs.getLong(1)),
                        LocalDateTime.parse(rs.getString(2)))) : Optional.empty();
            }
        });
    }

    /** Replaces the clock check in one write. */
    public void recordClockCheck(ClockOffset check) {
        db.write("record the clock check", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO clock_check (station, offset_ms, station_time)"
                    + " VALUES (1,?,?) ON CONFLICT (station) DO UPDATE SET offset_ms = excluded.offset_ms,"
                    + " station_time = excluded.station_time")) {
                ps.setLong(1, check.offset().toMillis());
                ps.setString(2, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(check.stationTime().withNano(0)));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
