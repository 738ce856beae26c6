package org.sscard.crypto;

import java.time.Instant;
import java.util.List;

/** What may be known of a held key: never its bytes. */
public record KeyInfo(KeyRef ref, String algorithm, String kcv, boolean testKey, List<String> custodians,
                      Instant loadedAt) {
}
