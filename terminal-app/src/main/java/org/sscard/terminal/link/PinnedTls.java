package org.sscard.terminal.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS that trusts only the certificates of one PEM file (the central service's CA); the system trust store is not used. */
public final class PinnedTls {
    private final SSLContext context;
    private final X509TrustManager trustManager;

    private PinnedTls(SSLContext context, X509TrustManager trustManager) {
        this.context = context;
        this.trustManager = trustManager;
    }

    public static PinnedTls fromPem(Path caFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new LinkException("central.ca-file: cannot read the CA certificate " + caFile.getFileName()
                    + " (" + e.getMessage() + "); copy the central service's ca.pem to the station again", e);
        }
        if (certificates.isEmpty()) {
            throw new LinkException("central.ca-file: " + caFile.getFileName() + " holds no certificate;"
                    + " copy the central service's ca.pem to the station again");
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                anchors.setCertificateEntry("central-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            X509TrustManager tm = null;
            for (TrustManager m : tmf.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    tm = x;
                }
            }
            if (tm == null) {
                throw new LinkException("no X.509 trust manager is available in this Java runtime");
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return new PinnedTls(ctx, tm);
        } catch (IOException | GeneralSecurityException e) {
            throw new LinkException("cannot set up TLS with the pinned CA: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return context;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }
}
