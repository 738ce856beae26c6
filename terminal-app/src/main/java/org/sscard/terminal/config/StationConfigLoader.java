package org.sscard.terminal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.sscard.protocol.PlatformProfile;
import org.sscard.values.Money;

/**
 * Reads a station configuration from a Java properties file (UTF-8) and validates every setting, collecting all
 * problems before failing, each named by its key. The keys are listed in docs/terminal.md.
 */
public final class StationConfigLoader {
    private static final Pattern INSTITUTION = Pattern.compile("[A-Z0-9]{12}");
    private static final Pattern ADMIN_CODE = Pattern.compile("[1-9][0-9]{5}");
    /** scheme://user@… or scheme://user:password@… (jdbc:postgresql://… too), before the first '/' of the path. */
    private static final Pattern URL_WITH_CREDENTIALS = Pattern.compile("^[A-Za-z][A-Za-z0-9+.:-]*://[^/?#]*@");
    private static final Pattern LEDGER_URL = Pattern.compile("jdbc:postgresql://[^/?#@\\s]+/[^/?#\\s]+(\\?[^#\\s]*)?");
    private static final Pattern LEDGER_CREDENTIAL = Pattern.compile("[?&](user|password)=", Pattern.CASE_INSENSITIVE);
    private static final Set<String> KNOWN = Set.of("institution.code", "institution.name", "institution.level",
            "region.mdtrtarea_admvs", "region.insuplc_admdvs", "device.number", "central.url", "central.ca-file",
            "central.allow-insecure-http", "central.recer-sys-code", "central.profile", "central.connect-timeout", "central.read-timeout",
            "central.call-timeout", "reader.card", "reader.psam", "keystore.path", "keystore.data-key-version",
            "keystore.device-key-version", "store.path", "offline.max-per-transaction", "offline.max-per-card-per-day",
            "offline.max-queued-amount", "offline.max-queued-records", "offline.max-queued-age",
            "offline.blacklist-max-age", "session.idle-lock", "hospital.ledger-url",
            "backup.folder", "backup.copy-folder");

    private static final String DEPARTMENT = "department.";
    private static final String DOCTOR = "doctor.";

    private final Properties props;
    private final Path base;
    private final List<String> problems = new ArrayList<>();

    private StationConfigLoader(Properties props, Path base) {
        this.props = props;
        this.base = base;
    }

    /**
     * Reads and validates {@code file}; relative paths inside are resolved against the file's folder. A setting given
     * twice is refused with both lines (Java's properties would silently keep the last).
     */
    public static StationConfig load(Path file) {
        String source = file.getFileName().toString();
        Properties p = new Properties();
        List<String> duplicates;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            p.load(new StringReader(text));
            duplicates = duplicates(text);
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot be read: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, List.of("is not a properties file: " + e.getMessage()));
        }
        if (!duplicates.isEmpty()) {
            throw new ConfigException(source, duplicates);
        }
        Path parent = file.toAbsolutePath().getParent();
        return from(p, parent, source);
    }

    /**
     * The keys set more than once, each with the lines of its first and its repeated setting. The text is cut into
     * the logical lines of {@link Properties#load(Reader)} (comments, blank lines, lines continued by a trailing
     * backslash), and each is read on its own so that its key is spelt exactly as Properties reads it.
     */
    private static List<String> duplicates(String text) throws IOException {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            int start = i;
            String first = lines[i].stripLeading();
            if (first.isEmpty() || first.startsWith("#") || first.startsWith("!")) {
                i++;
                continue;
            }
            StringBuilder logical = new StringBuilder(lines[i]);
            while (continues(lines[i]) && i + 1 < lines.length) {
                i++;
                logical.append('\n').append(lines[i]);
            }
            i++;
            Properties one = new Properties();
            one.load(new StringReader(logical.toString()));
            for (String key : one.stringPropertyNames()) {
                Integer earlier = firstLine.putIfAbsent(key, start + 1);
                if (earlier != null) {
                    problems.add(key + ": set twice, on line " + earlier + " and on line " + (start + 1)
                            + "; keep one of them");
                }
            }
        }
        return problems;
    }

    /** A line ending in an odd number of backslashes goes on to the next line. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Validates properties already read; {@code base} resolves relative paths. */
    public static StationConfig from(Properties properties, Path base, String source) {
        StationConfigLoader l = new StationConfigLoader(properties, base);
        StationConfig config = l.build();
        if (!l.problems.isEmpty()) {
            throw new ConfigException(source, l.problems);
        }
        return config;
    }

    private StationConfig build() {
        Set<String> unknown = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (!KNOWN.contains(key) && !key.startsWith(DEPARTMENT) && !key.startsWith(DOCTOR)) {
                unknown.add(key);
            }
        }
        unknown.forEach(k -> problems.add(k + ": unknown setting (misspelt?)"));
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (URL_WITH_CREDENTIALS.matcher(props.getProperty(key).trim()).find()) {
                problems.add(key + ": a URL must not carry a user name or password (user:password@host); credentials"
                        + " belong in the station's key store, not in this file, which is copied and read by many");
            }
        }

        String code = matching("institution.code", INSTITUTION, "must be the 12-character institution code [A-Z0-9]");
        String name = text("institution.name", 200);
        int level = (int) number("institution.level", null, 1, 3);
        String treatment = matching("region.mdtrtarea_admvs", ADMIN_CODE, "must be a 6-digit administrative code");
        String insurance = optional("region.insuplc_admdvs") == null ? treatment
                : matching("region.insuplc_admdvs", ADMIN_CODE, "must be a 6-digit administrative code");
        String device = text("device.number", 100);
        String receiver = text("central.recer-sys-code", 10);
        PlatformProfile profile = PlatformProfile.NATIONAL;
        String profileName = optional("central.profile");
        if (profileName != null) {
            profile = PlatformProfile.named(profileName).orElse(null);
            if (profile == null) {
                problems.add("central.profile: unknown platform profile; one of " + PlatformProfile.names());
            }
        }
        if (profile != null && code != null && !profile.acceptsInstitutionCode(code)) {
            problems.add("institution.code: must be " + profile.institutionCodeRule() + " on the " + profile.name()
                    + " platform (central.profile)");
        }
        boolean insecure = bool("central.allow-insecure-http", false);
        URI url = url(insecure);
        Path ca = null;
        if (optional("central.ca-file") != null) {
            ca = path("central.ca-file", true);
        } else if (url != null && "https".equals(url.getScheme())) {
            problems.add("central.ca-file: required for https (the central service's CA certificate, PEM)");
        }
        Duration connect = duration("central.connect-timeout", Duration.ofSeconds(5));
        Duration read = duration("central.read-timeout", Duration.ofSeconds(30));
        Duration call = duration("central.call-timeout", Duration.ofSeconds(45));
        if (connect != null && read != null && call != null && call.compareTo(connect) < 0) {
            problems.add("central.call-timeout: must not be shorter than central.connect-timeout");
        }
        String cardReader = optional("reader.card");
        String psamReader = optional("reader.psam");
        if (psamReader != null && psamReader.equals(cardReader)) {
            problems.add("reader.psam: must be another reader than reader.card (the PSAM stays in its own slot)");
        }
        Path keyStore = path("keystore.path", true);
        int dataKey = (int) number("keystore.data-key-version", 1L, 0, 255);
        int deviceKey = (int) number("keystore.device-key-version", 1L, 0, 255);
        Path store = path("store.path", false);
        if (store != null && store.getParent() != null && !Files.isDirectory(store.getParent())) {
            problems.add("store.path: the folder " + store.getParent() + " does not exist");
        }
        OfflineLimits d = OfflineLimits.DEFAULTS;
        OfflineLimits offline = new OfflineLimits(
                yuan("offline.max-per-transaction", d.perTransaction()),
                yuan("offline.max-per-card-per-day", d.perCardPerDay()),
                yuan("offline.max-queued-amount", d.queuedAmount()),
                number("offline.max-queued-records", d.queuedRecords(), 0, 100_000),
                duration("offline.max-queued-age", d.maxQueuedAge()),
                duration("offline.blacklist-max-age", d.blacklistMaxAge()));
        Duration idle = duration("session.idle-lock", Duration.ofMinutes(5));
        if (idle != null && idle.compareTo(Duration.ofMinutes(30)) > 0) {
            problems.add("session.idle-lock: at most PT30M (the regulations require locking an unattended station)");
        }
        String ledger = optional("hospital.ledger-url");
        if (ledger != null && !LEDGER_URL.matcher(ledger).matches()) {
            problems.add("hospital.ledger-url: must be jdbc:postgresql://host:port/database (the hospital ledger;"
                    + " leave it out for a station on its own)");
        } else if (ledger != null && LEDGER_CREDENTIAL.matcher(ledger).find()) {
            problems.add("hospital.ledger-url: must not carry a user name or password (user=, password=); the station"
                    + " takes them from its secrets (SSCARD_LEDGER_USER, SSCARD_LEDGER_PASSWORD)");
        }
        Path backupFolder = optional("backup.folder") == null ? null : path("backup.folder", false);
        Path backupCopy = optional("backup.copy-folder") == null ? null : path("backup.copy-folder", false);
        if (backupCopy != null && backupCopy.equals(backupFolder != null ? backupFolder
                : store == null ? null : store.resolveSibling("backups"))) {
            problems.add("backup.copy-folder: must be another folder than the backups themselves (in practice a mounted"
                    + " share), or left out");
        }
        Departments departments = departments();
        if (!problems.isEmpty()) {
            return null;
        }
        return new StationConfig(code, name, level, treatment, insurance, device, receiver, url, ca, insecure, connect,
                read, call, cardReader, keyStore, dataKey, deviceKey, store, offline, idle, psamReader, ledger,
                backupFolder, backupCopy, profile, departments);
    }

    /** {@code department.<code>=<name>,<科别>} and {@code doctor.<code>=<name>}, as 2201 and 2204 send them. */
    private Departments departments() {
        Map<String, Departments.Department> departments = new LinkedHashMap<>();
        Map<String, String> doctors = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            String value = props.getProperty(key).trim();
            if (key.startsWith(DEPARTMENT)) {
                String deptCode = key.substring(DEPARTMENT.length());
                String[] parts = value.split(",", -1);
                if (deptCode.isEmpty() || deptCode.length() > 30) {
                    problems.add(key + ": the department code must be 1 to 30 characters");
                } else if (parts.length != 2 || parts[0].isBlank() || parts[0].trim().length() > 100
                        || parts[1].isBlank() || parts[1].trim().length() > 6) {
                    problems.add(key + ": must be <name>,<科别> (the department's name, at most 100 characters, and"
                            + " its 科别 code, at most 6), e.g. 内科门诊,A03");
                } else {
                    departments.put(deptCode, new Departments.Department(deptCode, parts[0].trim(), parts[1].trim()));
                }
            } else if (key.startsWith(DOCTOR)) {
                String doctorCode = key.substring(DOCTOR.length());
                if (doctorCode.isEmpty() || doctorCode.length() > 30) {
                    problems.add(key + ": the doctor code must be 1 to 30 characters");
                } else if (value.isEmpty() || value.length() > 50) {
                    problems.add(key + ": must be the doctor's name, 1 to 50 characters");
                } else if (doctors.putIfAbsent(value, doctorCode) != null) {
                    problems.add(key + ": " + value + " is already the name of doctor." + doctors.get(value)
                            + " (a registration names its doctor by name)");
                }
            }
        }
        return Departments.of(departments, doctors);
    }

    private String optional(String key) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String required(String key) {
        String v = optional(key);
        if (v == null) {
            problems.add(key + ": required");
        }
        return v;
    }

    private String text(String key, int max) {
        String v = required(key);
        if (v != null && v.length() > max) {
            problems.add(key + ": at most " + max + " characters");
            return null;
        }
        return v;
    }

    private String matching(String key, Pattern pattern, String rule) {
        String v = required(key);
        if (v != null && !pattern.matcher(v).matches()) {
            problems.add(key + ": " + rule + ", got '" + v + "'");
            return null;
        }
        return v;
    }

    private long number(String key, Long defaultValue, long min, long max) {
        String v = defaultValue == null ? required(key) : optional(key);
        if (v == null) {
            return defaultValue == null ? min : defaultValue;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                problems.add(key + ": must be " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number, got '" + v + "'");
            return min;
        }
    }

    private boolean bool(String key, boolean defaultValue) {
        String v = optional(key);
        if (v == null) {
            return defaultValue;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            problems.add(key + ": must be true or false, got '" + v + "'");
            return defaultValue;
        }
        return lower.equals("true");
    }

    private Duration duration(String key, Duration defaultValue) {
        String v = optional(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                problems.add(key + ": must be positive, got '" + v + "'");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(key + ": must be an ISO-8601 duration such as PT30S or PT72H, got '" + v + "'");
            return null;
        }
    }

    /** An amount in yuan with at most two decimals ("200", "199.99"). */
    private Money yuan(String key, Money defaultAmount) {
        String v = optional(key);
        if (v == null) {
            return defaultAmount;
        }
        Money amount;
        try {
            amount = Money.parse(v);
        } catch (IllegalArgumentException e) {
            amount = null;
        }
        if (amount == null || amount.isNegative()) {
            problems.add(key + ": must be an amount in yuan with at most two decimals (e.g. 200 or 199.50), got '" + v
                    + "'");
            return defaultAmount;
        }
        return amount;
    }

    private Path path(String key, boolean mustExist) {
        String v = required(key);
        if (v == null) {
            return null;
        }
        Path p = base.resolve(v).toAbsolutePath().normalize();
        if (mustExist && !Files.isRegularFile(p)) {
            problems.add(key + ": no such file " + p);
        }
        return p;
    }

    private URI url(boolean insecure) {
        String v = required("central.url");
        if (v == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            problems.add("central.url: not a URL: " + e.getReason());
            return null;
        }
        if (uri.getHost() == null) {
            problems.add("central.url: must name a host, e.g. https://central.example:8443");
            return null;
        }
        if ("http".equals(uri.getScheme())) {
            if (!insecure) {
                problems.add("central.url: must be https unless central.allow-insecure-http=true");
                return null;
            }
        } else if (!"https".equals(uri.getScheme())) {
            problems.add("central.url: must be an https URL, got scheme '" + uri.getScheme() + "'");
            return null;
        }
        return uri;
    }
}
