package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TotpTest {
    /** The SHA-1 seed of RFC 6238 Appendix B. */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238AppendixBVectorsForSha1() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            assertEquals(codes[i], Totp.code(SEED, Totp.step(Instant.ofEpochSecond(times[i])), 8), "T=" + times[i]);
            assertEquals(codes[i].substring(2), Totp.code(SEED, Totp.step(Instant.ofEpochSecond(times[i])), Totp.DIGITS),
                    "six digits are the low six of eight");
        }
    }

    @Test
    void aCodeIsAcceptedOneStepEitherSideAndNoFurther() {
        Instant t = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(t);
        String code = Totp.code(SEED, step, Totp.DIGITS);
        assertEquals(OptionalLong.of(step), Totp.matchingStep(SEED, code, t));
        assertEquals(OptionalLong.of(step), Totp.matchingStep(SEED, code, t.plusSeconds(Totp.STEP_SECONDS)));
        assertEquals(OptionalLong.of(step), Totp.matchingStep(SEED, code, t.minusSeconds(Totp.STEP_SECONDS)));
        assertTrue(Totp.matchingStep(SEED, code, t.plusSeconds(2L * Totp.STEP_SECONDS)).isEmpty(), "two steps late");
        assertTrue(Totp.matchingStep(SEED, code, t.minusSeconds(2L * Totp.STEP_SECONDS)).isEmpty(), "two steps early");
        assertTrue(Totp.matchingStep(SEED, "12345", t).isEmpty());
        assertTrue(Totp.matchingStep(SEED, "abcdef", t).isEmpty());
    }

    @Test
    void base32AndTheOtpauthUri() {
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(SEED));
        assertEquals("MZXW6YQ", Totp.base32("foob".getBytes(StandardCharsets.US_ASCII)), "RFC 4648 without padding");
        assertEquals("otpauth://totp/sscard%20%E5%8C%BB%E4%BF%9D:admin1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=sscard%20%E5%8C%BB%E4%BF%9D&algorithm=SHA1&digits=6&period=30", Totp.uri("sscard 医保", "admin1", SEED));
    }
}
