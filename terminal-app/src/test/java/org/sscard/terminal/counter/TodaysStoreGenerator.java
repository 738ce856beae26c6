package org.sscard.terminal.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineStateForTests;
import org.sscard.terminal.offline.PendingDebit;
import org.sscard.values.Money;

/**
 * Makes a station's files with the code of the day it is run: the store (schema as then), its key store and the
 * central service's data, holding a settled visit, an open visit (fees uploaded), a visit killed with its 2207
 * queued, a visit killed between the card's balance and its record (card update pending), deferred visits in every
 * state, two journaled offline debits and the sign-in. {@code made.properties} names them, for the tests that open
 * these files with later code ({@code StoreFromEarlierVersionTest}). Run with the test class path:
 * {@code TodaysStoreGenerator DIR}; the files under {@code src/test/resources/stores/} were made so.
 */
public final class TodaysStoreGenerator {
    static final String KEY_STORE = "keys.sks";
    static final String PASSPHRASE = "store-fixture";
    /** The clock of the generated station: fixed, so the files are the same whatever day they are opened. */
    static final Instant START = Instant.parse("2026-12-06T01:00:00Z");

    /** Stands for the process dying (as in KilledVisitRecoveryTest). */
    private static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    private TodaysStoreGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (Files.exists(dir.resolve("station.db"))) {
            throw new IllegalStateException(dir + " already holds a station");
        }
        Files.createDirectories(dir);
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve(KEY_STORE), PASSPHRASE.toCharArray());
        Properties made = new Properties();
        try (CounterFixture f = new CounterFixture(dir, keys, START)) {
            f.login("cashier");
            made.setProperty("visit.settled", visit(f, 1, null).mdtrtId());
            f.clock.advance(Duration.ofMinutes(4));
            f.login("cashier");
            Visit open = visit(f, 2, Counter.Step.FEES_UPLOADED);
            made.setProperty("visit.open", open.mdtrtId());
            f.clock.advance(Duration.ofMinutes(4));
            f.login("cashier");

            new org.sscard.terminal.sync.Sync(f.link, f.store, f.authorizer, f.clock)
                    .blacklist(new Opter("supervisor", "钱主管"));
            LinkMonitor monitor = LinkMonitor.of(f.link);
            DeferredVisits deferred = new DeferredVisits(f.config, f.store, f.link,
                    new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock), monitor, f.authorizer, f.clock);
            linkDown(f);
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refs.add(takeDeferred(f, deferred, 5).ref());
                f.clock.advance(Duration.ofMinutes(2));
                f.login("cashier");
            }
            monitor.probeNow();
            new Forwarder(f.link, f.store).runOnce();
            f.login("supervisor");
            deferred.refundPaid(refs.get(1));
            String cancelledSetl = OfflineStateForTests.deferred(f.store).stream()
                    .filter(v -> v.ref().equals(refs.get(2))).findFirst().orElseThrow().setlId();
            f.counter.cancel(cancelledSetl, null);
            new Forwarder(f.link, f.store).runOnce();
            f.login("cashier");
            linkDown(f);
            for (int i = 0; i < 3; i++) {
                refs.add(takeDeferred(f, deferred, 6).ref());
                f.clock.advance(Duration.ofMinutes(2));
                f.login("cashier");
            }
            OfflineStateForTests.settling(f.store, refs.get(5));
            OfflineStateForTests.refused(f.store, refs.get(6), org.sscard.terminal.reason.Problem.of(
                    org.sscard.terminal.reason.Reason.DEFERRED_REFUSED_INSURANCE, "人员参保状态异常"));
            monitor.probeNow();
            f.clock.advance(Duration.ofMinutes(4));
            f.login("cashier");
            made.setProperty("visit.card_update_pending", killedVisit(f, 4, Counter.Step.CARD_BALANCE_WRITTEN));
            f.restartStation();
            f.login("cashier");
            f.clock.advance(Duration.ofMinutes(4));
            f.login("cashier");
            made.setProperty("visit.settlement_queued", killedVisit(f, 3, Counter.Step.SETTLEMENT_QUEUED));
            f.restartStation();
            made.setProperty("deferred.settled", refs.get(0));
            made.setProperty("deferred.refund_paid", refs.get(1));
            made.setProperty("deferred.cancelled", refs.get(2));
            made.setProperty("deferred.settled_second", refs.get(3));
            made.setProperty("deferred.queued", refs.get(4));
            made.setProperty("deferred.settling", refs.get(5));
            made.setProperty("deferred.refused", refs.get(6));

            DemoCard debitCard = f.cards.card(7);
            String now = java.time.LocalDateTime.now(f.clock).format(Counter.WIRE_TIME);
            OfflineStateForTests.journal(f.store, List.of(
                    new PendingDebit("C110-FIXTURE-1", 1, debitCard.cardNumber().toString(),
                            debitCard.identification().hex(), Money.ofFen(1_250), now, 3, Money.ofFen(48_750), "pharmacist", "赵药师", "PENDING"),
                    new PendingDebit("C110-FIXTURE-2", 2, debitCard.cardNumber().toString(),
                            debitCard.identification().hex(), Money.ofFen(990), now, 4, Money.ofFen(47_760), "pharmacist", "赵药师", "UNKNOWN")));
            made.setProperty("debits", "C110-FIXTURE-1,C110-FIXTURE-2");
            made.setProperty("sign_no", f.link.signNo().orElseThrow());
            made.setProperty("clock", f.clock.instant().toString());
            for (var v : OfflineStateForTests.deferred(f.store)) {
                made.setProperty("digest.deferred." + v.ref(), digest(v.toString()));
            }
            for (var d : OfflineStateForTests.debits(f.store)) {
                made.setProperty("digest.debit." + d.msgid(), digest(asWritten(d)));
            }
            for (String key : stateKeys(dir.resolve("station.db"))) {
                if (key.startsWith("state.card_update.") || key.endsWith(".finished")) {
                    made.setProperty("digest." + key, digest(f.store.settings().sealedState(key).orElseThrow()));
                }
            }
        }
        try (var out = Files.newBufferedWriter(dir.resolve("made.properties"), StandardCharsets.UTF_8)) {
            made.store(out, "what TodaysStoreGenerator made");
        }
    }

    private static Visit visit(CounterFixture f, int cardNumber, Counter.Step stopAfter) {
        DemoCard demo = f.insert(cardNumber);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items(f)));
        f.counter.uploadAndPreSettle(v);
        if (stopAfter == null) {
            f.counter.settle(v);
            if (v.state() != VisitState.SETTLED) {
                throw new IllegalStateException("visit not settled: " + v.reason());
            }
        }
        return v;
    }

    private static String killedVisit(CounterFixture f, int cardNumber, Counter.Step killedAt) {
        String[] id = new String[1];
        f.counter.onStep((step, mdtrtId) -> {
            id[0] = mdtrtId;
            if (step == killedAt) {
                throw new Killed(step.name());
            }
        });
        try {
            visit(f, cardNumber, null);
            throw new IllegalStateException("the visit was not killed at " + killedAt);
        } catch (Killed expected) {
            return id[0];
        }
    }

    private static void linkDown(CounterFixture f) {
        f.central.faults().arm(Fault.parse("9001:close-before:1"));
        f.link.signIn(new Opter("supervisor", "钱主管"), "00-1A-2B-3C-4D-5E", "127.0.0.1");
    }

    private static DeferredReceipt takeDeferred(CounterFixture f, DeferredVisits deferred, int cardNumber) {
        DemoCard demo = f.insert(cardNumber);
        try (CountingTransport t = f.cardTransport()) {
            return deferred.take(new CardSession(t, f.cardKeys()), demo.pin().toCharArray(), items(f), "D01", "李医生");
        }
    }

    private static List<CounterItem> items(CounterFixture f) {
        return List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
    }

    /**
     * A journaled debit in the form the schema-5 code printed it (its amounts as {@code long} fen), so the digests of
     * the fixture made then still say whether every field reads back as it was written.
     */
    static String asWritten(PendingDebit d) {
        return "PendingDebit[msgid=" + d.msgid() + ", termSeq=" + d.termSeq() + ", cardNo=" + d.cardNo() + ", cardSn="
                + d.cardSn() + ", amountFen=" + d.amount().fen() + ", txnTime=" + d.txnTime() + ", offlineSeq="
                + d.offlineSeq() + ", balanceAfter=" + d.balanceAfter().fen() + ", operator=" + d.operator()
                + ", operatorName=" + d.operatorName() + ", state=" + d.state() + "]";
    }

    /** SHA-256 of {@code text} in hex: the files keep no personal data in clear, only what it must read back as. */
    static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stateKeys(Path storeFile) throws java.sql.SQLException {
        List<String> keys = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + storeFile);
                var rs = c.createStatement().executeQuery("SELECT key FROM setting WHERE key LIKE 'state.%' ORDER BY key")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
