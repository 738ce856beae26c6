package org.sscard.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.net.URL;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.sscard.card.cli.SsCard;
import org.sscard.card.session.CardSession;
import org.sscard.crypto.SecurityModule;
import org.sscard.keyceremony.SsKey;
import org.sscard.protocol.CanonicalJson;
import org.sscard.store.Outbox;
import org.sscard.terminal.Station;
import org.sscard.terminal.ui.StationApp;
import org.sscard.values.Money;

/**
 * The shipped modules, each known by where its main classes were loaded from (its classes folder or jar), not
 * by package: terminal-ui's {@code org.sscard.terminal.ui} sits inside terminal-app's {@code org.sscard.terminal},
 * card-cli's {@code org.sscard.card.cli} inside card-lib's {@code org.sscard.card}. Test classes are not imported,
 * so tests may use the simulators.
 */
enum ProductModule {
    VALUES("values", Money.class),
    CRYPTO("crypto", SecurityModule.class),
    KEY_CEREMONY("key-ceremony", SsKey.class),
    CARD_LIB("card-lib", CardSession.class),
    CARD_CLI("card-cli", SsCard.class),
    OFFLINE_STORE("offline-store", Outbox.class),
    SETTLEMENT_PROTOCOL("settlement-protocol", CanonicalJson.class),
    TERMINAL_APP("terminal-app", Station.class),
    TERMINAL_UI("terminal-ui", StationApp.class);

    private final String artifact;
    private final URL location;
    private Set<String> classNames;

    ProductModule(String artifact, Class<?> anyMainClass) {
        this.artifact = artifact;
        this.location = anyMainClass.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Every product module's main classes, imported once. */
    static JavaClasses importAll() {
        Set<Location> locations = Arrays.stream(values()).map(module -> Location.of(module.location)).collect(Collectors.toSet());
        return new ClassFileImporter().importLocations(locations);
    }

    /** The classes of this module: those found under its own classes folder or jar. */
    DescribedPredicate<JavaClass> classes() {
        Set<String> names = classNames();
        return DescribedPredicate.describe("are in " + artifact, javaClass -> names.contains(javaClass.getName()));
    }

    synchronized Set<String> classNames() {
        if (classNames == null) {
            classNames = new ClassFileImporter().importLocations(Set.of(Location.of(location))).stream()
                    .map(JavaClass::getName).collect(Collectors.toUnmodifiableSet());
        }
        return classNames;
    }
}
