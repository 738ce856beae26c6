package org.sscard.terminal.counter;

import java.util.List;
import org.sscard.values.Money;

/**
 * The items of one visit or sale after the whole list passed {@link ItemPricing}: every code known and mapped to a
 * national code, every price and amount within the interface's limits, at most {@link ItemPricing#MAX_LINES} lines.
 * Only {@link ItemPricing} makes one, and {@link Counter#register} takes one, so nothing goes to the central service
 * for a basket that would be refused afterwards.
 */
public final class Basket {
    private final List<PricedLine> lines;
    private final Money total;

    Basket(List<PricedLine> lines, Money total) {
        this.lines = List.copyOf(lines);
        this.total = total;
    }

    public List<PricedLine> lines() {
        return lines;
    }

    /** The sum of the lines' amounts. */
    public Money total() {
        return total;
    }
}
