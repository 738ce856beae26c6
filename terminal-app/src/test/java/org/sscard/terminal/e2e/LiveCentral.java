package org.sscard.terminal.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.crypto.TestKeys;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;

/**
 * A station enrolled with an in-process central-sim over HTTPS (its CA pinned), sharing one movable clock, with
 * the demo cards (manifest loaded by the central service) and the national test keys in the station's module.
 * Operators: clerk1 (card clerk), pharm1 (pharmacist), sup1 (supervisor), all with password {@link #PASSWORD}.
 */
public final class LiveCentral implements AutoCloseable {
    public static final char[] PASSWORD = "Own-Pass-77".toCharArray();
    public static final Opter PHARMACIST = new Opter("pharm1", "李药师");

    public final Path dir;
    public final TestStation station;
    public final DemoCardSet cards;
    public final Path manifest;
    public CentralSim.Running central;
    public CentralLink link;
    public SessionManager sessions;
    public Authorizer authorizer;

    public LiveCentral(Path dir) throws Exception {
        this.dir = dir;
        station = new TestStation(Files.createDirectories(dir.resolve("station")));
        TestKeys.loadInto(station.module);
        cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, DemoCardGenerator.DEFAULT_COUNT);
        manifest = Manifest.write(cards, Files.createDirectories(dir.resolve("cards")));
        startCentral();
        Path ca = dir.resolve("central-ca.pem");
        Files.writeString(ca, central.caCertPem(), StandardCharsets.US_ASCII);
        station.config = station.config.withCentral(central.baseUri(), ca)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30));
        link = station.link();
        enrol();
        Operators ops = station.store.operators();
        ops.create("admin1", "clerk1", "张发卡", Role.CARD_CLERK, "Temp-Pass-9".toCharArray());
        ops.create("admin1", "pharm1", "李药师", Role.PHARMACIST, "Temp-Pass-9".toCharArray());
        ops.create("admin1", "sup1", "王值班", Role.SUPERVISOR, "Temp-Pass-9".toCharArray());
        for (String id : new String[] {"clerk1", "pharm1", "sup1"}) {
            ops.changePassword(id, "Temp-Pass-9".toCharArray(), PASSWORD.clone());
        }
        newSessions();
        LinkOutcome<?> signIn = link.signIn(PHARMACIST, "00-1A-2B-3C-4D-5E", "10.1.2.3");
        if (!(signIn instanceof LinkOutcome.Answered)) {
            throw new IllegalStateException("sign-in failed: " + signIn.message());
        }
    }

    private void startCentral() throws Exception {
        central = CentralSim.start(CentralConfig.of(dir.resolve("central")).withDemoManifest(manifest)
                .withClock(station.clock));
    }

    private void enrol() {
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        ops.changePassword("admin2", "Temp-Pass-9".toCharArray(), PASSWORD.clone());
        long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(station.config));
        ops.decide("admin2", approval, true);
        String code = central.issueEnrolCode(station.config.deviceNumber(), station.config.institutionCode(), 2);
        new Enrolment(link, station.config, station.module, station.store, ref -> { })
                .enrol("admin1", approval, code.toCharArray());
    }

    /** New session manager and authorizer over the current store (as after a restart of the process). */
    public void newSessions() {
        sessions = new SessionManager(station.store, station.clock, Duration.ofMinutes(30));
        authorizer = new Authorizer(sessions, station.store);
    }

    public void login(String operator) {
        sessions.loggedIn().ifPresent(s -> sessions.logout());
        if (!sessions.login(operator, PASSWORD.clone()).loggedIn()) {
            throw new IllegalStateException("log-in of " + operator + " failed");
        }
    }

    public OfflinePolicy policy() {
        return new OfflinePolicy(station.config.offline(), station.store, station.clock);
    }

    /** Stops the central service (the link goes down). */
    public void linkDown() {
        central.stop();
    }

    /** Starts the central service again on the same data (its port changes: the station is pointed at it again). */
    public void linkUp() throws Exception {
        startCentral();
        station.config = station.config.withCentral(central.baseUri(), station.config.centralCaFile());
        link = station.link();
    }

    /** A demo card issued by the card factory, personalised and reset, in an in-process slot. */
    public static Slot issue(DemoCard demo) {
        return new Slot(new CardFactory().issue(demo));
    }

    /** A simulated card in a slot that can be emptied, with card-lib's standard transport on top. */
    public static final class Slot {
        public final SimulatedCard card;
        public final InProcessTransport raw;

        public Slot(SimulatedCard card) {
            this.card = card;
            this.raw = new InProcessTransport(card);
        }

        public CardTransport transport() {
            return CardTransports.standard(raw);
        }
    }

    @Override
    public void close() {
        central.stop();
        station.close();
    }
}
