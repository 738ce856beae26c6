package org.sscard.terminal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sscard.protocol.PlatformProfile;

/**
 * A station's configuration, validated ({@link StationConfigLoader}). Paths are absolute (relative ones in the
 * file are resolved against the file's folder).
 *
 * @param institutionCode   fixmedins_code, 12 characters [A-Z0-9]; the first 12 characters of every msgid
 * @param institutionName   fixmedins_name
 * @param institutionLevel  1–3 (decides the pool-fund ratio at the central service)
 * @param treatmentRegion   mdtrtarea_admvs, the station's 6-digit administrative code (also the region of its local keys)
 * @param insuranceRegion   insuplc_admdvs used when the card does not say otherwise
 * @param deviceNumber      dev_no, names the station's enrolled signing key
 * @param receiverSystem    recer_sys_code
 * @param centralUrl        base URL of the central service (https unless {@code allowInsecureHttp})
 * @param centralCaFile     the only trust anchor for the link (PEM); null only with plain HTTP
 * @param allowInsecureHttp development only: permits an http:// URL
 * @param connectTimeout    TCP + TLS connect
 * @param readTimeout       waiting for bytes of the answer
 * @param callTimeout       the whole exchange
 * @param cardReader        PC/SC reader name for the patient's card (empty: first reader with a card)
 * @param keyStore          the software security module's key-store file
 * @param dataKeyVersion    version of the LOCAL DATA key sealing the store
 * @param deviceKeyVersion  version of the LOCAL DEVICE_SIGN key signing requests
 * @param storeFile         the station's SQLite file
 * @param offline           the offline debit limits
 * @param idleLock          an idle session locks after this long
 * @param psamReader        PC/SC reader name of the station's PSAM, which then does every card-key operation
 *                          (null: the card keys are in the software key store)
 * @param ledgerUrl         {@code hospital.ledger-url}: the hospital ledger's jdbc:postgresql:// URL, without
 *                          credentials (null: no ledger, the station alone keeps the books)
 * @param backupDir         {@code backup.folder}: where the scheduled backups are written (null: the folder
 *                          {@code backups} beside the store file)
 * @param backupCopyDir     {@code backup.copy-folder}: a second folder every backup is copied to, in practice a
 *                          mounted share (null: none)
 * @param profile           {@code central.profile}: the platform's envelope, signature and gateway headers
 * @param departments       {@code department.*} and {@code doctor.*}: the departments and doctors 2201 and 2204 name
 */
public record StationConfig(String institutionCode, String institutionName, int institutionLevel,
                            String treatmentRegion, String insuranceRegion, String deviceNumber, String receiverSystem,
                            URI centralUrl, Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout,
                            Duration readTimeout, Duration callTimeout, String cardReader, Path keyStore,
                            int dataKeyVersion, int deviceKeyVersion, Path storeFile, OfflineLimits offline,
                            Duration idleLock, String psamReader, String ledgerUrl, Path backupDir,
                            Path backupCopyDir, PlatformProfile profile, Departments departments) {

    /** A station with the default departments and doctors ({@link Departments#DEFAULTS}). */
    public StationConfig(String institutionCode, String institutionName, int institutionLevel, String treatmentRegion,
                         String insuranceRegion, String deviceNumber, String receiverSystem, URI centralUrl,
                         Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                         Duration callTimeout, String cardReader, Path keyStore, int dataKeyVersion,
                         int deviceKeyVersion, Path storeFile, OfflineLimits offline, Duration idleLock,
                         String psamReader, String ledgerUrl, Path backupDir, Path backupCopyDir, PlatformProfile profile) {
        this(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion, deviceNumber,
                receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, backupDir, backupCopyDir, profile, Departments.DEFAULTS);
    }

    /** A station on the national profile. */
    public StationConfig(String institutionCode, String institutionName, int institutionLevel, String treatmentRegion,
                         String insuranceRegion, String deviceNumber, String receiverSystem, URI centralUrl,
                         Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                         Duration callTimeout, String cardReader, Path keyStore, int dataKeyVersion,
                         int deviceKeyVersion, Path storeFile, OfflineLimits offline, Duration idleLock,
                         String psamReader, String ledgerUrl, Path backupDir, Path backupCopyDir) {
        this(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion, deviceNumber,
                receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, backupDir, backupCopyDir, PlatformProfile.NATIONAL);
    }

    /** A station with the default backup folder and no second copy. */
    public StationConfig(String institutionCode, String institutionName, int institutionLevel, String treatmentRegion,
                         String insuranceRegion, String deviceNumber, String receiverSystem, URI centralUrl,
                         Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                         Duration callTimeout, String cardReader, Path keyStore, int dataKeyVersion,
                         int deviceKeyVersion, Path storeFile, OfflineLimits offline, Duration idleLock,
                         String psamReader, String ledgerUrl) {
        this(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion, deviceNumber,
                receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, null, null);
    }

    /** A station without a hospital ledger. */
    public StationConfig(String institutionCode, String institutionName, int institutionLevel, String treatmentRegion,
                         String insuranceRegion, String deviceNumber, String receiverSystem, URI centralUrl,
                         Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                         Duration callTimeout, String cardReader, Path keyStore, int dataKeyVersion,
                         int deviceKeyVersion, Path storeFile, OfflineLimits offline, Duration idleLock,
                         String psamReader) {
        this(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion, deviceNumber,
                receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader, null);
    }

    /** A station without a PSAM: card keys in the software key store. */
    public StationConfig(String institutionCode, String institutionName, int institutionLevel, String treatmentRegion,
                         String insuranceRegion, String deviceNumber, String receiverSystem, URI centralUrl,
                         Path centralCaFile, boolean allowInsecureHttp, Duration connectTimeout, Duration readTimeout,
                         Duration callTimeout, String cardReader, Path keyStore, int dataKeyVersion,
                         int deviceKeyVersion, Path storeFile, OfflineLimits offline, Duration idleLock) {
        this(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion, deviceNumber,
                receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, null);
    }

    public Optional<String> cardReaderName() {
        return cardReader == null || cardReader.isBlank() ? Optional.empty() : Optional.of(cardReader);
    }

    public Optional<String> ledger() {
        return Optional.ofNullable(ledgerUrl);
    }

    /** The folder of the scheduled backups: {@code backup.folder}, else {@code backups} beside the store file. */
    public Path backupFolder() {
        return backupDir != null ? backupDir : storeFile.toAbsolutePath().resolveSibling("backups");
    }

    /** The second folder every backup is copied to, if set. */
    public Optional<Path> backupCopyFolder() {
        return Optional.ofNullable(backupCopyDir);
    }

    public StationConfig withBackupFolders(Path folder, Path copyFolder) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout,
                callTimeout, cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, folder, copyFolder, profile, departments);
    }

    public Optional<String> psamReaderName() {
        return psamReader == null || psamReader.isBlank() ? Optional.empty() : Optional.of(psamReader);
    }

    public StationConfig withPsamReader(String reader) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout,
                callTimeout, cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, reader,
                ledgerUrl, backupDir, backupCopyDir, profile, departments);
    }

    public StationConfig withCentral(URI url, Path caFile) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, url, caFile, allowInsecureHttp, connectTimeout, readTimeout, callTimeout,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader, ledgerUrl,
                backupDir, backupCopyDir, profile, departments);
    }

    public StationConfig withTimeouts(Duration connect, Duration read, Duration call) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connect, read, call,
                cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader, ledgerUrl,
                backupDir, backupCopyDir, profile, departments);
    }

    public StationConfig withOffline(OfflineLimits limits) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout,
                callTimeout, cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, limits, idleLock, psamReader,
                ledgerUrl, backupDir, backupCopyDir, profile, departments);
    }

    public StationConfig withProfile(PlatformProfile newProfile) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout,
                callTimeout, cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, backupDir, backupCopyDir, newProfile, departments);
    }

    public StationConfig withDepartments(Departments newDepartments) {
        return new StationConfig(institutionCode, institutionName, institutionLevel, treatmentRegion, insuranceRegion,
                deviceNumber, receiverSystem, centralUrl, centralCaFile, allowInsecureHttp, connectTimeout, readTimeout,
                callTimeout, cardReader, keyStore, dataKeyVersion, deviceKeyVersion, storeFile, offline, idleLock, psamReader,
                ledgerUrl, backupDir, backupCopyDir, profile, newDepartments);
    }
}
