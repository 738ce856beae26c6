package org.sscard.terminal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Sm2;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.ResponseHeader;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.values.Money;

/**
 * A scripted central service for MockWebServer: verifies each request's signature with the station key, records
 * it, and answers with the next scripted behaviour (default: a signed OK answer), signed with its own key.
 */
public final class FakeCentral extends Dispatcher {
    public static final KeyRef KEY = KeyRef.local(KeyType.DEVICE_SIGN, "440000", 1);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");

    public enum Behaviour { OK, HTTP_503, NO_RESPONSE, DISCONNECT, REFUSE_BUSINESS, REFUSE_INTERNAL, REFUSE_SIGN_IN, BAD_SIGNATURE }

    public record Seen(String infno, String msgid, Request<?> request) {
    }

    private final SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
    private final SoftwareSecurityModule forger = SoftwareSecurityModule.inMemory();
    private volatile Sm2.PublicKey stationKey;
    private final Deque<Behaviour> script = new ArrayDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private int sequence;
    /** Sign-ins answered: each gets its own sign_no, SN0001 first. */
    private final java.util.concurrent.atomic.AtomicInteger signIns = new java.util.concurrent.atomic.AtomicInteger();
    /** took_effect answered to reversals. */
    public volatile Flag reversalTookEffect = Flag.NO;
    /** The file a 9102 answers with, as it is (no envelope). */
    public volatile byte[] file = {'P', 'K', 5, 6};
    /** warn_msg put in every answer (none when null). */
    public volatile String warnMsg;
    /** False for a station on a platform profile whose requests carry no SM2 signature. */
    public volatile boolean stationSigns = true;

    public FakeCentral(Sm2.PublicKey stationKey) {
        module.generateLocalKey(KEY);
        forger.generateLocalKey(KEY);
        this.stationKey = stationKey;
    }

    /** Learns the station's signing key from its key store (as enrolment would have told it). */
    public void acceptStationKeyFrom(java.nio.file.Path keyStore, String passphrase) {
        SoftwareSecurityModule station = SoftwareSecurityModule.open(keyStore, passphrase.toCharArray());
        stationKey = station.publicKey(KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1));
    }

    public Sm2.PublicKey publicKey() {
        return module.publicKey(KEY);
    }

    public synchronized FakeCentral then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest recorded) {
        String path = recorded.getPath();
        if ("/api/v1/health".equals(path)) {
            return new MockResponse().setBody("{\"status\":\"ok\",\"time\":\"2025-03-14 09:30:15\"}");
        }
        if ("/api/v1/enrol".equals(path)) {
            return new MockResponse().setBody("{\"enrolled\":true,\"central_public_key_pem\":\""
                    + publicKey().pem().replace("\n", "\\n") + "\",\"station_no\":7}");
        }
        byte[] body = recorded.getBody().readByteArray();
        if (stationSigns) {
            MessageSigning.verify(body, stationKey);
        }
        Request<?> request = MessageCodec.readRequest(body);
        seen.add(new Seen(request.header().infno(), request.header().msgid(), request));
        Behaviour b;
        synchronized (this) {
            b = script.isEmpty() ? Behaviour.OK : script.poll();
        }
        if (request.input() instanceof FileTransfer.Download && (b == Behaviour.OK || b == Behaviour.BAD_SIGNATURE)) {
            byte[] content = file;
            return new MockResponse().setHeader("Content-Type", "application/zip")
                    .setHeader(FileTransfer.SIGNATURE_HEADER, MessageSigning.fileCainfo(content,
                            b == Behaviour.BAD_SIGNATURE ? forger : module, KEY))
                    .setBody(new okio.Buffer().write(content));
        }
        return switch (b) {
            case HTTP_503 -> new MockResponse().setResponseCode(503).setBody("service unavailable");
            case NO_RESPONSE -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            case DISCONNECT -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
            case REFUSE_BUSINESS -> answer(-6, "card lost: 卡已挂失", null, false);
            case REFUSE_INTERNAL -> answer(-9, "database unavailable", null, false);
            case REFUSE_SIGN_IN -> answer(-4, "sign_no: expired; sign in (9001) and send again", null, false);
            case BAD_SIGNATURE -> answer(0, null, output(request), true);
            case OK -> answer(0, null, output(request), false);
        };
    }

    private TransactionOutput output(Request<?> request) {
        TransactionInput in = request.input();
        if (in instanceof SignIn.Input) {
            return new SignIn.Output("2025-03-14 09:30:15", String.format("SN%04d", signIns.incrementAndGet()));
        }
        if (in instanceof Reversal.Input r) {
            return new Reversal.Output(r.omsgid(), r.oinfno(), reversalTookEffect);
        }
        if (in instanceof CardService.OfflineDebits d) {
            return new CardService.OfflineDebitResults(d.records().stream()
                    .map(x -> new CardService.OfflineDebitRow(x.termId(), x.termSeq(), OfflineDebitResult.ACCEPTED, null))
                    .toList());
        }
        if (in instanceof org.sscard.protocol.Settlement.Input st) {
            // 300.00: 20.00 class C, 10.00 over the cap, 5.00 pre-self-pay, 265.00 in scope; 70 % pool.
            Money z = Money.ZERO;
            return new SettlementResult(new SettlementResult.SetlInfo(st.mdtrtId(),
                    "S" + request.header().msgid().substring(18), null, st.psnNo(), null, null, null, null, null, null,
                    null, InsuType.EMPLOYEE, null, null, "2025-03-14 09:31:00", st.mdtrtCertType(), MedType.OUTPATIENT,
                    Money.parse("300.00"), Money.parse("20.00"), Money.parse("10.00"), Money.parse("5.00"),
                    Money.parse("265.00"), z, Money.parse("185.50"), Ratio.ofPercent(70), z, z, z, z, z, z,
                    Money.parse("185.50"), Money.parse("114.50"), Money.parse("114.50"), z, z, Money.parse("885.50"), z,
                    request.header().msgid(), null, null, ClrType.OUTPATIENT), List.of());
        }
        if (in instanceof CardService.StatusQuery q) {
            return new CardService.CardStatus(q.cardNo(), "440106D1560000050102030405060708",
                    org.sscard.protocol.CardState.ACTIVE, "2025-03-14 09:00:00");
        }
        throw new IllegalStateException("the fake central does not answer " + request.header().infno());
    }

    private MockResponse answer(int infcode, String errMsg, TransactionOutput output, boolean forge) {
        String now = LocalDateTime.of(2025, 3, 14, 9, 30, 16).format(MILLIS);
        int n;
        synchronized (this) {
            n = ++sequence;
        }
        ResponseHeader header = new ResponseHeader(infcode, "440000" + "20250314093016" + String.format("%010d", n),
                now, now, errMsg, warnMsg, "SM2", null);
        SoftwareSecurityModule signer = forge ? forger : module;
        byte[] bytes = MessageCodec.write(MessageSigning.sign(new Response<>(header, output), signer, KEY));
        return new MockResponse().setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(new okio.Buffer().write(bytes));
    }

    /** Applies {@code f} to every recorded request's msgid. */
    public List<String> msgids(Function<Seen, Boolean> filter) {
        return seen().stream().filter(filter::apply).map(Seen::msgid).toList();
    }
}
