package org.sscard.centralsim.policy;

import org.sscard.protocol.ChrgitmLv;

/**
 * One fee line as the policy sees it: catalog class, unit price and count, the catalog's price cap
 * ({@code null}: none) and self-pay proportion in basis points (used for class 02 only).
 */
public record CatalogItem(String code, ChrgitmLv chrgitmLv, long priceFen, Long priceCapFen,
        int selfpayPropBasisPoints, long count) {

    public CatalogItem {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("item code required");
        }
        if (chrgitmLv == null) {
            throw new IllegalArgumentException(code + ": catalog class required");
        }
        if (priceFen <= 0) {
            throw new IllegalArgumentException(code + ": price must be positive");
        }
        if (priceCapFen != null && priceCapFen <= 0) {
            throw new IllegalArgumentException(code + ": price cap must be positive");
        }
        if (selfpayPropBasisPoints < 0 || selfpayPropBasisPoints > SettlementPolicy.ONE) {
            throw new IllegalArgumentException(code + ": self-pay proportion must be 0 to 10000 basis points");
        }
        if (count <= 0) {
            throw new IllegalArgumentException(code + ": count must be positive");
        }
    }

    /** {@code price × count}. */
    public long amountFen() {
        return Math.multiplyExact(priceFen, count);
    }
}
