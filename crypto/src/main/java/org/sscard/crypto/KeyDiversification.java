package org.sscard.crypto;

/**
 * Key diversification down the hierarchy: national → province (factor = province code + "sx") →
 * city (factor = city code + "sx") → card (factor = last 8 bytes of the card identification code).
 */
public final class KeyDiversification {
    private KeyDiversification() {
    }

    public static byte[] toRegion(BlockAlgorithm alg, byte[] parent, String adminCode) {
        return alg.diversify(parent, Regions.factor(adminCode));
    }

    public static byte[] toCard(BlockAlgorithm alg, byte[] cityKey, CardIdentificationCode card) {
        return alg.diversify(cityKey, card.diversificationFactor());
    }

    /** The whole chain national → province → city → card in one call, for the card's own region. */
    public static byte[] nationalToCard(BlockAlgorithm alg, byte[] nationalKey, CardIdentificationCode card) {
        return fromLevel(alg, nationalKey, KeyLevel.NATIONAL, card);
    }

    /**
     * Derives a card key from a key at {@code level} that covers the card's region: the province and city
     * steps that lie below {@code level} are applied, then the card step.
     */
    public static byte[] fromLevel(BlockAlgorithm alg, byte[] key, KeyLevel level, CardIdentificationCode card) {
        byte[] current = key;
        switch (level) {
            case NATIONAL:
                current = toRegion(alg, current, card.provinceRegion());
                current = toRegion(alg, current, card.cityRegion());
                break;
            case PROVINCE:
                current = toRegion(alg, current, card.cityRegion());
                break;
            case CITY:
                break;
            default:
                throw new CryptoException("local keys are not diversified to cards");
        }
        return toCard(alg, current, card);
    }

    /** Derives a region key one or two levels below {@code level} (national → province or city; province → city). */
    public static byte[] toLevel(BlockAlgorithm alg, byte[] key, KeyLevel from, KeyLevel to, String targetRegion) {
        if (from == to) {
            return key.clone();
        }
        if (from == KeyLevel.NATIONAL && to == KeyLevel.PROVINCE) {
            return toRegion(alg, key, Regions.provinceOf(targetRegion));
        }
        if (from == KeyLevel.NATIONAL && to == KeyLevel.CITY) {
            return toRegion(alg, toRegion(alg, key, Regions.provinceOf(targetRegion)), targetRegion);
        }
        if (from == KeyLevel.PROVINCE && to == KeyLevel.CITY) {
            return toRegion(alg, key, targetRegion);
        }
        throw new CryptoException("cannot derive a " + to.lowerName() + " key from a " + from.lowerName() + " key");
    }
}
