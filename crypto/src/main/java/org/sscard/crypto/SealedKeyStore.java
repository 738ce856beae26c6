package org.sscard.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The software security module's key file. Layout (all integers big-endian):
 * <pre>
 *   header  = "SSKEYS01" | kdf id 01 (scrypt) | log2 N | r | p | salt (16)
 *   check   = HMAC-SM3(checkKey, "sscard key store passphrase check")          (32)
 *   digest  = SM3(header | check)                                                (32)
 *   body    = nonce (12) | SM4-GCM(encKey, aad = header, entries) | tag (16)
 * </pre>
 * {@code encKey || checkKey} = scrypt(passphrase, salt, N, r, p, 48 bytes). The digest tells a damaged
 * header from a wrong passphrase; the check tells a wrong passphrase from a changed body; GCM
 * authenticates the body. Writes go to a temporary file that is synced and then renamed over the old one; the
 * file is owner-only (0600) and a folder made for it 0700 ({@link PrivateFiles}).
 */
final class SealedKeyStore {
    private static final byte[] MAGIC = "SSKEYS01".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_LABEL = "sscard key store passphrase check".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_LENGTH = 16;
    private static final int HEADER_LENGTH = MAGIC.length + 4 + SALT_LENGTH;
    private static final int PREFIX_LENGTH = HEADER_LENGTH + 32 + 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] header;
    private final byte[] encKey;
    private final byte[] check;
    private final Map<KeyRef, KeyEntry> entries;

    private SealedKeyStore(Path file, byte[] header, byte[] encKey, byte[] check, Map<KeyRef, KeyEntry> entries) {
        this.file = file;
        this.header = header;
        this.encKey = encKey;
        this.check = check;
        this.entries = entries;
    }

    /** An entry of the store. Key bytes stay inside this package. */
    record KeyEntry(KeyRef ref, String algorithm, byte[] key, boolean testKey, List<String> custodians,
                    Instant loadedAt) {
        KeyInfo info() {
            String kcv = algorithm.equals("SM2") ? "" : org.bouncycastle.util.encoders.Hex.toHexString(
                    BlockAlgorithm.parse(algorithm).kcv(key)).toUpperCase();
            return new KeyInfo(ref, algorithm, kcv, testKey, custodians, loadedAt);
        }
    }

    static SealedKeyStore create(Path file, char[] passphrase, KdfParameters kdf) {
        if (file != null && Files.exists(file)) {
            throw new KeyStoreException("key store " + file + " already exists; it is never overwritten");
        }
        requirePassphrase(passphrase);
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
        h.put(MAGIC).put((byte) 1).put((byte) kdf.log2N()).put((byte) kdf.r()).put((byte) kdf.p()).put(salt);
        byte[] header = h.array();
        byte[][] keys = deriveKeys(passphrase, salt, kdf);
        SealedKeyStore store = new SealedKeyStore(file, header, keys[0], passphraseCheck(keys[1]), new LinkedHashMap<>());
        Arrays.fill(keys[1], (byte) 0);
        store.save();
        return store;
    }

    /** A store that lives in memory only (tests, demo). */
    static SealedKeyStore inMemory() {
        return new SealedKeyStore(null, new byte[0], new byte[0], new byte[0], new LinkedHashMap<>());
    }

    static SealedKeyStore open(Path file, char[] passphrase) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyStoreException("key store " + file + " does not exist; create it with 'sskey store init'");
        } catch (IOException e) {
            throw new KeyStoreException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
        if (all.length < PREFIX_LENGTH + Sm4Gcm.NONCE_LENGTH + Sm4Gcm.TAG_LENGTH
                || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new KeyStoreException(file + " is not a key store (or is truncated)");
        }
        byte[] header = Arrays.copyOf(all, HEADER_LENGTH);
        byte[] check = Arrays.copyOfRange(all, HEADER_LENGTH, HEADER_LENGTH + 32);
        byte[] digest = Arrays.copyOfRange(all, HEADER_LENGTH + 32, PREFIX_LENGTH);
        if (!MessageDigest.isEqual(digest, Sm3.hash(header, check))) {
            throw new KeyStoreException("key store " + file + " is damaged: its header checksum does not match");
        }
        if (header[MAGIC.length] != 1) {
            throw new KeyStoreException("key store " + file + " uses an unknown key-derivation function");
        }
        KdfParameters kdf;
        try {
            kdf = new KdfParameters(header[MAGIC.length + 1], header[MAGIC.length + 2], header[MAGIC.length + 3]);
        } catch (KeyStoreException e) {
            throw new KeyStoreException("key store " + file + " is damaged: " + e.getMessage());
        }
        requirePassphrase(passphrase);
        byte[] salt = Arrays.copyOfRange(header, MAGIC.length + 4, HEADER_LENGTH);
        byte[][] keys = deriveKeys(passphrase, salt, kdf);
        boolean right = MessageDigest.isEqual(check, passphraseCheck(keys[1]));
        Arrays.fill(keys[1], (byte) 0);
        if (!right) {
            Arrays.fill(keys[0], (byte) 0);
            throw new KeyStoreException("wrong passphrase for key store " + file);
        }
        byte[] body;
        try {
            body = Sm4Gcm.open(keys[0], header, Arrays.copyOfRange(all, PREFIX_LENGTH, all.length));
        } catch (CryptoException e) {
            Arrays.fill(keys[0], (byte) 0);
            throw new KeyStoreException("key store " + file + " has been changed or damaged: its contents fail authentication");
        }
        Map<KeyRef, KeyEntry> entries;
        try {
            entries = decode(body);
        } catch (IOException | RuntimeException e) {
            throw new KeyStoreException("key store " + file + " is damaged: its contents cannot be read", e);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
        return new SealedKeyStore(file, header, keys[0], check, entries);
    }

    Path file() {
        return file;
    }

    synchronized KeyEntry get(KeyRef ref) {
        KeyEntry entry = entries.get(ref);
        if (entry == null) {
            throw new KeyNotFoundException(ref);
        }
        return entry;
    }

    synchronized List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        for (KeyEntry e : entries.values()) {
            out.add(e.info());
        }
        return out;
    }

    /** Adds a key; an existing reference is never replaced (load a new version instead). */
    synchronized void put(KeyEntry entry) {
        if (entries.containsKey(entry.ref())) {
            throw new KeyStoreException("the key store already holds " + entry.ref() + "; load it as a new version");
        }
        entries.put(entry.ref(), entry);
        try {
            save();
        } catch (RuntimeException e) {
            entries.remove(entry.ref());
            throw e;
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        byte[] body = encode();
        byte[] sealed = Sm4Gcm.seal(encKey, header, body);
        Arrays.fill(body, (byte) 0);
        ByteBuffer out = ByteBuffer.allocate(PREFIX_LENGTH + sealed.length);
        out.put(header).put(check).put(Sm3.hash(header, check)).put(sealed);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.createFolders(parent);
            }
            PrivateFiles.writeAtomically(file, out.array());
        } catch (IOException e) {
            throw new KeyStoreException("cannot write key store " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (KeyEntry e : entries.values()) {
                out.writeUTF(e.ref().type().name());
                out.writeUTF(e.ref().level().name());
                out.writeUTF(e.ref().region());
                out.writeInt(e.ref().version());
                out.writeUTF(e.algorithm());
                out.writeBoolean(e.testKey());
                out.writeLong(e.loadedAt().toEpochMilli());
                out.writeInt(e.custodians().size());
                for (String c : e.custodians()) {
                    out.writeUTF(c);
                }
                out.writeInt(e.key().length);
                out.write(e.key());
            }
        } catch (IOException e) {
            throw new KeyStoreException("cannot encode key store", e);
        }
        return bytes.toByteArray();
    }

    private static Map<KeyRef, KeyEntry> decode(byte[] body) throws IOException {
        Map<KeyRef, KeyEntry> entries = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                KeyRef ref = new KeyRef(KeyType.valueOf(in.readUTF()), KeyLevel.valueOf(in.readUTF()), in.readUTF(),
                        in.readInt());
                String alg = in.readUTF();
                boolean test = in.readBoolean();
                Instant loaded = Instant.ofEpochMilli(in.readLong());
                int custodianCount = in.readInt();
                List<String> custodians = new ArrayList<>();
                for (int c = 0; c < custodianCount; c++) {
                    custodians.add(in.readUTF());
                }
                int keyLength = in.readInt();
                if (keyLength < 0 || keyLength > 4096) {
                    throw new IOException("bad key length");
                }
                byte[] key = new byte[keyLength];
                in.readFully(key);
                entries.put(ref, new KeyEntry(ref, alg, key, test, List.copyOf(custodians), loaded));
            }
        }
        return entries;
    }

    private static byte[][] deriveKeys(char[] passphrase, byte[] salt, KdfParameters kdf) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] pass = new byte[encoded.remaining()];
        encoded.get(pass);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            byte[] derived = SCrypt.generate(pass, salt, 1 << kdf.log2N(), kdf.r(), kdf.p(), 48);
            byte[][] keys = {Arrays.copyOf(derived, 16), Arrays.copyOfRange(derived, 16, 48)};
            Arrays.fill(derived, (byte) 0);
            return keys;
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private static byte[] passphraseCheck(byte[] checkKey) {
        return Sm3.hmac(checkKey, CHECK_LABEL);
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < 8) {
            throw new KeyStoreException("a key-store passphrase has at least 8 characters");
        }
    }
}
