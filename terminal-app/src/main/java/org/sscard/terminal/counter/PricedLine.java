package org.sscard.terminal.counter;

import org.sscard.store.Catalog;
import org.sscard.values.Money;

/**
 * An item line resolved against the catalog: the station's item, the national item it is mapped to, the count and
 * the amount ({@code price × count}).
 *
 * @param serial the fee detail serial number (feedetl_sn) within the batch, from 1
 */
public record PricedLine(int serial, Catalog.LocalItem local, Catalog.NationalItem national, long count) {
    public Money price() {
        return local.price();
    }

    /** {@code price × count}; {@link ItemPricing} refuses a line above {@link Money#MAX_FEN} before it is priced. */
    public Money amount() {
        return local.price().times(count);
    }
}
