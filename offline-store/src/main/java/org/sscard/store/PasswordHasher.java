package org.sscard.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format, parameters stored with the hash:
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt b64>$<hash b64>} (unpadded base64, 16-byte
 * salt, 32-byte hash). A hash made with other parameters still verifies; {@link #needsRehash} tells when to
 * renew it at the next log-in.
 */
public record PasswordHasher(int memoryKib, int iterations, int parallelism) {
    /** 64 MiB, 3 passes, 1 lane: well above the OWASP minimum (19 MiB, 2 passes). */
    public static final PasswordHasher DEFAULT = new PasswordHasher(65_536, 3, 1);
    /** For tests only: cheap. */
    public static final PasswordHasher FAST_FOR_TESTS = new PasswordHasher(1024, 1, 1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    public PasswordHasher {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("invalid Argon2id parameters m=" + memoryKib + " t=" + iterations + " p=" + parallelism);
        }
    }

    public String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** True if {@code password} matches {@code encoded} (whatever parameters it was made with). */
    public static boolean verify(char[] password, String encoded) {
        Parsed p = parse(encoded);
        byte[] candidate = derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism);
        return MessageDigest.isEqual(candidate, p.hash);
    }

    public boolean needsRehash(String encoded) {
        Parsed p = parse(encoded);
        return p.memoryKib != memoryKib || p.iterations != iterations || p.parallelism != parallelism;
    }

    private record Parsed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            throw new StoreException("a stored password hash has an unknown format");
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=", 2);
            int v = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> throw new StoreException("a stored password hash has an unknown parameter " + pair[0]);
            }
        }
        return new Parsed(m, t, p, B64D.decode(parts[4]), B64D.decode(parts[5]));
    }

    private static byte[] derive(char[] password, byte[] salt, int m, int t, int p) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[utf8.remaining()];
        utf8.get(pw);
        try {
            byte[] out = new byte[32];
            gen.generateBytes(pw, out);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (utf8.hasArray()) {
                Arrays.fill(utf8.array(), (byte) 0);
            }
        }
    }
}
