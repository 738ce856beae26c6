package org.sscard.store;

/** Masks for what may appear in the audit log and in messages. */
final class Masks {
    private Masks() {
    }

    /** An ID number with only the first 3 and last 2 characters shown (110***********12). */
    static String idNumber(String id) {
        if (id == null || id.length() < 6) {
            return "***";
        }
        return id.substring(0, 3) + "*".repeat(id.length() - 5) + id.substring(id.length() - 2);
    }
}
