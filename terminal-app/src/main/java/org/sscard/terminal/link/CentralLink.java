package org.sscard.terminal.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request.Builder;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.OpterType;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.SignIns;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.config.StationConfig;

/**
 * The station's link to the central service (docs/central-transport.md): builds requests from the protocol's
 * records, signs them with the station's DEVICE_SIGN key, sends them over TLS that trusts only the pinned CA,
 * verifies every answer with the central service's key (received at enrolment) and reports a
 * {@link LinkOutcome}. OkHttp never repeats a request on its own ({@code retryOnConnectionFailure(false)}):
 * whether to send again is the caller's decision, made from the outcome.
 */
public final class CentralLink {
    /** The setting holding the central service's SM2 public key (PEM), written at enrolment. */
    public static final String CENTRAL_KEY_SETTING = "link.central_public_key";
    private static final String NOT_ENROLLED =
            "the station is not enrolled with the central service: an administrator must run 'terminal enrol' first";
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Logger LOG = LoggerFactory.getLogger(CentralLink.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StationConfig config;
    private final SecurityModule module;
    private final StationStore store;
    private final Clock clock;
    private final OkHttpClient http;
    private final HttpUrl base;
    private final MsgIds msgIds;
    private final KeyRef deviceKey;
    private final List<Consumer<LinkOutcome<?>>> listeners = new CopyOnWriteArrayList<>();
    /** The parsed central key with the PEM it came from: verification reuses the point's precomputation. */
    private volatile Map.Entry<String, Sm2.PublicKey> parsedCentralKey;

    public CentralLink(StationConfig config, SecurityModule module, StationStore store, Clock clock, OkHttpClient http) {
        this.config = config;
        this.module = module;
        this.store = store;
        this.clock = clock;
        this.http = http;
        String url = config.centralUrl().toString();
        this.base = HttpUrl.get(url.endsWith("/") ? url : url + "/");
        this.msgIds = new MsgIds(config.institutionCode(), store.settings(), clock, MsgIds.markFileOf(config));
        this.deviceKey = deviceKeyRef(config);
    }

    /** An HTTP client with the configured timeouts that trusts only the pinned CA and never retries by itself. */
    public static OkHttpClient httpClient(StationConfig config) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .protocols(List.of(Protocol.HTTP_1_1));
        if (config.centralCaFile() != null) {
            PinnedTls tls = PinnedTls.fromPem(config.centralCaFile());
            b.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
        }
        return b.build();
    }

    public static KeyRef deviceKeyRef(StationConfig config) {
        return KeyRef.local(KeyType.DEVICE_SIGN, config.treatmentRegion(), config.deviceKeyVersion());
    }

    public KeyRef deviceKey() {
        return deviceKey;
    }

    public MsgIds msgIds() {
        return msgIds;
    }

    HttpUrl base() {
        return base;
    }

    OkHttpClient http() {
        return http;
    }

    /** Called with every outcome of {@link #send} (the link monitor listens here). */
    public void addOutcomeListener(Consumer<LinkOutcome<?>> listener) {
        listeners.add(listener);
    }

    /** The central service's public key, or empty before enrolment. */
    public Optional<Sm2.PublicKey> centralKey() {
        return store.settings().getString(CENTRAL_KEY_SETTING).map(pem -> {
            Map.Entry<String, Sm2.PublicKey> parsed = parsedCentralKey;
            if (parsed == null || !parsed.getKey().equals(pem)) {
                parsed = Map.entry(pem, Sm2.PublicKey.fromPem(pem));
                parsedCentralKey = parsed;
            }
            return parsed.getValue();
        });
    }

    /** The sign-in number of the last successful 9001, if any. */
    public Optional<String> signNo() {
        return store.signIns().last().map(SignIns.SignIn::signNo);
    }

    /** Builds and signs a request with a fresh msgid (stored before it is returned, so it is never issued twice). */
    public <I extends TransactionInput> PreparedMessage prepare(Transaction<I, ?> transaction, I input, Opter opter) {
        return prepare(transaction, input, opter, config.insuranceRegion());
    }

    /** As {@link #prepare(Transaction, TransactionInput, Opter)} with the insured person's region from the card. */
    public <I extends TransactionInput> PreparedMessage prepare(Transaction<I, ?> transaction, I input, Opter opter,
            String insuranceRegion) {
        centralKey().orElseThrow(() -> new LinkException(NOT_ENROLLED));
        requireSignedIn(transaction);
        return prepare(transaction, input, opter, insuranceRegion, msgIds.next());
    }

    /**
     * As above with a msgid reserved earlier from {@link #msgIds()} (and never sent): lets a caller record the
     * msgid before building the message, so a crash in between never leads to two messages for one purpose.
     */
    public <I extends TransactionInput> PreparedMessage prepare(Transaction<I, ?> transaction, I input, Opter opter,
            String insuranceRegion, String reservedMsgid) {
        String signNo = requireSignedIn(transaction);
        RequestHeader header = new RequestHeader(transaction.infno(), reservedMsgid, config.treatmentRegion(),
                insuranceRegion, config.receiverSystem(), config.deviceNumber(), null, null, RequestHeader.SIGNTYPE_SM2,
                RequestHeader.INFVER, OpterType.STAFF, opter.id(), opter.name(), LocalDateTime.now(clock).format(INF_TIME),
                config.institutionCode(), config.institutionName(), signNo);
        return sign(new Request<>(header, input));
    }

    /** The sign-in number a request of {@code transaction} carries (null for 9001); refuses before a sign-in. */
    private String requireSignedIn(Transaction<?, ?> transaction) {
        return Transaction.SIGN_IN.equals(transaction) ? null : signNo().orElseThrow(() -> new LinkException(
                "the station is not signed in with the central service: sign in (9001) first"));
    }

    /**
     * The same request as {@code storedRequest} under a new msgid, the current sign-in number and time, signed
     * again: used to submit again what a reversal undid.
     */
    public PreparedMessage reissue(byte[] storedRequest, String reservedMsgid) {
        return reissue(MessageCodec.readRequest(storedRequest), reservedMsgid);
    }

    private <I extends TransactionInput> PreparedMessage reissue(Request<I> old, String reservedMsgid) {
        RequestHeader h = old.header();
        String signNo = Transaction.SIGN_IN.infno().equals(h.infno()) ? null : signNo().orElseThrow(() ->
                new LinkException("the station is not signed in with the central service: sign in (9001) first"));
        RequestHeader header = new RequestHeader(h.infno(), reservedMsgid, h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(), h.infver(), h.opterType(), h.opter(),
                h.opterName(), LocalDateTime.now(clock).format(INF_TIME), h.fixmedinsCode(), h.fixmedinsName(), signNo);
        return sign(new Request<>(header, old.input()));
    }

    private <I extends TransactionInput> PreparedMessage sign(Request<I> request) {
        request.validate();
        Request<I> signed = MessageSigning.sign(request, module, deviceKey);
        return new PreparedMessage(signed.header().msgid(), signed.header().infno(), MessageCodec.write(signed));
    }

    /** Prepares and sends in one step (for transactions that are not kept in the outbox, e.g. queries). */
    public <I extends TransactionInput, O extends TransactionOutput> LinkOutcome<O> call(Transaction<I, O> transaction,
            I input, Opter opter) {
        return send(transaction, prepare(transaction, input, opter));
    }

    /** 9001 sign-in; on success the {@code sign_no} is kept for every later request. */
    public LinkOutcome<SignIn.Output> signIn(Opter opter, String mac, String ip) {
        LinkOutcome<SignIn.Output> outcome = call(Transaction.SIGN_IN, new SignIn.Input(opter.id(), mac, ip), opter);
        if (outcome instanceof LinkOutcome.Answered<SignIn.Output> a) {
            String signNo = a.output().signNo();
            store.signIns().record(new SignIns.SignIn(signNo, opter.id(), opter.name(), mac, ip, clock.instant()));
            store.audit().record(opter.id(), "link.signin", config.deviceNumber(), "sign_no=" + signNo);
        }
        return outcome;
    }

    /**
     * The stored request {@code stored} with the same msgid and input, stamped with the time now and the current
     * sign-in number and signed again. The central service leaves {@code inf_time}, {@code sign_no} and
     * {@code cainfo} out of its idempotency hash, so this is the same message to it; without the new stamp a
     * message queued more than 5 minutes ago, or before the last sign-in, would be refused (−3 / −4).
     */
    public PreparedMessage restamp(PreparedMessage stored) {
        return reissue(stored.body(), stored.msgid());
    }

    /**
     * Sends a stored message re-stamped ({@link #restamp}); if the central service answers −4 (sign-in missing or
     * expired), signs in again once as the operator of the last 9001 and sends it again, re-stamped.
     */
    public <O extends TransactionOutput> LinkOutcome<O> resend(Transaction<?, O> transaction, PreparedMessage stored) {
        LinkOutcome<O> outcome = send(transaction, restamp(stored));
        if (outcome instanceof LinkOutcome.Refused<O> r && r.code() == InfCode.SIGN_IN_REQUIRED && signInAgain()) {
            outcome = send(transaction, restamp(stored));
        }
        return outcome;
    }

    /** Repeats the last successful 9001 (same operator, MAC and IP); false if there was none or it failed. */
    public boolean signInAgain() {
        Optional<SignIns.SignIn> by = store.signIns().last();
        if (by.isEmpty()) {
            LOG.warn("the central service asks for a new sign-in, but the station has never signed in");
            return false;
        }
        SignIns.SignIn last = by.get();
        LinkOutcome<SignIn.Output> outcome = signIn(new Opter(last.opterId(), last.opterName()), last.mac(), last.ip());
        if (!(outcome instanceof LinkOutcome.Answered)) {
            LOG.warn("signing in again failed: {}", LogText.redact(outcome.message()));
            return false;
        }
        return true;
    }

    /** Sends a prepared request once and classifies what happened. */
    public <O extends TransactionOutput> LinkOutcome<O> send(Transaction<?, O> transaction, PreparedMessage message) {
        if (!transaction.infno().equals(message.infno())) {
            throw new IllegalArgumentException("message " + message.msgid() + " is a " + message.infno()
                    + ", not a " + transaction.infno());
        }
        Sm2.PublicKey centralKey = centralKey().orElseThrow(() -> new LinkException(NOT_ENROLLED));
        LinkOutcome<O> outcome = exchange(transaction, message, centralKey);
        LOG.info("{} {}: {}", message.infno(), message.msgid(), LogText.redact(outcome.message()));
        for (Consumer<LinkOutcome<?>> l : listeners) {
            l.accept(outcome);
        }
        return outcome;
    }

    private <O extends TransactionOutput> LinkOutcome<O> exchange(Transaction<?, O> transaction, PreparedMessage message,
            Sm2.PublicKey centralKey) {
        String msgid = message.msgid();
        SendTracker tracker = new SendTracker();
        OkHttpClient client = http.newBuilder().eventListener(tracker).build();
        okhttp3.Request request = new Builder().url(base.resolve("api/v1/" + message.infno()))
                .post(RequestBody.create(message.body(), JSON)).build();
        byte[] body;
        int status;
        try (Response response = client.newCall(request).execute()) {
            status = response.code();
            ResponseBody rb = response.body();
            body = rb == null ? new byte[0] : rb.bytes();
        } catch (IOException e) {
            return failure(msgid, e, tracker.requestStarted);
        }
        if (status >= 500) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.SERVER_ERROR,
                    "the central service failed with HTTP " + status);
        }
        if (status != 200) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "unexpected HTTP " + status + " from the central service");
        }
        try {
            MessageSigning.verify(body, centralKey);
        } catch (ProtocolException e) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the answer is not signed by the enrolled central service (" + e.getMessage() + ")");
        }
        org.sscard.protocol.Response<O> parsed;
        try {
            parsed = MessageCodec.readResponse(body, transaction);
        } catch (ProtocolException e) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the answer is not a valid " + transaction.infno() + " response (" + e.getMessage() + ")");
        }
        if (parsed.ok()) {
            return new LinkOutcome.Answered<>(msgid, parsed.header(), parsed.output(), body);
        }
        return new LinkOutcome.Refused<>(msgid, parsed.header().code(), parsed.header().errMsg(), body);
    }

    private static <O extends TransactionOutput> LinkOutcome<O> failure(String msgid, IOException e, boolean requestStarted) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!requestStarted) {
            String reason = e instanceof SSLException
                    ? "TLS handshake failed: the server is not the central service of the pinned CA (" + what + ")"
                    : "cannot connect to the central service (" + what + ")";
            return new LinkOutcome.NotSent<>(msgid, reason);
        }
        if (e instanceof InterruptedIOException) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.TIMEOUT, "no answer in time (" + what + ")");
        }
        return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.CONNECTION_LOST, "the connection broke (" + what + ")");
    }

    /** GET /api/v1/health: true if the central service answers 200 with status ok. */
    public boolean probe() {
        okhttp3.Request request = new Builder().url(base.resolve("api/v1/health")).get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody rb = response.body();
            if (response.code() != 200 || rb == null) {
                return false;
            }
            JsonNode node = MAPPER.readTree(rb.bytes());
            return node != null && "ok".equals(node.path("status").asText());
        } catch (IOException e) {
            LOG.debug("health probe failed: {}", e.toString());
            return false;
        }
    }

    /** Where the link points, for status output. */
    public URI centralUrl() {
        return config.centralUrl();
    }

    /**
     * Records whether any byte of the request may have been written: once OkHttp starts writing the request
     * headers, the central service may have received the request.
     */
    private static final class SendTracker extends EventListener {
        volatile boolean requestStarted;

        @Override
        public void requestHeadersStart(Call call) {
            requestStarted = true;
        }

        @Override
        public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException ioe) {
            LOG.debug("connect to {} failed: {}", address, ioe.toString());
        }
    }
}
