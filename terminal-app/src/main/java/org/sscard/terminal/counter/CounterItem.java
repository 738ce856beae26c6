package org.sscard.terminal.counter;

/** One line the cashier or pharmacist enters: the station's own item code (or a barcode) and a whole count. */
public record CounterItem(String code, long count) {
    public CounterItem {
        if (code == null || code.isBlank()) {
            throw new CounterException("an item line needs a code");
        }
        if (count < 1 || count > 99_999) {
            throw new CounterException("item " + code + ": the count must be a whole number from 1 to 99999, got " + count);
        }
    }
}
