package org.sscard.centralsim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central's own certificate authority (ECDSA P-256): created on first start as {@code ca.pem} and
 * {@code ca-key.pem} in the data directory; on every start it issues a fresh server certificate for
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the configured host names. The key file is sealed with the
 * CA passphrase (PKCS#8 encrypted PEM: PBKDF2-HMAC-SHA256, AES-256-CBC) and owner-only; a key found in clear (from
 * before sealing) is sealed on the next start.
 */
final class CertificateAuthority {
    static final String CA_CERT_FILE = "ca.pem";
    static final String CA_KEY_FILE = "ca-key.pem";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] IN_MEMORY_PASSWORD = "central-sim".toCharArray();
    private static final int PBKDF2_ITERATIONS = 200_000;
    /** Bouncy Castle for the PEM encryption (the JDK has no AES/CBC/PKCS7Padding by that name). */
    private static final Provider BC = new BouncyCastleProvider();
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

    private final X509Certificate caCert;
    private final PrivateKey caKey;

    private CertificateAuthority(X509Certificate caCert, PrivateKey caKey) {
        this.caCert = caCert;
        this.caKey = caKey;
    }

    /** Loads the CA from {@code dataDir}, creating it on first start. */
    static CertificateAuthority loadOrCreate(Path dataDir, char[] passphrase) {
        Path certFile = dataDir.resolve(CA_CERT_FILE);
        Path keyFile = dataDir.resolve(CA_KEY_FILE);
        try {
            OwnerOnly.directory(dataDir);
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
                return new CertificateAuthority(cert, readKey(keyFile, passphrase));
            }
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=sscard central-sim CA,O=sscard demo");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(pair.getPrivate())));
            OwnerOnly.write(keyFile, sealed(pair.getPrivate(), passphrase));
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            return new CertificateAuthority(cert, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the CA in " + dataDir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create or load the CA: " + e.getMessage(), e);
        }
    }

    /** The key as sealed PEM ({@code ENCRYPTED PRIVATE KEY}). */
    private static String sealed(PrivateKey key, char[] passphrase) throws OperatorCreationException, IOException {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(BC).setPRF(PKCS8Generator.PRF_HMACSHA256).setIterationCount(PBKDF2_ITERATIONS)
                .setRandom(RANDOM)
                .setPassword(passphrase).build();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, encryptor));
        }
        return out.toString();
    }

    /**
     * Reads the sealed key; a key in clear (written before keys were sealed) is read and sealed in place, with a
     * log line saying so.
     */
    private static PrivateKey readKey(Path keyFile, char[] passphrase) throws IOException, OperatorCreationException {
        Object pem;
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII))) {
            pem = parser.readObject();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo sealed) {
            try {
                return converter.getPrivateKey(sealed.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase)));
            } catch (PKCSException e) {
                throw new IllegalStateException(CA_KEY_FILE + ": cannot unseal the CA key with this passphrase; give"
                        + " the one it was sealed with (--ca-passphrase-file FILE or " + CentralConfig.CA_PASSPHRASE_ENV
                        + "), or move the data directory's ca.pem and ca-key.pem away to make a new CA (stations then"
                        + " need the new ca.pem)");
            }
        }
        if (pem instanceof PrivateKeyInfo clear) {
            PrivateKey key = converter.getPrivateKey(clear);
            OwnerOnly.write(keyFile, sealed(key, passphrase));
            LOG.warn("{} was stored in clear; it is now sealed with the CA passphrase", CA_KEY_FILE);
            return key;
        }
        throw new IllegalStateException(CA_KEY_FILE + ": not a private key in PEM; move ca.pem and ca-key.pem away"
                + " to make a new CA (stations then need the new ca.pem)");
    }

    X509Certificate certificate() {
        return caCert;
    }

    String certificatePem() {
        try {
            return pem("CERTIFICATE", caCert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS server context holding a fresh server key and a certificate for the given host names. */
    SSLContext serverContext(List<String> hostNames) {
        try {
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))),
                    new X500Name("CN=localhost,O=sscard demo"), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
            names.addAll(hostNames);
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                san.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(caKey)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", pair.getPrivate(), IN_MEMORY_PASSWORD, new X509Certificate[] {cert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, RANDOM);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the server certificate: " + e.getMessage(), e);
        }
    }

    /** A client TLS context whose only trust anchor is the CA in {@code caPem} (what a terminal pins). */
    static SSLContext clientContext(String caPem) {
        try {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("central-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable CA certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

}
