package org.sscard.centralsim;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.Sm3;
import org.sscard.protocol.Fields;

/**
 * Device enrolment: an administrator issues a one-time code for a device number and institution; the
 * device posts its SM2 public key with the code ({@code POST /api/v1/enrol}). A code works once and for
 * 24 hours; only its SM3 hash is stored. Re-enrolling a device (new code) replaces its key.
 *
 * <p>Enrolment also gives the device its station number, 1–{@value #MAX_STATIONS}, unique within the institution:
 * the station puts it into every msgid it makes (docs/settlement-protocol.md §8), so two stations of one
 * institution never make the same msgid. A device keeps its number when it enrols again; a number is never given
 * to another device of the institution, even after its device left, because ids it made may still be in flight.
 */
final class Enrolment {
    static final Duration CODE_VALIDITY = Duration.ofHours(24);
    /** Station numbers are the first three digits of a msgid's 4-digit sequence. */
    static final int MAX_STATIONS = 999;
    /** No 0/O, 1/I/L: codes are read out and typed by people. */
    private static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Device(String devNo, String fixmedinsCode, Sm2.PublicKey publicKey) {
    }

    /** Why an enrolment was refused: the HTTP status to answer and a message for the person enrolling. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Thrown inside the enrolment transaction to roll it back when the institution has no station number left. */
    private static final class NoStationLeft extends RuntimeException {
        NoStationLeft() {
            super(null, null, false, false);
        }
    }

    private final Database db;
    private final Clock clock;
    private final Map<String, Device> cache = new ConcurrentHashMap<>();

    Enrolment(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Issues a one-time code; records the institution's level (1–3) for the pool ratio. */
    static String issueCode(Database db, Clock clock, String devNo, String fixmedinsCode, int level) throws SQLException {
        if (devNo == null || devNo.isBlank() || devNo.length() > 100) {
            throw new IllegalArgumentException("--dev-no: required, at most 100 characters");
        }
        if (fixmedinsCode == null || !fixmedinsCode.matches("[A-Z0-9]{12}")) {
            throw new IllegalArgumentException("--fixmedins-code: 12 characters A-Z 0-9 required");
        }
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("--level: institution level must be 1, 2 or 3");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        LocalDateTime now = LocalDateTime.now(clock);
        db.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO enrol_code(code_hash, dev_no, fixmedins_code, expires_at) VALUES (?, ?, ?, ?)",
                    hash(code.toString()), devNo, fixmedinsCode, Fields.DATE_TIME.format(now.plus(CODE_VALIDITY)));
            Jdbc.update(c, "INSERT INTO institution(fixmedins_code, level) VALUES (?, ?) "
                    + "ON CONFLICT(fixmedins_code) DO UPDATE SET level = excluded.level", fixmedinsCode, level);
            return null;
        });
        return code.toString();
    }

    private static String hash(String code) {
        return HexFormat.of().formatHex(Sm3.hash(code.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Enrols the device's public key if the one-time code fits; marks the code used; returns the device's station
     * number within the institution (its earlier one when it enrols again).
     */
    int enrol(String devNo, String fixmedinsCode, String oneTimeCode, String publicKeyPem) throws Refused, SQLException {
        Sm2.PublicKey key;
        try {
            key = Sm2.PublicKey.fromPem(publicKeyPem);
        } catch (CryptoException | IllegalArgumentException e) {
            throw new Refused(400, "public_key_pem: not an SM2 public key in PEM form");
        }
        String now = Fields.DATE_TIME.format(LocalDateTime.now(clock));
        int stationNo;
        try {
            stationNo = db.inTransaction(c -> {
                int used = Jdbc.update(c, "UPDATE enrol_code SET used_at = ? WHERE code_hash = ? AND dev_no = ? "
                        + "AND fixmedins_code = ? AND used_at IS NULL AND expires_at > ?", now,
                        hash(oneTimeCode.trim().toUpperCase(java.util.Locale.ROOT)), devNo, fixmedinsCode, now);
                if (used != 1) {
                    return 0;
                }
                Jdbc.update(c, "INSERT INTO device(dev_no, fixmedins_code, public_key_der, enrolled_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(dev_no) DO UPDATE SET fixmedins_code = excluded.fixmedins_code, "
                        + "public_key_der = excluded.public_key_der, enrolled_at = excluded.enrolled_at",
                        devNo, fixmedinsCode, key.der(), now);
                return stationNumber(c, fixmedinsCode, devNo, now);
            });
        } catch (NoStationLeft e) {
            throw new Refused(409, "fixmedins_code: all " + MAX_STATIONS + " station numbers of this institution are "
                    + "given to other devices; nothing was enrolled. Enrol the device under another institution code");
        }
        if (stationNo == 0) {
            throw new Refused(403, "one_time_code: unknown, already used, expired, or issued for another dev_no or "
                    + "fixmedins_code; ask the central administrator for a new code");
        }
        cache.put(devNo, new Device(devNo, fixmedinsCode, key));
        return stationNo;
    }

    /** The device's station number in the institution: the one it has, or the next never given out. */
    private static int stationNumber(Connection c, String fixmedinsCode, String devNo, String now)
            throws SQLException {
        Optional<Integer> held = Jdbc.one(c, "SELECT station_no FROM station WHERE fixmedins_code = ? AND dev_no = ?",
                rs -> rs.getInt(1), fixmedinsCode, devNo);
        if (held.isPresent()) {
            return held.get();
        }
        int next = Jdbc.one(c, "SELECT COALESCE(MAX(station_no), 0) + 1 FROM station WHERE fixmedins_code = ?",
                rs -> rs.getInt(1), fixmedinsCode).orElseThrow();
        if (next > MAX_STATIONS) {
            throw new NoStationLeft();
        }
        Jdbc.update(c, "INSERT INTO station(fixmedins_code, station_no, dev_no, assigned_at) VALUES (?, ?, ?, ?)",
                fixmedinsCode, next, devNo, now);
        return next;
    }

    Optional<Device> device(String devNo) throws SQLException {
        Device d = cache.get(devNo);
        if (d != null) {
            return Optional.of(d);
        }
        Optional<Device> loaded = db.inTransaction(c -> Jdbc.one(c,
                "SELECT dev_no, fixmedins_code, public_key_der FROM device WHERE dev_no = ?",
                rs -> new Device(rs.getString(1), rs.getString(2), Sm2.PublicKey.fromDer(rs.getBytes(3))), devNo));
        loaded.ifPresent(dev -> cache.put(devNo, dev));
        return loaded;
    }
}
