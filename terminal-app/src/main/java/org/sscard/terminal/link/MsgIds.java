package org.sscard.terminal.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.MsgId;
import org.sscard.protocol.ProtocolException;
import org.sscard.store.MsgIdBlocks;
import org.sscard.store.Settings;
import org.sscard.terminal.config.StationConfig;

/**
 * Issues message ids unique across all stations of the institution (docs/settlement-protocol.md §8): institution
 * code + {@code yyyyMMddHHmmss} + a 4-digit sequence made of the station number (3 digits, given by the central
 * service at enrolment and kept in the setting {@value #STATION_SETTING}) and a per-second counter (1 digit, 0–9).
 * Two stations never share a sequence; one station never issues the same (second, counter) twice:
 * <ul>
 * <li>ids are issued from a block held in memory: the store keeps the block's reservation (the row of {@link
 * MsgIdBlocks}: the id that opened it and the second it reaches), written in one write transaction per block, not per
 * id. A holder issues only ids at or before its reservation, and a new block starts after the stored reservation, so
 * a restart (after a crash, whatever the dead process had issued under it) or a second process on the same store
 * never meets an id issued before. Each id reads the stored row first: if it is no longer the one this holder wrote
 * (another process took a block, or the store was put back), a new block is taken;</li>
 * <li>if the clock stands still or goes back, or 10 ids were issued in one second, the time part moves on from the
 * last id (ids stay strictly increasing and may run ahead of the clock);</li>
 * <li>a restore of an old backup puts the store's reservation back, so the reservation is also kept in a mark file
 * beside the key store (outside the store and its backups), {@link #RESERVATION} ahead: when the file's
 * reservation is later than the store's, the store was put back and ids start after the file's reservation.
 * Without a mark file (new machine, or the first start of this version) a store that has issued ids starts
 * {@link #RESERVATION} after the later of its last reservation and the clock.</li>
 * </ul>
 * Without a station number (a store enrolled before station numbers existed) no id is issued: the administrator
 * enrols the station again. Ids already in the outbox are sent as they are.
 */
public final class MsgIds {
    /** The station number within the institution, 1–{@value #MAX_STATION}, from enrolment. */
    public static final String STATION_SETTING = "link.station_no";
    public static final int MAX_STATION = 999;
    /** Ids per second per station before the time part borrows the next second. */
    static final int PER_SECOND = 10;
    /** How far ahead of the clock (or of the block's first id) a block, and the mark file, reserve. */
    static final Duration RESERVATION = Duration.ofMinutes(5);
    private static final String MARK_PREFIX = "reserved_until=";
    /** The stored block's fields, as errors name them. */
    private static final String FIRST = "msgid_block.first_msgid";
    private static final String RESERVED_UNTIL = "msgid_block.reserved_until";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final Logger LOG = LoggerFactory.getLogger(MsgIds.class);

    private final String institutionCode;
    private final Settings settings;
    private final MsgIdBlocks blocks;
    private final Clock clock;
    private final Path markFile;
    /** The block being issued from (null until the first id) and the last id issued from it; guarded by this. */
    private Held block;
    private MsgId last;

    public MsgIds(String institutionCode, Settings settings, MsgIdBlocks blocks, Clock clock, Path markFile) {
        this.institutionCode = institutionCode;
        this.settings = settings;
        this.blocks = blocks;
        this.clock = clock;
        this.markFile = markFile;
    }

    /** The mark file of a station: beside its key store, so a restore of the store's backup does not put it back. */
    public static Path markFileOf(StationConfig config) {
        return config.keyStore().resolveSibling(config.keyStore().getFileName() + ".msgid-mark");
    }

    /** The station number from enrolment, if the station has one. */
    public OptionalInt stationNumber() {
        long n = settings.getLong(STATION_SETTING, 0);
        return n >= 1 && n <= MAX_STATION ? OptionalInt.of((int) n) : OptionalInt.empty();
    }

    /** A new msgid, never issued before by any station of the institution. */
    public synchronized String next() {
        int station = stationNumber().orElseThrow(() -> new LinkException("this station has no station number from "
                + "the central service (a station enrolled by an earlier version has none), so it cannot number new "
                + "messages without risking another window's numbers. An administrator must enrol it again "
                + "('terminal enrol' with a new one-time code); queued messages are still sent"));
        LocalDateTime now = LocalDateTime.now(clock).withNano(0);
        if (block != null && block.station() == station && block.written().equals(blocks.current().orElse(null))) {
            MsgId id = following(last, station, now);
            if (!id.time().isAfter(block.reserved())) {
                last = id;
                return id.toString();
            }
        }
        MsgIdBlocks.Block taken = blocks.take(stored -> reserve(stored, station, now));
        last = MsgId.parse(taken.firstMsgid(), FIRST);
        block = new Held(taken, station, parse(taken.reservedUntil()));
        return taken.firstMsgid();
    }

    /**
     * A fresh reference for something else the station writes to the platform (e.g. ipt_otp_no): {@code prefix}
     * + the time and sequence of a new msgid, so it is unique across the institution's stations too.
     */
    public String nextReference(String prefix) {
        return prefix + next().substring(12);
    }

    /** The block this holder issues from: the row it wrote, and the last second it may use. */
    private record Held(MsgIdBlocks.Block written, int station, LocalDateTime reserved) {
    }

    /** The next id after {@code last} of this holder: the clock's second if later, else the next (second, counter). */
    private MsgId following(MsgId last, int station, LocalDateTime now) {
        if (now.isAfter(last.time())) {
            return of(now, station, 0);
        }
        return last.sequence() % PER_SECOND < PER_SECOND - 1 ? of(last.time(), station, last.sequence() % PER_SECOND + 1)
                : of(last.time().plusSeconds(1), station, 0);
    }

    /**
     * The new block after the stored one (null if none). It starts after every id any holder may have issued: after
     * the stored reservation, or after the mark file's when that is later (the store was put back).
     */
    MsgIdBlocks.Block reserve(MsgIdBlocks.Block stored, int station, LocalDateTime now) {
        now = now.withNano(0);
        MsgId last = null;
        LocalDateTime storeReserved = null;
        if (stored != null) {
            last = MsgId.parse(stored.firstMsgid(), FIRST);
            storeReserved = parse(stored.reservedUntil());
        }
        Optional<LocalDateTime> fileReserved = readMark();
        LocalDateTime floor = null;
        if (fileReserved.isPresent() && (storeReserved == null || fileReserved.get().isAfter(storeReserved))) {
            floor = fileReserved.get();
        } else if (fileReserved.isEmpty() && last != null) {
            LocalDateTime known = storeReserved.isAfter(now) ? storeReserved : now;
            floor = known.plus(RESERVATION);
            LOG.warn("no msgid mark file at {}: the history of this store's ids is unknown, ids start at {}",
                    markFile.getFileName(), floor);
        } else if (last != null) {
            floor = storeReserved;
        }
        MsgId id = floor == null || now.isAfter(floor) ? of(now, station, 0) : of(floor.plusSeconds(1), station, 0);
        LocalDateTime reserved = (id.time().isAfter(now) ? id.time() : now).plus(RESERVATION);
        writeMark(reserved);
        return new MsgIdBlocks.Block(id.toString(), STAMP.format(reserved));
    }

    private MsgId of(LocalDateTime second, int station, int counter) {
        return new MsgId(institutionCode, second, station * PER_SECOND + counter);
    }

    private static LocalDateTime parse(String stamp) {
        try {
            return LocalDateTime.parse(stamp, STAMP);
        } catch (DateTimeParseException e) {
            throw ProtocolException.invalid(RESERVED_UNTIL, "the reservation must be yyyyMMddHHmmss");
        }
    }

    private Optional<LocalDateTime> readMark() {
        String text;
        try {
            text = Files.readString(markFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LinkException("the msgid mark file " + markFile + " cannot be read (" + e.getMessage()
                    + "); no message id was issued", e);
        }
        if (text.startsWith(MARK_PREFIX)) {
            try {
                return Optional.of(LocalDateTime.parse(text.substring(MARK_PREFIX.length()), STAMP));
            } catch (DateTimeParseException e) {
                // treated as missing below
            }
        }
        LOG.warn("the msgid mark file {} is damaged; treated as missing", markFile.getFileName());
        return Optional.empty();
    }

    /** Writes the reservation durably (fsynced, then renamed over the old file) before any id under it is used. */
    private void writeMark(LocalDateTime reserved) {
        Path tmp = markFile.resolveSibling(markFile.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((MARK_PREFIX + STAMP.format(reserved) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, markFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LinkException("the msgid mark file " + markFile + " cannot be written (" + e.getMessage()
                    + "); no message id was issued. Check the key store's folder (free space, permissions)", e);
        }
    }
}
