package org.sscard.centralsim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The faults armed per transaction code; deterministic: a fault applies to the next {@code times} requests. */
public final class Faults {
    private final Map<String, Armed> armed = new ConcurrentHashMap<>();

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    /** Arms {@code fault} for its transaction code, replacing any fault armed for that code. */
    public void arm(Fault fault) {
        armed.put(fault.infno(), new Armed(fault));
    }

    public void clear(String infno) {
        armed.remove(infno);
    }

    public void clearAll() {
        armed.clear();
    }

    public List<Fault> list() {
        return armed.values().stream().map(a -> a.fault).toList();
    }

    /** The fault to apply to this request of {@code infno}, counting it against the fault's times. */
    Optional<Fault> take(String infno) {
        Armed a = armed.get(infno);
        if (a == null) {
            return Optional.empty();
        }
        synchronized (a) {
            if (a.fault.times() == 0) {
                return Optional.of(a.fault);
            }
            if (a.remaining <= 0) {
                return Optional.empty();
            }
            if (--a.remaining == 0) {
                armed.remove(infno, a);
            }
            return Optional.of(a.fault);
        }
    }
}
