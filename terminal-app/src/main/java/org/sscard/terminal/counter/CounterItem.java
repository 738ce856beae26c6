package org.sscard.terminal.counter;

import org.sscard.terminal.reason.Reason;

/**
 * One line the cashier or pharmacist enters: the station's own item code (or a barcode) and a whole count.
 *
 * @param line where the line was entered (the items file's line, the basket's row), from 1, for the messages about
 *             it; 0 when the front end has no such number (its position in the basket is used instead)
 */
public record CounterItem(String code, long count, int line) {
    public CounterItem {
        if (code == null || code.isBlank()) {
            throw new CounterException(Reason.ITEM_CODE_MISSING);
        }
        if (count < 1 || count > 99_999) {
            throw new CounterException(Reason.ITEM_COUNT_RANGE, code, String.valueOf(count));
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    public CounterItem(String code, long count) {
        this(code, count, 0);
    }
}
