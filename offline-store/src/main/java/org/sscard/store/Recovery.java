package org.sscard.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what must not be lost once money has moved (a settlement answered, a card debited) when the station
 * database cannot be written — disk full, or any other write failure: {@link #record} writes the changes to the
 * database as usual, and if that fails, to the {@link RecoveryReserve} (space taken in advance beside the store, so
 * it needs no new disk blocks). The store catches up with the reserve before any other write ({@link Database}'s
 * write hook) and when it is opened (before messages left in flight become unknown): each record is applied once,
 * in order, in one transaction with the counter {@link StationCounters.Counter#RECOVERY_APPLIED} (the sequence number
 * of the last record applied), then its slot is cleared. Records are sealed with the DATA key (they may carry names and card numbers).
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Database db;
    private final FieldCipher cipher;
    private final RecoveryReserve reserve;
    private final RecoveryOp.Stores stores;
    private final Clock clock;
    private volatile boolean behind;
    private volatile long clearUpTo = -1;

    /** Where {@link #record} put the changes. */
    public enum Recorded {
        /** in the station database, as usual */
        STORED,
        /** in the recovery reserve: the database catches up as soon as it can be written */
        RESERVED
    }

    Recovery(Database db, FieldCipher cipher, RecoveryReserve reserve, RecoveryOp.Stores stores, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.reserve = reserve;
        this.stores = stores;
        this.clock = clock;
    }

    /**
     * Applies {@code changes} in one write transaction; if the database cannot be written, keeps them in the
     * reserve (fsynced) instead. A change the outbox refuses (a message not in the state it leaves) fails as usual.
     *
     * @throws RecoveryException neither the database nor the reserve could take the changes
     */
    public Recorded record(String what, List<RecoveryOp> changes) {
        try {
            db.write(what, c -> {
                for (RecoveryOp op : changes) {
                    op.apply(c, stores, false);
                }
                return null;
            });
            return Recorded.STORED;
        } catch (OutboxStateException | DuplicateMessageIdException e) {
            throw e;
        } catch (StoreException e) {
            keep(what, changes, e);
            return Recorded.RESERVED;
        }
    }

    public Recorded record(String what, RecoveryOp... changes) {
        return record(what, List.of(changes));
    }

    /** Whether records wait in the reserve for the database (as far as this process knows). */
    public boolean behind() {
        return behind;
    }

    /**
     * Enters the reserve's records in the database now (a no-op when there are none). True if the store is up to
     * date afterwards; false if the database still cannot be written (the records stay in the reserve).
     */
    public boolean catchUp() {
        try {
            List<RecoveryReserve.Slot> slots = reserve.read();
            if (slots.isEmpty()) {
                behind = false;
                return true;
            }
            behind = true;
            db.write("enter the recovery records", c -> null);
            return !behind;
        } catch (IOException e) {
            LOG.warn("the recovery reserve could not be read: {}", e.getMessage());
            return false;
        } catch (StoreException e) {
            LOG.warn("the station database still cannot be written ({}); the recovery records wait in the reserve",
                    e.getMessage());
            return false;
        }
    }

    /** Notes records found in the reserve when the store is opened, so the first write enters them. */
    void lookForRecords() throws IOException {
        behind = !reserve.read().isEmpty();
    }

    /** {@link Database.WriteHook}: enters the reserve's records first, inside the write transaction. */
    Database.WriteHook hook() {
        return new Database.WriteHook() {
            @Override
            public void before(Connection c) throws SQLException {
                if (behind) {
                    enter(c);
                }
            }

            @Override
            public void committed() {
                long upTo = clearUpTo;
                if (upTo >= 0) {
                    clearUpTo = -1;
                    behind = false;
                    try {
                        reserve.clear(upTo);
                    } catch (IOException e) {
                        LOG.warn("recovery records entered in the database could not be cleared from the reserve"
                                + " (they are skipped by their sequence number): {}", e.getMessage());
                    }
                }
            }
        };
    }

    private void enter(Connection c) throws SQLException {
        long applied = StationCounters.value(c, StationCounters.Counter.RECOVERY_APPLIED);
        List<RecoveryReserve.Slot> slots;
        try {
            slots = reserve.read();
        } catch (IOException e) {
            throw new SQLException("the recovery reserve could not be read: " + e.getMessage(), e);
        }
        long last = applied;
        for (RecoveryReserve.Slot slot : slots) {
            if (slot.seq() <= applied) {
                continue;
            }
            List<RecoveryOp> ops;
            try {
                ops = decode(slot);
            } catch (IOException | RuntimeException e) {
                stores.audit().append(c, "system", "recovery.unreadable", "seq=" + slot.seq(), String.valueOf(e.getMessage()));
                LOG.error("recovery record {} could not be read and is skipped: {}", slot.seq(), e.getMessage());
                last = slot.seq();
                continue;
            }
            List<String> done = new ArrayList<>();
            for (RecoveryOp op : ops) {
                Optional<String> overtaken = op.overtaken(c, stores.outbox());
                if (overtaken.isPresent()) {
                    stores.audit().append(c, "system", "recovery.skip", op.describe(), overtaken.get());
                    continue;
                }
                op.apply(c, stores, true);
                done.add(op.describe());
            }
            stores.audit().append(c, "system", "recovery.replay", "seq=" + slot.seq(), String.join("; ", done));
            last = slot.seq();
        }
        StationCounters.put(c, StationCounters.Counter.RECOVERY_APPLIED, last);
        clearUpTo = last;
    }

    private void keep(String what, List<RecoveryOp> changes, StoreException cause) {
        try {
            long applied;
            try {
                applied = db.read("read the last recovery record applied",
                        c -> StationCounters.value(c, StationCounters.Counter.RECOVERY_APPLIED));
            } catch (StoreException unreadable) {
                applied = 0;
            }
            long seq = Math.max(applied, clock.millis());
            for (RecoveryReserve.Slot s : reserve.read()) {
                seq = Math.max(seq, s.seq());
            }
            seq++;
            reserve.write(seq, cipher.seal("recovery", "record", Long.toString(seq), encode(changes)), applied);
            behind = true;
            LOG.warn("the station database could not be written ({}); '{}' is kept in the recovery reserve as record {}"
                    + " and entered in the database as soon as it can be written", cause.getMessage(), what, seq);
        } catch (IOException | RuntimeException e) {
            RecoveryException failed = new RecoveryException("'" + what + "' could be recorded neither in the station"
                    + " database (" + cause.getMessage() + ") nor in its recovery reserve " + reserve.file().getFileName()
                    + " (" + e.getMessage() + ")", cause);
            failed.addSuppressed(e);
            throw failed;
        }
    }

    private static byte[] encode(List<RecoveryOp> changes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(changes.size());
            for (RecoveryOp op : changes) {
                op.write(out);
            }
        }
        return bytes.toByteArray();
    }

    private List<RecoveryOp> decode(RecoveryReserve.Slot slot) throws IOException {
        byte[] plain = cipher.open("recovery", "record", Long.toString(slot.seq()), slot.sealed());
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            int n = in.readInt();
            List<RecoveryOp> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ops.add(RecoveryOp.read(in));
            }
            return ops;
        }
    }
}
