package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA key at rest: sealed with the passphrase, owner-only in an owner-only directory, old clear keys sealed. */
class CaKeyTest {
    private static final char[] PASSPHRASE = "a test CA passphrase".toCharArray();

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static CentralConfig config(Path dir, char[] passphrase) {
        return CentralConfig.of(dir).withCaPassphrase(passphrase.clone());
    }

    private static int health(CentralSim.Running c, String caPem) throws Exception {
        return TerminalClient.httpClient(CertificateAuthority.clientContext(caPem)).send(
                HttpRequest.newBuilder(c.baseUri().resolve("/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theKeyIsSealedOwnerOnlyAndOpensAgainWithItsPassphrase(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("central");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String caPem;
        try (CentralSim.Running c = CentralSim.start(config(dir, PASSPHRASE))) {
            caPem = c.caCertPem();
        }
        String key = Files.readString(dir.resolve(CertificateAuthority.CA_KEY_FILE), StandardCharsets.US_ASCII);
        assertTrue(key.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), key);
        assertEquals("rw-------", mode(dir.resolve(CertificateAuthority.CA_KEY_FILE)));
        assertEquals("rw-------", mode(dir.resolve(CentralKeys.PASSPHRASE_FILE)));
        assertEquals("rwx------", mode(dir));
        try (PEMParser p = new PEMParser(new StringReader(key))) {
            PKCS8EncryptedPrivateKeyInfo sealed = (PKCS8EncryptedPrivateKeyInfo) p.readObject();
            assertEquals("1.2.840.113549.1.5.13", sealed.getEncryptionAlgorithm().getAlgorithm().getId(), "PBES2");
            sealed.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider()).build(PASSPHRASE));
        }

        try (CentralSim.Running again = CentralSim.start(config(dir, PASSPHRASE))) {
            assertEquals(caPem, again.caCertPem(), "the same CA: stations keep their pinned ca.pem");
            assertEquals(200, health(again, caPem));
        }
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> CentralSim.start(config(dir, "not the passphrase".toCharArray())));
        assertTrue(wrong.getMessage().startsWith("ca-key.pem: cannot unseal the CA key with this passphrase"),
                wrong.getMessage());
        assertTrue(wrong.getMessage().contains(CentralConfig.CA_PASSPHRASE_ENV), wrong.getMessage());
    }

    @Test
    void aKeyLeftInClearBySomeEarlierVersionKeepsWorkingAndIsSealed(@TempDir Path dir) throws Exception {
        String caPem;
        try (CentralSim.Running c = CentralSim.start(config(dir, PASSPHRASE))) {
            caPem = c.caCertPem();
        }
        Path keyFile = dir.resolve(CertificateAuthority.CA_KEY_FILE);
        byte[] der;
        try (PEMParser p = new PEMParser(Files.newBufferedReader(keyFile))) {
            der = ((PKCS8EncryptedPrivateKeyInfo) p.readObject()).decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(new BouncyCastleProvider())
                            .build(PASSPHRASE)).getEncoded();
        }
        Files.writeString(keyFile, CertificateAuthority.pem("PRIVATE KEY", der), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        try (CentralSim.Running c = CentralSim.start(config(dir, PASSPHRASE))) {
            assertEquals(caPem, c.caCertPem());
            assertEquals(200, health(c, caPem), "the old CA still signs the server certificate");
        }
        String now = Files.readString(keyFile, StandardCharsets.US_ASCII);
        assertTrue(now.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), now);
        assertFalse(now.contains("BEGIN PRIVATE KEY"));
        assertEquals("rw-------", mode(keyFile));
    }

    @Test
    void aShortPassphraseIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CentralConfig.of(dir).withCaPassphrase("short".toCharArray()));
        assertEquals("the CA passphrase must have at least 8 characters", e.getMessage());
    }
}
