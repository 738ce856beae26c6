package org.sscard.terminal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A station program for {@link StationInstanceTest}, in a process of its own: claims the store named by its argument,
 * prints {@code claimed} (or {@code running}), prints {@code shown} when a later start asks for its window, and runs
 * until it is killed or its standard input ends.
 */
public final class StationInstanceHolder {
    private StationInstanceHolder() {
    }

    public static void main(String[] args) throws Exception {
        StationInstance.Claim claim = StationInstance.claim(Path.of(args[0]), Duration.ZERO);
        if (!(claim instanceof StationInstance.Claimed claimed)) {
            System.out.println("running");
            return;
        }
        claimed.instance().onShow(() -> {
            System.out.println("shown");
            System.out.flush();
        });
        System.out.println("claimed");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until killed
        }
    }
}
