package org.sscard.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

/**
 * The process the crash campaign kills: it opens the store, resolves messages left of unknown outcome by
 * the previous kill, enqueues again the last message it made (which must be a no-op), then enqueues and
 * completes messages until it is killed. Each line is printed only after the commit it reports.
 */
public final class CrashChild {
    private CrashChild() {
    }

    static String msgid(long n) {
        return String.format("H44010600001%s%06d", "20250301", n);
    }

    static OutboxMessage message(long n) {
        String id = msgid(n);
        return new OutboxMessage(id, "settlement", "2207", ("{\"msgid\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                n % 2 == 0, "440106D1560000050102030405060708", Money.ofFen(100 + n));
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SoftwareSecurityModule module = SoftwareSecurityModule.open(Path.of(args[1]), args[2].toCharArray());
        try (StationStore store = StationStore.open(StoreConfig.of(Path.of(args[0]), Fixtures.STATION, Fixtures.DATA_KEY),
                module, PasswordHasher.FAST_FOR_TESTS)) {
            Outbox outbox = store.outbox();
            for (OutboxEntry unknown : outbox.unknown()) {
                outbox.resolve("system", unknown.msgid(), "took effect (status query)");
            }
            long n = outbox.countsByState().values().stream().mapToLong(Long::longValue).sum();
            if (n > 0 && !outbox.enqueue("system", message(n - 1)).duplicate()) {
                throw new IllegalStateException("re-enqueueing " + msgid(n - 1) + " was not recognised as a duplicate");
            }
            out.println("READY " + n + " END");
            for (long i = n; ; i++) {
                outbox.enqueue("cashier", message(i));
                out.println("ENQ " + msgid(i) + " END");
                OutboxEntry sent = outbox.claimNext("settlement").orElseThrow();
                outbox.markDone(sent.msgid(), "{\"infcode\":0}".getBytes(StandardCharsets.UTF_8));
                out.println("DONE " + sent.msgid() + " END");
            }
        }
    }
}
