package org.sscard.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of docs/architecture-tests.md over the product modules' main classes; each names its reason. */
class ModuleShapeTest {
    private static final JavaClasses PRODUCT = ProductModule.importAll();
    private static final String CARD_SESSION = "org.sscard.card.session.CardSession";
    /** The outbox's send-path writes: only terminal-app's counter, desks and forwarder move a message on. */
    private static final Set<String> OUTBOX_SEND_WRITES = Set.of("enqueue", "claimNext", "markDone", "markRetry",
            "markUnknown", "markDead", "resolve", "requeueUnknown");

    /**
     * The station's records a view must not write itself (settings and station state, the audit log, the outbox): the
     * operations that write them are terminal-app's services, which the screens call.
     */
    private static final Map<String, Set<String>> STORE_WRITES = Map.of(
            "org.sscard.store.Settings", Set.of("setString", "setLong", "setBoolean", "setDuration", "setCore",
                    "updateSealedState", "removeState"),
            "org.sscard.store.AuditLog", Set.of("record", "prune"),
            "org.sscard.store.Outbox", Set.of("enqueue", "claimNext", "markDone", "markRetry", "markUnknown", "markDead",
                    "resolve", "requeueUnknown", "acknowledgeDead", "markRefusedShown"),
            "org.sscard.store.MsgIdBlocks", Set.of("take"),
            "org.sscard.store.UnprintedReceipts", Set.of("queue", "remove"),
            "org.sscard.store.ShiftCloses", Set.of("close"),
            "org.sscard.store.LedgerPosition", Set.of("advanceOutbox", "advanceAudit", "fallBackTo", "rewindCursors",
                    "holdCatalog"),
            "org.sscard.store.StationCounters", Set.of("update"),
            "org.sscard.store.JobRuns", Set.of("record"));

    /** A shaded jar on the class path in place of a module's own classes would put one class in two modules. */
    @Test
    void eachClassBelongsToOneModule() {
        Set<String> seen = new HashSet<>();
        for (ProductModule module : ProductModule.values()) {
            assertFalse(module.classNames().isEmpty(), module + " has no classes");
            for (String name : module.classNames()) {
                assertTrue(seen.add(name), name + " is found in " + module + " and in another module");
            }
        }
    }

    @Test
    void theProductNeverDependsOnTheSimulators() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.sscard.cardsim..", "org.sscard.centralsim..")
                .because("the simulators are wired in only by the demo launcher and by tests")
                .check(PRODUCT);
    }

    @Test
    void terminalAppHasNoJavaFx() {
        noClasses().that(ProductModule.TERMINAL_APP.classes())
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the station's workflows are plain Java, tested without a screen")
                .check(PRODUCT);
    }

    @Test
    void terminalUiHasNoSql() {
        noClasses().that(ProductModule.TERMINAL_UI.classes())
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.flywaydb..")
                .because("the views reach the station's data through terminal-app and offline-store's typed tables")
                .check(PRODUCT);
    }

    @Test
    void terminalUiOpensNoCardSession() {
        noClasses().that(ProductModule.TERMINAL_UI.classes())
                .should().dependOnClassesThat().haveFullyQualifiedName(CARD_SESSION)
                .because("a visit's and the card office's card steps are decided in terminal-app's desks; the UI is a view")
                .check(PRODUCT);
    }

    @Test
    void terminalUiNeitherQueuesNorSendsOutboxMessages() {
        noClasses().that(ProductModule.TERMINAL_UI.classes())
                .should().callMethodWhere(DescribedPredicate.<JavaMethodCall>describe("an outbox send-path write", call ->
                        call.getTargetOwner().getName().equals("org.sscard.store.Outbox")
                                && OUTBOX_SEND_WRITES.contains(call.getName())))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.sscard.store.RecoveryOp")
                .because("what is sent and what the station records about it is decided in terminal-app, not in a view")
                .check(PRODUCT);
    }

    @Test
    void terminalUiWritesNoSettingsAuditOrOutboxEntries() {
        noClasses().that(ProductModule.TERMINAL_UI.classes())
                .should().callMethodWhere(DescribedPredicate.<JavaMethodCall>describe("a write of the store's settings,"
                        + " station state, audit log or outbox", call -> STORE_WRITES.getOrDefault(call.getTargetOwner().getName(),
                        Set.of()).contains(call.getName())))
                .because("what the station records is written by terminal-app's services; a screen calls them")
                .check(PRODUCT);
    }

    @Test
    void cardLibCarriesNoCommandLineJsonOrLoggingBackend() {
        noClasses().that(ProductModule.CARD_LIB.classes())
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml.jackson..", "ch.qos.logback..")
                .because("card-lib is a library: it logs through the SLF4J API; its command is module card-cli")
                .check(PRODUCT);
    }

    @Test
    void valuesDependOnTheJdkAlone() {
        noClasses().that(ProductModule.VALUES.classes())
                .should().dependOnClassesThat(not(resideInAnyPackage("java..", "org.sscard.values..")))
                .because("every module depends on values: money, ID and card numbers need nothing but the JDK")
                .check(PRODUCT);
    }

    @Test
    void modulesDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("values").definedBy(ProductModule.VALUES.classes())
                .layer("crypto").definedBy(ProductModule.CRYPTO.classes())
                .layer("key-ceremony").definedBy(ProductModule.KEY_CEREMONY.classes())
                .layer("card-lib").definedBy(ProductModule.CARD_LIB.classes())
                .layer("card-cli").definedBy(ProductModule.CARD_CLI.classes())
                .layer("offline-store").definedBy(ProductModule.OFFLINE_STORE.classes())
                .layer("settlement-protocol").definedBy(ProductModule.SETTLEMENT_PROTOCOL.classes())
                .layer("terminal-app").definedBy(ProductModule.TERMINAL_APP.classes())
                .layer("terminal-ui").definedBy(ProductModule.TERMINAL_UI.classes())
                .whereLayer("terminal-ui").mayNotBeAccessedByAnyLayer()
                .whereLayer("terminal-app").mayOnlyBeAccessedByLayers("terminal-ui")
                .whereLayer("card-cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("key-ceremony").mayNotBeAccessedByAnyLayer()
                .whereLayer("card-lib").mayOnlyBeAccessedByLayers("card-cli", "terminal-app", "terminal-ui")
                .whereLayer("offline-store").mayOnlyBeAccessedByLayers("terminal-app", "terminal-ui")
                .whereLayer("settlement-protocol").mayOnlyBeAccessedByLayers("terminal-app", "terminal-ui")
                .because("arrows between modules point one way; tools and the UI sit on top")
                .check(PRODUCT);
    }

    /**
     * Between modules Maven already forbids cycles; inside card-lib the packages (apdu, tlv, transport, session,
     * pcsc, ...) layer without one. terminal-app's and terminal-ui's packages still have cycles and are not held to this.
     */
    @Test
    void cardLibPackagesHaveNoCycles() {
        slices().matching("org.sscard.card.(*)..").should().beFreeOfCycles()
                .because("card-lib's packages build on each other one way, as the transport decorators do")
                .check(PRODUCT);
    }
}
