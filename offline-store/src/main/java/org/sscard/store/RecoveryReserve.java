package org.sscard.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.sscard.crypto.PrivateFiles;

/**
 * A file of fixed size beside the store ({@code <store file>.recovery}), made and filled with zeros (fsynced) when
 * the store is opened, so that writing a record later needs no new disk blocks: {@value #SLOTS} slots of
 * {@value #SLOT_BYTES} bytes, each written in place and fsynced. A slot holds {@code magic ‖ seq ‖ length ‖ sealed
 * record ‖ CRC-32}; a slot whose magic or CRC does not match (never written, cleared, or torn by a crash while
 * being written) is free. Writers of different processes are kept apart by a file lock.
 */
final class RecoveryReserve implements AutoCloseable {
    static final int SLOTS = 8;
    static final int SLOT_BYTES = 32 * 1024;
    private static final int MAGIC = 0x53535256; // "SSRV"
    private static final int HEADER = 4 + 8 + 4;

    private final Path file;
    private final FileChannel channel;

    /** One record as stored: its sequence number and sealed bytes. */
    record Slot(int index, long seq, byte[] sealed) {
    }

    private RecoveryReserve(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Path fileFor(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".recovery");
    }

    /** Opens the reserve of {@code storeFile}, making it (full size, fsynced) if it is missing or short. */
    static RecoveryReserve open(Path storeFile) {
        Path file = fileFor(storeFile);
        try {
            if (Files.exists(file)) {
                PrivateFiles.restrict(file);
            } else {
                PrivateFiles.createFile(file);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                long size = (long) SLOTS * SLOT_BYTES;
                if (ch.size() < size) {
                    ByteBuffer zeros = ByteBuffer.allocate(SLOT_BYTES);
                    for (long at = ch.size(); at < size; at += SLOT_BYTES) {
                        zeros.clear();
                        zeros.limit((int) Math.min(SLOT_BYTES, size - at));
                        while (zeros.hasRemaining()) {
                            ch.write(zeros, at + zeros.position());
                        }
                    }
                    ch.force(true);
                }
                return new RecoveryReserve(file, ch);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("the station's recovery reserve " + file.getFileName() + " could not be made ("
                    + e.getMessage() + "): it needs " + (SLOTS * SLOT_BYTES / 1024) + " KiB of disk space beside the"
                    + " station database", e);
        }
    }

    Path file() {
        return file;
    }

    /** The records in the reserve, lowest sequence number first. */
    synchronized List<Slot> read() throws IOException {
        List<Slot> out = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
            while (b.hasRemaining() && channel.read(b, (long) i * SLOT_BYTES + b.position()) > 0) {
                // read the whole slot
            }
            b.flip();
            if (b.remaining() < HEADER + 4 || b.getInt(0) != MAGIC) {
                continue;
            }
            long seq = b.getLong(4);
            int length = b.getInt(12);
            if (length < 0 || length > SLOT_BYTES - HEADER - 4) {
                continue;
            }
            CRC32 crc = new CRC32();
            crc.update(b.array(), 4, 12 + length);
            if ((int) crc.getValue() != b.getInt(HEADER + length)) {
                continue;
            }
            byte[] sealed = new byte[length];
            System.arraycopy(b.array(), HEADER, sealed, 0, length);
            out.add(new Slot(i, seq, sealed));
        }
        out.sort(java.util.Comparator.comparingLong(Slot::seq));
        return out;
    }

    /**
     * Writes a record into a free slot (one not holding a record above {@code appliedSeq}) and fsyncs it.
     *
     * @throws IOException the reserve cannot be written, or every slot holds a record not yet caught up
     */
    synchronized void write(long seq, byte[] sealed, long appliedSeq) throws IOException {
        if (sealed.length > SLOT_BYTES - HEADER - 4) {
            throw new IOException("the record (" + sealed.length + " bytes) is larger than a slot of the reserve");
        }
        FileLock lock = channel.lock();
        try {
            boolean[] taken = new boolean[SLOTS];
            for (Slot s : read()) {
                taken[s.index()] = s.seq() > appliedSeq;
            }
            int free = -1;
            for (int i = 0; i < SLOTS && free < 0; i++) {
                free = taken[i] ? -1 : i;
            }
            if (free < 0) {
                throw new IOException("all " + SLOTS + " slots of the reserve hold records not yet entered in the database");
            }
            ByteBuffer b = ByteBuffer.allocate(HEADER + sealed.length + 4);
            b.putInt(MAGIC).putLong(seq).putInt(sealed.length).put(sealed);
            CRC32 crc = new CRC32();
            crc.update(b.array(), 4, 12 + sealed.length);
            b.putInt((int) crc.getValue());
            b.flip();
            long at = (long) free * SLOT_BYTES;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            channel.force(true);
        } finally {
            lock.release();
        }
    }

    /** Clears the slots whose records are at or below {@code appliedSeq} (entered in the database), fsynced. */
    synchronized void clear(long appliedSeq) throws IOException {
        FileLock lock = channel.lock();
        try {
            boolean cleared = false;
            for (Slot s : read()) {
                if (s.seq() <= appliedSeq) {
                    ByteBuffer zeros = ByteBuffer.allocate(SLOT_BYTES);
                    long at = (long) s.index() * SLOT_BYTES;
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, at + zeros.position());
                    }
                    cleared = true;
                }
            }
            if (cleared) {
                channel.force(true);
            }
        } finally {
            lock.release();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing is written any more
        }
    }
}
