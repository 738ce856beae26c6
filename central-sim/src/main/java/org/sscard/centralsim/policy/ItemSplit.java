package org.sscard.centralsim.policy;

/**
 * How one item's amount divides: {@code amount = fulamtOwnpay + overlmt + preselfpay + inscp}, all in fen.
 */
public record ItemSplit(CatalogItem item, long amountFen, long fulamtOwnpayFen, long overlmtFen,
        long preselfpayFen, long inscpFen) {
}
