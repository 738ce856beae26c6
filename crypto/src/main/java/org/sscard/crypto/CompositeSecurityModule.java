package org.sscard.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@link SecurityModule} made of two: card-key operations (the national → province → city → card
 * hierarchy: cryptograms, MACs, PIN blocks, debit, key wrapping) go to the card-key module, typically a
 * PSAM; station-key operations ({@code seal}, {@code open}, {@code blindIndex} with a DATA key, {@code sign}
 * and {@code publicKey} with the DEVICE_SIGN key) go to the station module, typically the terminal's
 * {@link SoftwareSecurityModule}. Keys are routed by their type, so a hierarchy key loaded into the station
 * module is never used through this composite. Thread-safe when both parts are.
 */
public final class CompositeSecurityModule implements SecurityModule {
    private final SecurityModule cardKeys;
    private final SecurityModule stationKeys;

    public CompositeSecurityModule(SecurityModule cardKeys, SecurityModule stationKeys) {
        if (cardKeys == null || stationKeys == null) {
            throw new IllegalArgumentException("a composite security module needs both a card-key and a station module");
        }
        this.cardKeys = cardKeys;
        this.stationKeys = stationKeys;
    }

    /** The card keys of the card-key module, then the station keys of the station module. */
    @Override
    public List<KeyInfo> keys() {
        List<KeyInfo> all = new ArrayList<>();
        cardKeys.keys().stream().filter(k -> k.ref().type().hierarchical()).forEach(all::add);
        stationKeys.keys().stream().filter(k -> !k.ref().type().hierarchical()).forEach(all::add);
        return List.copyOf(all);
    }

    @Override
    public byte[] kcv(KeyRef ref) {
        return route(ref).kcv(ref);
    }

    @Override
    public byte[] cardKeyKcv(KeyRef ref, CardIdentificationCode card) {
        return cardKeys(ref).cardKeyKcv(ref, card);
    }

    @Override
    public byte[] externalAuthCryptogram(KeyRef ref, CardIdentificationCode card, byte[] challenge) {
        return cardKeys(ref).externalAuthCryptogram(ref, card, challenge);
    }

    @Override
    public boolean verifyInternalAuth(KeyRef ref, CardIdentificationCode card, byte[] data, byte[] response) {
        return cardKeys(ref).verifyInternalAuth(ref, card, data, response);
    }

    @Override
    public byte[] cardMac(KeyRef ref, CardIdentificationCode card, byte[] challenge, byte[] data) {
        return cardKeys(ref).cardMac(ref, card, challenge, data);
    }

    @Override
    public byte[] encryptPinBlock(KeyRef ref, CardIdentificationCode card, char[] pin) {
        return cardKeys(ref).encryptPinBlock(ref, card, pin);
    }

    @Override
    public byte[] debitMac1(KeyRef ref, CardIdentificationCode card, DebitData debit) {
        return cardKeys(ref).debitMac1(ref, card, debit);
    }

    @Override
    public boolean verifyDebitMac2(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] mac2) {
        return cardKeys(ref).verifyDebitMac2(ref, card, debit, mac2);
    }

    @Override
    public boolean verifyDebitTac(KeyRef ref, CardIdentificationCode card, DebitData debit, byte[] tac) {
        return cardKeys(ref).verifyDebitTac(ref, card, debit, tac);
    }

    @Override
    public WrappedKey wrapCardKey(KeyRef key, KeyRef transport, CardIdentificationCode card) {
        cardKeys(transport);
        return cardKeys(key).wrapCardKey(key, transport, card);
    }

    @Override
    public byte[] seal(KeyRef dataKey, byte[] associatedData, byte[] plaintext) {
        return stationKeys(dataKey).seal(dataKey, associatedData, plaintext);
    }

    @Override
    public byte[] open(KeyRef dataKey, byte[] associatedData, byte[] sealed) {
        return stationKeys(dataKey).open(dataKey, associatedData, sealed);
    }

    @Override
    public byte[] blindIndex(KeyRef dataKey, byte[] value) {
        return stationKeys(dataKey).blindIndex(dataKey, value);
    }

    @Override
    public byte[] sign(KeyRef deviceKey, byte[] message) {
        return stationKeys(deviceKey).sign(deviceKey, message);
    }

    @Override
    public Sm2.PublicKey publicKey(KeyRef deviceKey) {
        return stationKeys(deviceKey).publicKey(deviceKey);
    }

    private SecurityModule route(KeyRef ref) {
        return ref.type().hierarchical() ? cardKeys : stationKeys;
    }

    private SecurityModule cardKeys(KeyRef ref) {
        if (!ref.type().hierarchical()) {
            throw new CryptoException(ref + " is a station key, not a card key");
        }
        return cardKeys;
    }

    private SecurityModule stationKeys(KeyRef ref) {
        if (ref.type().hierarchical()) {
            throw new CryptoException(ref + " is a card key; station operations use the station's DATA or DEVICE_SIGN keys");
        }
        return stationKeys;
    }
}
