package org.sscard.terminal.counter;

import org.sscard.store.Catalog;

/**
 * An item line resolved against the catalog: the station's item, the national item it is mapped to, the count and
 * the amount ({@code priceFen × count}, fen).
 *
 * @param serial the fee detail serial number (feedetl_sn) within the batch, from 1
 */
public record PricedLine(int serial, Catalog.LocalItem local, Catalog.NationalItem national, long count) {
    public long priceFen() {
        return local.price().fen();
    }

    public long amountFen() {
        return Math.multiplyExact(local.price().fen(), count);
    }
}
