package org.sscard.cardsim.applet;

/**
 * Fault injection for tearing tests: jCardSim neither loses power nor rolls back transactions, so the
 * applet's own persistent writes ({@link Nvm}) report here and a test arms an interruption "after the
 * Nth persistent write". When it fires, the applet throws {@link CardTearing} out of {@code process()}
 * and the harness treats the card as having lost power. Static and shared by every simulated card in
 * the JVM: arm it only around one command of one card, from one thread.
 */
public final class TearingHook {
    private static short armedAt = -1;
    private static boolean tearWriteInHalf;
    private static short writes;
    private static boolean fired;

    private TearingHook() {
    }

    /** Interrupts after the {@code n}th persistent write (n ≥ 1) from now; that write lands whole. */
    public static void interruptAfterWrite(short n) {
        arm(n, false);
    }

    /** Interrupts during the {@code n}th persistent write from now: only its first half of the bytes lands. */
    public static void interruptDuringWrite(short n) {
        arm(n, true);
    }

    /** Disarms the hook and forgets whether it fired. */
    public static void disarm() {
        armedAt = -1;
        writes = 0;
        fired = false;
    }

    /** True once if an interruption fired since the last call (then cleared). */
    public static boolean consumeFired() {
        boolean result = fired;
        fired = false;
        return result;
    }

    private static void arm(short n, boolean half) {
        if (n < 1) {
            throw new IllegalArgumentException("the write number starts at 1");
        }
        armedAt = n;
        tearWriteInHalf = half;
        writes = 0;
        fired = false;
    }

    /**
     * Called before each persistent write of {@code length} bytes: answers how many bytes of it may land
     * ({@code length}, or fewer when this write is torn).
     */
    static short beforeWrite(short length) {
        writes++;
        if (armedAt > 0 && writes == armedAt && tearWriteInHalf) {
            return (short) (length / 2);
        }
        return length;
    }

    /** Called after each persistent write; throws when the armed interruption is due. */
    static void afterWrite() {
        if (armedAt > 0 && writes == armedAt) {
            armedAt = -1;
            fired = true;
            throw new CardTearing();
        }
    }
}
