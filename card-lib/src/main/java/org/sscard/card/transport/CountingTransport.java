package org.sscard.card.transport;

import java.util.ArrayList;
import java.util.List;
import org.sscard.card.apdu.Instruction;

/**
 * Counts the APDUs sent through it and times each one (for benchmarks and for checking that a flow stays
 * within its APDU budget). Where it sits in the decorator stack decides what it counts: outside
 * {@link GetResponseTransport} it counts commands as the session sends them, inside it counts what goes on
 * the wire. Thread-safe.
 */
public final class CountingTransport extends ForwardingTransport {
    private final List<Timing> timings = new ArrayList<>();

    /** One command and how long the card (and everything below this decorator) took to answer. */
    public record Timing(String command, long nanos) {
    }

    public CountingTransport(CardTransport inner) {
        super(inner);
    }

    @Override
    public byte[] transmit(byte[] command) {
        long start = System.nanoTime();
        try {
            return inner.transmit(command);
        } finally {
            long elapsed = System.nanoTime() - start;
            synchronized (timings) {
                timings.add(new Timing(name(command), elapsed));
            }
        }
    }

    /** Commands sent since creation or the last {@link #reset()}. */
    public int count() {
        synchronized (timings) {
            return timings.size();
        }
    }

    public List<Timing> timings() {
        synchronized (timings) {
            return List.copyOf(timings);
        }
    }

    public long totalNanos() {
        synchronized (timings) {
            return timings.stream().mapToLong(Timing::nanos).sum();
        }
    }

    public void reset() {
        synchronized (timings) {
            timings.clear();
        }
    }

    private static String name(byte[] command) {
        if (command.length < 4) {
            return "APDU";
        }
        Instruction i = Instruction.of(command[0] & 0xFF, command[1] & 0xFF, command[2] & 0xFF);
        return i == null ? String.format("APDU %02X%02X", command[0], command[1]) : i.displayName();
    }
}
