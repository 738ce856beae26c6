package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The block of message ids the station issues from ({@code msgid_block}, one row): the block's first id and the last
 * second its ids may have, as terminal-app's {@code MsgIds} wrote them. A holder takes a block with {@link #take} (one
 * write per block) and reads the row with {@link #current} before each id it issues from the block, to notice a block
 * another process took or a store put back.
 */
public final class MsgIdBlocks {
    private final Database db;

    MsgIdBlocks(Database db) {
        this.db = db;
    }

    /** A block: its first msgid and its reservation, local time {@code yyyyMMddHHmmss}. */
    public record Block(String firstMsgid, String reservedUntil) {
        public Block {
            Objects.requireNonNull(firstMsgid, "firstMsgid");
            Objects.requireNonNull(reservedUntil, "reservedUntil");
        }
    }

    /** The stored block, if an id was ever issued. */
    public Optional<Block> current() {
        return db.read("read the msgid block", c -> Optional.ofNullable(stored(c)));
    }

    /**
     * Takes a new block in one write transaction, so two processes on the same file never interleave: {@code reserve}
     * gets the stored block (null if none) and returns the new one, which is stored and returned. A failure in
     * {@code reserve} leaves the stored block as it was.
     */
    public Block take(UnaryOperator<Block> reserve) {
        return db.write("take a msgid block", c -> {
            Block next = Objects.requireNonNull(reserve.apply(stored(c)), "the new block");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO msgid_block (id, first_msgid, reserved_until)"
                    + " VALUES (1,?,?) ON CONFLICT (id) DO UPDATE SET first_msgid = excluded.first_msgid,"
                    + " reserved_until = excluded.reserved_until")) {
                ps.setString(1, next.firstMsgid());
                ps.setString(2, next.reservedUntil());
                ps.executeUpdate();
            }
            return next;
        });
    }

    private static Block stored(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT first_msgid, reserved_until FROM msgid_block WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Block(rs.getString(1), rs.getString(2)) : null;
        }
    }
}
