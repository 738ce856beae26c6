package org.sscard.crypto;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The boundary through which the rest of the project uses keys. Keys are named by {@link KeyRef};
 * the module answers with cryptograms, MACs, verification results and KCVs, never with key bytes.
 * Card-key operations take a key at any level that covers the card's region and derive the card key
 * inside (national → province → city → card). Implementations are thread-safe.
 */
public interface SecurityModule {

    /** The keys held, with KCVs and flags. */
    List<KeyInfo> keys();

    /** The KCV (3 bytes) of a held key. */
    byte[] kcv(KeyRef ref);

    /** The KCV of the card key that {@code ref} derives for {@code card}. */
    byte[] cardKeyKcv(KeyRef ref, CardIdentificationCode card);

    /** EXTERNAL AUTHENTICATE data for the card's 8-byte challenge. */
    byte[] externalAuthCryptogram(KeyRef ref, CardIdentificationCode card, byte[] challenge);

    /** True if {@code response} is the card's correct INTERNAL AUTHENTICATE answer to {@code data}. */
    boolean verifyInternalAuth(KeyRef ref, CardIdentificationCode card, byte[] data, byte[] response);

    /**
     * A 4-byte MAC under the card key, with the card's IV rule for {@code challenge} (null: zero IV):
     * secure messaging, PIN reload, PIN unblock, application block.
     */
    byte[] cardMac(KeyRef ref, CardIdentificationCode card, byte[] challenge, byte[] data);

    /** The PIN block for RELOAD / UNBLOCK PIN, encrypted under the card key. */
    byte[] encryptPinBlock(KeyRef ref, CardIdentificationCode card, char[] pin);

    /** MAC1 of an offline debit. */
    byte[] debitMac1(KeyRef ref, CardIdentificationCode card, DebitData debit);

    /** True if {@code mac2} is the card's correct MAC2. */
    boolean verifyDebitMac2(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] mac2);

    /** True if {@code tac} is the correct TAC of the debit. */
    boolean verifyDebitTac(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] tac);

    /** The card key of {@code key}, encrypted under the card's transport key derived from {@code transport}. */
    WrappedKey wrapCardKey(KeyRef key, KeyRef transport, CardIdentificationCode card);

    /** Authenticated encryption (SM4-GCM) under a local DATA key. */
    byte[] seal(KeyRef dataKey, byte[] associatedData, byte[] plaintext);

    /** Opens what {@link #seal} made; a changed byte or other associated data is refused. */
    byte[] open(KeyRef dataKey, byte[] associatedData, byte[] sealed);

    /** A keyed blind index (HMAC-SM3) for exact lookups of encrypted values. */
    byte[] blindIndex(KeyRef dataKey, byte[] value);

    /** SM3withSM2 signature (DER) under a local DEVICE_SIGN key. */
    byte[] sign(KeyRef deviceKey, byte[] message);

    /** The public half of a DEVICE_SIGN key. */
    Sm2.PublicKey publicKey(KeyRef deviceKey);

    /** The algorithm of a held key ("3DES", "SM4" or "SM2"). */
    default String algorithm(KeyRef ref) {
        return keys().stream().filter(k -> k.ref().equals(ref)).findFirst()
                .map(KeyInfo::algorithm)
                .orElseThrow(() -> new KeyNotFoundException(ref));
    }

    /**
     * The key of {@code type} and {@code alg} that serves {@code card}: the most specific level that covers
     * the card's region, the highest version at that level.
     */
    default Optional<KeyRef> findCardKey(KeyType type, BlockAlgorithm alg, CardIdentificationCode card) {
        return keys().stream()
                .filter(k -> k.ref().type() == type && k.algorithm().equals(alg.displayName())
                        && k.ref().covers(card.region()))
                .map(KeyInfo::ref)
                .max(Comparator.comparing((KeyRef r) -> r.level().ordinal()).thenComparingInt(KeyRef::version));
    }
}
