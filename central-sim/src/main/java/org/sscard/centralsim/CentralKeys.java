package org.sscard.centralsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm2;

/**
 * The central's own SM2 response-signing key, in a sealed key store {@code central-keys.sks} in the data
 * directory. Its passphrase is generated on first start into {@code central-keys.pass} (owner-only):
 * acceptable for a simulator, where the point is the protocol, not protecting the key at rest.
 */
final class CentralKeys {
    static final String STORE_FILE = "central-keys.sks";
    static final String PASSPHRASE_FILE = "central-keys.pass";
    static final KeyRef SIGNING_KEY = KeyRef.local(KeyType.DEVICE_SIGN, "000000", 1);

    final SoftwareSecurityModule module;

    private CentralKeys(SoftwareSecurityModule module) {
        this.module = module;
    }

    static CentralKeys loadOrCreate(Path dataDir) {
        Path store = dataDir.resolve(STORE_FILE);
        Path passFile = dataDir.resolve(PASSPHRASE_FILE);
        try {
            if (Files.exists(store)) {
                char[] pass = Files.readString(passFile, StandardCharsets.US_ASCII).trim().toCharArray();
                return new CentralKeys(SoftwareSecurityModule.open(store, pass));
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            OwnerOnly.write(passFile, pass + "\n");
            SoftwareSecurityModule module = SoftwareSecurityModule.create(store, pass.toCharArray());
            module.generateLocalKey(SIGNING_KEY);
            return new CentralKeys(module);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the central key store in " + dataDir, e);
        }
    }

    Sm2.PublicKey publicKey() {
        return module.publicKey(SIGNING_KEY);
    }
}
