package org.sscard.centralsim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How to start a central service. {@code port} 0 picks a free port; {@code adminPort} −1 means no admin
 * endpoint (0 picks a free loopback port); {@code demoManifest} null loads no persons or cards; {@code threads}
 * run requests; {@code httpLimits} bound what a connection may take (timeouts, header size, connections);
 * {@code caPassphrase} seals the CA key.
 */
public record CentralConfig(Path dataDir, int port, boolean insecureHttp, List<String> hostNames, List<Fault> faults,
        Path demoManifest, int adminPort, Clock clock, Duration signInValidity, int threads, HttpLimits httpLimits, char[] caPassphrase) {

    public static final Duration DEFAULT_SIGN_IN_VALIDITY = Duration.ofHours(12);
    /** The environment variable holding the passphrase that seals the CA key. */
    public static final String CA_PASSPHRASE_ENV = "CENTRAL_SIM_CA_PASSPHRASE";
    /** The passphrase when none is given: fine for the demo and tests, never for a CA anyone relies on. */
    public static final String DEMO_CA_PASSPHRASE = "central-sim demo CA";

    public CentralConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("a data directory is required (--data DIR)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("admin port must be 0..65535 (or -1 for none)");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256");
        }
        if (httpLimits == null) {
            throw new IllegalArgumentException("HTTP limits required");
        }
        if (caPassphrase == null || caPassphrase.length < 8) {
            throw new IllegalArgumentException("the CA passphrase must have at least 8 characters");
        }
        hostNames = List.copyOf(hostNames);
        faults = List.copyOf(faults);
    }

    /** HTTPS on a free port, no demo data, no admin endpoint, the system clock. */
    public static CentralConfig of(Path dataDir) {
        return new CentralConfig(dataDir, 0, false, List.of(), List.of(), null, -1, Clock.systemDefaultZone(),
                DEFAULT_SIGN_IN_VALIDITY, 8, HttpLimits.DEFAULT, defaultCaPassphrase());
    }

    public CentralConfig withPort(int newPort) {
        return new CentralConfig(dataDir, newPort, insecureHttp, hostNames, faults, demoManifest, adminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withInsecureHttp(boolean insecure) {
        return new CentralConfig(dataDir, port, insecure, hostNames, faults, demoManifest, adminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withHostNames(List<String> names) {
        return new CentralConfig(dataDir, port, insecureHttp, names, faults, demoManifest, adminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withFaults(List<Fault> newFaults) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, newFaults, demoManifest, adminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withDemoManifest(Path manifest) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, manifest, adminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withAdminPort(int newAdminPort) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, demoManifest, newAdminPort, clock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withClock(Clock newClock) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, demoManifest, adminPort, newClock,
                signInValidity, threads, httpLimits, caPassphrase);
    }

    public CentralConfig withThreads(int newThreads) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, demoManifest, adminPort, clock,
                signInValidity, newThreads, httpLimits, caPassphrase);
    }

    public CentralConfig withHttpLimits(HttpLimits limits) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, demoManifest, adminPort, clock,
                signInValidity, threads, limits, caPassphrase);
    }

    public CentralConfig withCaPassphrase(char[] passphrase) {
        return new CentralConfig(dataDir, port, insecureHttp, hostNames, faults, demoManifest, adminPort, clock,
                signInValidity, threads, httpLimits, passphrase);
    }

    /** {@value #CA_PASSPHRASE_ENV} when set, else {@value #DEMO_CA_PASSPHRASE}. */
    static char[] defaultCaPassphrase() {
        String env = System.getenv(CA_PASSPHRASE_ENV);
        return (env == null || env.isEmpty() ? DEMO_CA_PASSPHRASE : env).toCharArray();
    }
}
