package org.sscard.terminal.ui;

import java.time.Clock;
import org.sscard.store.StationStore;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.text.Texts;

/**
 * What the UI is built on: the station's store, sessions, authorizer, link monitor and forwarder (from
 * terminal-app), the texts, the clock, a way to subscribe to reader status (a {@code ReaderWatcher}, or a fake
 * in tests), the background passes to the hospital ledger (null when the station has no ledger) and the station's
 * own background work — forwarding, syncs, backups ({@code stationServices}; null in tests that run without it).
 */
public record UiServices(Texts texts, Clock clock, String institutionName, StationStore store, SessionManager sessions,
                         Authorizer authorizer, LinkMonitor monitor, Forwarder forwarder, ReaderSource readers,
                         LedgerBackground ledger, StationServices stationServices) {
    /** Without the station's background services. */
    public UiServices(Texts texts, Clock clock, String institutionName, StationStore store, SessionManager sessions,
                      Authorizer authorizer, LinkMonitor monitor, Forwarder forwarder, ReaderSource readers,
                      LedgerBackground ledger) {
        this(texts, clock, institutionName, store, sessions, authorizer, monitor, forwarder, readers, ledger, null);
    }

    /** A station without a hospital ledger. */
    public UiServices(Texts texts, Clock clock, String institutionName, StationStore store, SessionManager sessions,
                      Authorizer authorizer, LinkMonitor monitor, Forwarder forwarder, ReaderSource readers) {
        this(texts, clock, institutionName, store, sessions, authorizer, monitor, forwarder, readers, null);
    }

    /** Where reader status comes from; listeners may be called on any thread. */
    public interface ReaderSource {
        void addListener(java.util.function.Consumer<ReaderStatus> listener);
    }
}
