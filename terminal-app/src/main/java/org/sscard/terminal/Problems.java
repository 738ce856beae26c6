package org.sscard.terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The problems found in one piece of input (an items file, a basket, a catalog file), collected so that all are
 * reported at once but the message stays readable: the first {@value #SHOWN} in full, the rest counted
 * ("… and 9,980 more problems"). Ten thousand bad lines make one short message, not a page.
 */
public final class Problems {
    public static final int SHOWN = 20;

    private final List<String> shown = new ArrayList<>();
    private int count;

    public void add(String problem) {
        if (shown.size() < SHOWN) {
            shown.add(problem);
        }
        count++;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** How many problems were found, shown or not. */
    public int count() {
        return count;
    }

    /** The first {@value #SHOWN} problems, in the order they were found. */
    public List<String> shown() {
        return List.copyOf(shown);
    }

    /** The problems shown, separated by "; ", then the count of the others, if any. */
    public String summary() {
        return summary(shown, count);
    }

    /** {@link #summary()} of problems another module kept: the first ones, and how many there are in all. */
    public static String summary(List<String> shown, int count) {
        String text = String.join("; ", shown);
        int more = count - shown.size();
        return more == 0 ? text : text + String.format(Locale.ROOT, "; … and %,d more problem%s", more,
                more == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return summary();
    }
}
