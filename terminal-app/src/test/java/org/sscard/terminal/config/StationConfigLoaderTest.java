package org.sscard.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.PlatformProfile;
import org.sscard.values.Money;

class StationConfigLoaderTest {
    @TempDir
    Path dir;

    static final String SAMPLE = """
            institution.code=H44010600001
            institution.name=广州市第一人民医院
            institution.level=2
            region.mdtrtarea_admvs=440106
            region.insuplc_admdvs=440100
            device.number=DEV-0001
            central.url=https://localhost:8443
            central.ca-file=ca.pem
            central.recer-sys-code=GDYB
            reader.card=Virtual PCD 00 00
            keystore.path=station.keys
            store.path=station.db
            """;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-");
        Files.writeString(dir.resolve("station.keys"), "-");
    }

    private StationConfig load(String text) throws Exception {
        Path file = dir.resolve("station.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return StationConfigLoader.load(file);
    }

    private ConfigException problems(String text) {
        return assertThrows(ConfigException.class, () -> load(text));
    }

    @Test
    void sampleLoadsWithTheDefaultsOfDomainSection6() throws Exception {
        StationConfig c = load(SAMPLE);
        assertEquals("广州市第一人民医院", c.institutionName());
        assertEquals(2, c.institutionLevel());
        assertEquals(dir.resolve("station.db").toAbsolutePath().normalize(), c.storeFile());
        assertEquals(OfflineLimits.DEFAULTS, c.offline());
        assertEquals(20_000, c.offline().perTransaction().fen());
        assertEquals(Duration.ofMinutes(5), c.idleLock());
        assertEquals("Virtual PCD 00 00", c.cardReaderName().orElseThrow());
    }

    @Test
    void insuranceRegionDefaultsToTheTreatmentRegion() throws Exception {
        assertEquals("440106", load(SAMPLE.replace("region.insuplc_admdvs=440100\n", "")).insuranceRegion());
    }

    @Test
    void departmentsAndDoctorsAreReadOrTheDefaultsKept() throws Exception {
        assertEquals(Departments.DEFAULTS, load(SAMPLE).departments());
        Departments d = load(SAMPLE + "department.D01=内科门诊,A03\ndoctor.D440106000001=李医生\n").departments();
        assertEquals(new Departments.Department("D01", "内科门诊", "A03"), d.department("D01").orElseThrow());
        assertEquals("D440106000001", d.doctorCode("李医生").orElseThrow());
        assertTrue(d.department("OUTPATIENT").isEmpty(), "a file with departments lists them all");
        ConfigException e = problems(SAMPLE + "department.D01=内科门诊\ndoctor.A=李医生\ndoctor.B=李医生\n");
        assertTrue(e.problems().contains("department.D01: must be <name>,<科别> (the department's name, at most 100"
                + " characters, and its 科别 code, at most 6), e.g. 内科门诊,A03"), e.getMessage());
        assertTrue(e.problems().contains("doctor.B: 李医生 is already the name of doctor.A (a registration names its"
                + " doctor by name)"), e.getMessage());
    }

    @Test
    void offlineLimitsAreReadInYuan() throws Exception {
        StationConfig c = load(SAMPLE + "offline.max-per-transaction=150.50\noffline.max-queued-records=100\noffline.max-queued-age=PT48H\n");
        assertEquals(15_050, c.offline().perTransaction().fen());
        assertEquals(100, c.offline().queuedRecords());
        assertEquals(Duration.ofHours(48), c.offline().maxQueuedAge());
    }

    @Test
    void aSettingGivenTwiceIsRefusedWithBothLines() {
        ConfigException e = problems(SAMPLE + "# a later edit\ncentral.url=https://other:8443\n");
        assertEquals(java.util.List.of("central.url: set twice, on line 7 and on line 14; keep one of them"),
                e.problems());
        ConfigException spaced = problems("institution.level = 2\n" + SAMPLE.replace("institution.level=2\n", "")
                + "institution.level:3\n");
        assertTrue(spaced.problems().contains("institution.level: set twice, on line 1 and on line 13; keep one of"
                + " them"), spaced.getMessage());
    }

    @Test
    void continuedLinesAndCommentsAreNotTakenForRepeats() throws Exception {
        StationConfig c = load(SAMPLE.replace("institution.name=广州市第一人民医院\n", "institution.name=广州市\\\n"
                + "    第一人民医院\n# institution.name=旧名\n! institution.level=3\n"));
        assertEquals("广州市第一人民医院", c.institutionName());
        assertEquals(2, c.institutionLevel());
        ConfigException e = problems(SAMPLE.replace("institution.name=广州市第一人民医院\n", "institution.name=广州市\\\n"
                + "    第一人民医院\n") + "institution.name=别名\n");
        assertTrue(e.problems().contains("institution.name: set twice, on line 2 and on line 14; keep one of them"),
                e.getMessage());
    }

    @Test
    void credentialsInAUrlAreRefusedAndNotEchoed() {
        ConfigException e = problems(SAMPLE.replace("https://localhost:8443", "https://user:s3cret@localhost:8443/"));
        assertEquals(java.util.List.of("central.url: a URL must not carry a user name or password"
                + " (user:password@host); credentials belong in the station's key store, not in this file, which is"
                + " copied and read by many"), e.problems());
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
        ConfigException userOnly = problems(SAMPLE.replace("https://localhost:8443", "https://user@localhost:8443"));
        assertTrue(userOnly.problems().get(0).startsWith("central.url: a URL must not carry"), userOnly.getMessage());
        ConfigException other = problems(SAMPLE + "hospital.ledger-url=jdbc:postgresql://ledger:pw@db.local/ledger\n");
        assertTrue(other.problems().contains("hospital.ledger-url: a URL must not carry a user name or password"
                + " (user:password@host); credentials belong in the station's key store, not in this file, which is"
                + " copied and read by many"), other.getMessage());
    }

    @Test
    void theHospitalLedgerIsOffUnlessItsUrlIsGivenAndThenItMustBeAPostgresqlUrlWithoutCredentials() throws Exception {
        assertTrue(load(SAMPLE).ledger().isEmpty());
        assertEquals("jdbc:postgresql://ledger.hospital:5432/ledger", load(SAMPLE
                + "hospital.ledger-url=jdbc:postgresql://ledger.hospital:5432/ledger\n").ledger().orElseThrow());
        assertTrue(problems(SAMPLE + "hospital.ledger-url=https://ledger.hospital/ledger\n").problems().get(0)
                .startsWith("hospital.ledger-url: must be jdbc:postgresql://host:port/database"));
        ConfigException e = problems(SAMPLE + "hospital.ledger-url=jdbc:postgresql://db/ledger?ssl=true&password=s3cret\n");
        assertEquals(java.util.List.of("hospital.ledger-url: must not carry a user name or password (user=, password=);"
                + " the station takes them from its secrets (SSCARD_LEDGER_USER, SSCARD_LEDGER_PASSWORD)"), e.problems());
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void backupsGoBesideTheStoreUnlessAFolderIsGivenAndTheSecondCopyMustBeAnotherFolder() throws Exception {
        StationConfig plain = load(SAMPLE);
        assertEquals(dir.resolve("backups").toAbsolutePath().normalize(), plain.backupFolder());
        assertTrue(plain.backupCopyFolder().isEmpty());
        StationConfig both = load(SAMPLE + "backup.folder=bak\nbackup.copy-folder=/mnt/share/sscard\n");
        assertEquals(dir.resolve("bak").toAbsolutePath().normalize(), both.backupFolder());
        assertEquals(Path.of("/mnt/share/sscard"), both.backupCopyFolder().orElseThrow());
        ConfigException same = problems(SAMPLE + "backup.copy-folder=backups\n");
        assertTrue(same.getMessage().contains("backup.copy-folder"), same.getMessage());
    }

    @Test
    void anAtSignAfterTheHostIsNoCredential() throws Exception {
        assertEquals("/api@v1", load(SAMPLE.replace("https://localhost:8443", "https://localhost:8443/api@v1"))
                .centralUrl().getPath());
    }

    @Test
    void plainHttpNeedsTheExplicitFlag() throws Exception {
        ConfigException e = problems(SAMPLE.replace("https://localhost:8443", "http://localhost:8080"));
        assertTrue(e.problems().contains("central.url: must be https unless central.allow-insecure-http=true"), e.getMessage());
        StationConfig c = load(SAMPLE.replace("https://localhost:8443", "http://localhost:8080")
                + "central.allow-insecure-http=true\n");
        assertTrue(c.allowInsecureHttp());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        ConfigException e = problems(SAMPLE.replace("H44010600001", "h4401").replace("level=2", "level=4")
                .replace("ca.pem", "missing.pem") + "offline.max-per-transaction=2e2\nsession.idle-lock=5m\nreader.psam=Virtual PCD 00 00\nsurprise=1\n");
        String m = e.getMessage();
        assertTrue(m.contains("institution.code: must be the 12-character institution code"), m);
        assertTrue(m.contains("institution.level: must be 1 to 3, got 4"), m);
        assertTrue(m.contains("central.ca-file: no such file"), m);
        assertTrue(m.contains("offline.max-per-transaction: must be an amount in yuan"), m);
        assertTrue(m.contains("session.idle-lock: must be an ISO-8601 duration"), m);
        assertTrue(m.contains("reader.psam: must be another reader than reader.card"), m);
        assertTrue(m.contains("surprise: unknown setting"), m);
        assertEquals(7, e.problems().size(), m);
    }

    @Test
    void thePlatformProfileIsNationalUnlessNamedAndItsFormOfTheInstitutionCodeIsChecked() throws Exception {
        assertEquals(PlatformProfile.NATIONAL, load(SAMPLE).profile());
        assertEquals(PlatformProfile.HEBEI, load(SAMPLE + "central.profile=hebei\n").profile());
        assertEquals(PlatformProfile.GUANGZHOU, load(SAMPLE + "central.profile=guangzhou\n").profile());
        assertEquals(List.of("central.profile: unknown platform profile; one of national, hebei, guangzhou"),
                problems(SAMPLE + "central.profile=shanghai\n").problems());
        assertEquals(List.of("institution.code: must be H and 11 digits on the hebei platform (central.profile)"),
                problems(SAMPLE.replace("H44010600001", "A44010600001") + "central.profile=hebei\n").problems());
    }

    @Test
    void aPsamReaderIsOptional() throws Exception {
        assertTrue(load(SAMPLE).psamReaderName().isEmpty());
        assertEquals("Virtual PCD 00 01", load(SAMPLE + "reader.psam=Virtual PCD 00 01\n").psamReaderName().orElseThrow());
    }

    @Test
    void requiredSettingsAreNamed() {
        ConfigException e = problems("institution.code=H44010600001\n");
        assertTrue(e.problems().contains("device.number: required"), e.getMessage());
        assertTrue(e.problems().contains("central.url: required"), e.getMessage());
        assertTrue(e.problems().contains("store.path: required"), e.getMessage());
    }
}
