package org.sscard.card.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyDiversification;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;
import org.sscard.crypto.TestKeys;

/**
 * The test card the replay scripts in {@code src/test/resources/replay} describe (region 440106, card
 * number A12345674), and the cryptograms a genuine card of that identity computes, from the national test
 * keys derived down to the card.
 */
final class TestCard {
    static final HexFormat HEX = HexFormat.of().withUpperCase();
    static final CardIdentificationCode ID = CardIdentificationCode.ofHex("440106D1560000050102030405060708");
    static final long RANDOM_SEED = 7;
    static final String CHALLENGE = "1122334455667788";

    final BlockAlgorithm alg;
    final Map<String, String> vars = new HashMap<>();

    TestCard(BlockAlgorithm alg) {
        this.alg = alg;
        vars.put("ALG", String.format("%02X", alg.cardAlgorithmId()));
        vars.put("FCI_SSSE", hex(fci(Application.SSSE.aid(), alg.cardAlgorithmId())));
        vars.put("FCI_MEDICAL", hex(fci(Application.MEDICAL.aid(), alg.cardAlgorithmId())));
        vars.put("CHALLENGE", CHALLENGE);
        byte[] internalData = internalAuthData();
        vars.put("INT_DATA", hex(internalData));
        vars.put("INT_AUTH", hex(CardCryptograms.authCryptogram(alg, cardKey(KeyType.INTERNAL_AUTH), internalData)));
        byte[] ext = CardCryptograms.authCryptogram(alg, cardKey(KeyType.EXTERNAL_AUTH), HEX.parseHex(CHALLENGE));
        vars.put("EXT_AUTH", String.format("%02X", ext.length) + hex(ext));
        vars.put("KEY_VERSION", alg == BlockAlgorithm.SM4 ? "03" : "01");
    }

    /** The INTERNAL AUTHENTICATE data a session seeded with {@link #RANDOM_SEED} sends. */
    static byte[] internalAuthData() {
        byte[] data = new byte[8];
        new Random(RANDOM_SEED).nextBytes(data);
        return data;
    }

    static byte[] fci(byte[] aid, int algorithmId) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.write(0x84);
        inner.write(aid.length);
        inner.writeBytes(aid);
        inner.writeBytes(new byte[] {(byte) 0xA5, 0x06, (byte) 0x9F, 0x0C, 0x03, (byte) 0x86, 0x01, (byte) algorithmId});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x6F);
        out.write(inner.size());
        out.writeBytes(inner.toByteArray());
        return out.toByteArray();
    }

    byte[] cardKey(KeyType type) {
        return KeyDiversification.nationalToCard(alg, TestKeys.national(type, alg), ID);
    }

    /** MAC(K_card, challenge, hex) as the card checks it. */
    String mac(KeyType type, String hexInput) {
        return hex(Macs.cardMac(alg, cardKey(type), HEX.parseHex(CHALLENGE), HEX.parseHex(hexInput.replace(" ", ""))));
    }

    CardSession session(ReplayTransport transport) {
        return new CardSession(transport, TestKeys.module(), new Random(RANDOM_SEED));
    }

    /** Concatenates replay scripts from {@code /replay/} and binds this card's variables (plus {@code extra}). */
    ReplayTransport replay(Map<String, String> extra, String... scripts) {
        StringBuilder text = new StringBuilder();
        for (String script : scripts) {
            try (InputStream in = TestCard.class.getResourceAsStream("/replay/" + script)) {
                if (in == null) {
                    throw new IllegalArgumentException("no replay script " + script);
                }
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> all = new HashMap<>(vars);
        all.putAll(extra);
        return ReplayTransport.fromText(String.join("+", scripts), text.toString(), all);
    }

    ReplayTransport replay(String... scripts) {
        return replay(Map.of(), scripts);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
