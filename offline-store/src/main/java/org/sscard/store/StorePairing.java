package org.sscard.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.PrivateFiles;
import org.sscard.crypto.SecurityModule;

/**
 * The pairing record beside the key store: which store (by the random store id written into it at {@code setup}) this
 * key store belongs to. {@code "SSPAIR01" || SecurityModule.seal(DATA key, aad = "SSPAIR01", "store_id=…\npaired_at=…\n")},
 * file mode 0600, so it can neither be read nor edited without the key store.
 */
final class StorePairing {
    private static final byte[] MAGIC = "SSPAIR01".getBytes(StandardCharsets.US_ASCII);

    /** The store a key store is paired with, and since when. */
    record Pair(String storeId, Instant pairedAt) {
    }

    private StorePairing() {
    }

    /** The record in {@code file}, empty if there is none; a record this key store cannot open is refused. */
    static Optional<Pair> read(Path file, SecurityModule module, KeyRef dataKey) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file, "it cannot be read: " + e.getMessage(), e);
        }
        if (all.length <= MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw unreadable(file, "it is not a pairing record", null);
        }
        String text;
        try {
            text = new String(module.open(dataKey, MAGIC, Arrays.copyOfRange(all, MAGIC.length, all.length)),
                    StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw unreadable(file, "it was sealed with another data key or changed", e);
        }
        String id = null;
        Instant at = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("store_id=")) {
                id = line.substring("store_id=".length());
            } else if (line.startsWith("paired_at=")) {
                at = Instant.parse(line.substring("paired_at=".length()));
            }
        }
        if (id == null || at == null) {
            throw unreadable(file, "its content is incomplete", null);
        }
        return Optional.of(new Pair(id, at));
    }

    static void write(Path file, SecurityModule module, KeyRef dataKey, Pair pair) {
        byte[] text = ("store_id=" + pair.storeId() + "\npaired_at=" + pair.pairedAt() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] sealed = module.seal(dataKey, MAGIC, text);
        try {
            PrivateFiles.writeAtomically(file, Encoding.concat(MAGIC, sealed));
        } catch (IOException e) {
            throw new StoreException("the pairing record " + file + " beside the key store could not be written: "
                    + e.getMessage() + " (check that the key store's folder is writable and has free space)", e);
        }
    }

    private static StoreRefusedException unreadable(Path file, String why, Throwable cause) {
        return new StoreRefusedException(StoreRefusedException.Reason.PAIRING_UNREADABLE, "The pairing record " + file
                + " beside the key store cannot be used: " + why + ". It names the station database this key store"
                + " belongs to. Put back the pairing record that was made with this key store; if it is lost, move this"
                + " file away: the next start pairs the key store with the station database it then finds (after the"
                + " data-key check), so make sure that is this station's own database or restore its latest backup.", cause);
    }
}
