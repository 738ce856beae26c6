package org.sscard.terminal.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request.Builder;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OpterType;
import org.sscard.protocol.PlatformProfile;
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
 * The station's link to the central service (docs/central-transport.md, docs/terminal.md §2): builds requests from
 * the protocol's records, signs them with the station's DEVICE_SIGN key and sends them through one path,
 * {@link #send}: an ordered chain of {@link LinkInterceptor}s (listeners, sign-in renewal, retry of what was not sent,
 * re-stamping and signing, logging, timing) ending on the wire, over TLS that trusts only the pinned CA; every answer
 * is verified with the central service's key (received at enrolment) and named as a {@link LinkOutcome}, which
 * {@link CentralOutcome} classifies for the outbox. OkHttp never repeats a request on its own
 * ({@code retryOnConnectionFailure(false)}): only the chain's interceptors and the callers do, by the rules there.
 */
public final class CentralLink {
    /** The setting holding the central service's SM2 public key (PEM), written at enrolment. */
    public static final String CENTRAL_KEY_SETTING = "link.central_public_key";
    /** The gateway's application id and token of a profile with {@code x-tif-*} headers (station secrets). */
    public static final String GATEWAY_PAASID = "SSCARD_GATEWAY_PAASID";
    public static final String GATEWAY_TOKEN = "SSCARD_GATEWAY_TOKEN";
    private static final SecureRandom NONCES = new SecureRandom();
    private static final String NOT_ENROLLED =
            "the station is not enrolled with the central service: an administrator must run 'terminal enrol' first";
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Logger LOG = LoggerFactory.getLogger(CentralLink.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Before the one more try of a message whose connection failed at once (a central service restarting). */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final StationConfig config;
    private final SecurityModule module;
    private final StationStore store;
    private final Clock clock;
    private final OkHttpClient http;
    private final HttpUrl base;
    private final MsgIds msgIds;
    private final KeyRef deviceKey;
    private final List<Consumer<LinkOutcome<?>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> warningListeners = new CopyOnWriteArrayList<>();
    /** The parsed central key with the PEM it came from: verification reuses the point's precomputation. */
    private volatile Map.Entry<String, Sm2.PublicKey> parsedCentralKey;
    private final List<LinkInterceptor> interceptors;
    private final InterceptorChain.Wire wire;
    private volatile ClockCheck clockCheck;
    private final PlatformProfile profile;
    private final String gatewayPaasid;
    private final String gatewayToken;

    public CentralLink(StationConfig config, SecurityModule module, StationStore store, Clock clock, OkHttpClient http) {
        this(config, module, store, clock, http, System.getenv());
    }

    /** As above with the gateway's secrets ({@link #GATEWAY_PAASID}, {@link #GATEWAY_TOKEN}) from {@code secrets}. */
    public CentralLink(StationConfig config, SecurityModule module, StationStore store, Clock clock, OkHttpClient http,
            Map<String, String> secrets) {
        this.config = config;
        this.profile = config.profile();
        this.gatewayPaasid = secrets.get(GATEWAY_PAASID);
        this.gatewayToken = secrets.get(GATEWAY_TOKEN);
        this.module = module;
        this.store = store;
        this.clock = clock;
        this.http = http;
        String url = config.centralUrl().toString();
        this.base = HttpUrl.get(url.endsWith("/") ? url : url + "/");
        this.msgIds = new MsgIds(config.institutionCode(), store.settings(), store.msgIdBlocks(), clock,
                MsgIds.markFileOf(config));
        this.deviceKey = deviceKeyRef(config);
        this.interceptors = buildInterceptors();
        this.wire = new HttpWire(http, base, profile.signedAnswers()
                ? () -> centralKey().orElseThrow(() -> new LinkException(NOT_ENROLLED)) : null, this::gatewayHeaders,
                this::warned);
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

    /**
     * Called with the {@code warn_msg} of every answer that carries one (a notice from the platform for the operator,
     * on a success as on a refusal; it changes nothing in the answer).
     */
    public void addWarningListener(Consumer<String> listener) {
        warningListeners.add(listener);
    }

    private void warned(String warnMsg) {
        for (Consumer<String> l : warningListeners) {
            l.accept(warnMsg);
        }
    }

    /** The {@code x-tif-*} headers of one POST now (none on a profile without a gateway). */
    private Map<String, String> gatewayHeaders() {
        byte[] nonce = new byte[8];
        NONCES.nextBytes(nonce);
        return profile.gatewayHeaders(gatewayPaasid, gatewayToken, clock.instant().getEpochSecond(),
                HexFormat.of().formatHex(nonce));
    }

    /**
     * Refuses to build or send before the station can be understood: on a profile with signed answers, before
     * enrolment (no central key); behind a gateway, without its application id and token.
     */
    private void requireReady() {
        if (profile.signedAnswers()) {
            centralKey().orElseThrow(() -> new LinkException(NOT_ENROLLED));
        }
        if (profile.gatewayHeaders() && (blank(gatewayPaasid) || blank(gatewayToken))) {
            throw new LinkException("the " + profile.name() + " platform's gateway needs the station's application id"
                    + " and token: set " + GATEWAY_PAASID + " and " + GATEWAY_TOKEN);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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

    /** The clock check of this process's last successful sign-in (empty before one, or when its answer had no time). */
    public Optional<ClockCheck> clockCheck() {
        return Optional.ofNullable(clockCheck);
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
        requireReady();
        requireSignedIn(transaction.infno());
        return prepare(transaction, input, opter, insuranceRegion, msgIds.next());
    }

    /**
     * As above with a msgid reserved earlier from {@link #msgIds()} (and never sent): lets a caller record the
     * msgid before building the message, so a crash in between never leads to two messages for one purpose.
     */
    public <I extends TransactionInput> PreparedMessage prepare(Transaction<I, ?> transaction, I input, Opter opter,
            String insuranceRegion, String reservedMsgid) {
        String signNo = requireSignedIn(transaction.infno());
        RequestHeader header = new RequestHeader(transaction.infno(), reservedMsgid, config.treatmentRegion(),
                insuranceRegion, profile.receiverRegion(config.insuranceRegion()),
                profile.receiverSystem(config.receiverSystem(), input), config.deviceNumber(), null, null,
                profile.signtype(), profile.infver(), OpterType.STAFF, opter.id(), opter.name(), LocalDateTime.now(clock).format(INF_TIME),
                config.institutionCode(), config.institutionName(), signNo);
        return sign(new Request<>(header, input));
    }

    /** The sign-in number a request of {@code infno} carries (null for 9001); refuses before a sign-in. */
    private String requireSignedIn(String infno) {
        return Transaction.SIGN_IN.infno().equals(infno) ? null : signNo().orElseThrow(() -> new LinkException(
                "the station is not signed in with the central service: sign in (9001) first"));
    }

    /**
     * The same request as {@code storedRequest} under a new msgid, the current sign-in number and time, signed
     * again: used to submit again what a reversal undid.
     */
    public PreparedMessage reissue(byte[] storedRequest, String reservedMsgid) {
        return stamp(MessageCodec.readStoredRequest(storedRequest), reservedMsgid);
    }

    private <I extends TransactionInput> PreparedMessage stamp(Request<I> old, String msgid) {
        RequestHeader h = old.header();
        String signNo = requireSignedIn(h.infno());
        // a request an earlier version stored under the guangzhou profile lacks recer_admdvs: it gets the station's
        String receiverRegion = h.recerAdmdvs() != null ? h.recerAdmdvs() : profile.receiverRegion(config.insuranceRegion());
        RequestHeader header = new RequestHeader(h.infno(), msgid, h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                receiverRegion, h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(), h.infver(),
                h.opterType(), h.opter(), h.opterName(), LocalDateTime.now(clock).format(INF_TIME), h.fixmedinsCode(),
                h.fixmedinsName(), signNo);
        Request<I> again = new Request<>(header, old.input());
        again.validateStored();
        return sealed(again);
    }

    private <I extends TransactionInput> PreparedMessage sign(Request<I> request) {
        request.validate();
        return sealed(request);
    }

    private <I extends TransactionInput> PreparedMessage sealed(Request<I> request) {
        return new PreparedMessage(request.header().msgid(), request.header().infno(),
                profile.seal(request, module, deviceKey));
    }

    /**
     * Sends one message through the interceptor chain ({@link #interceptors()}) and names what happened. This is the
     * only way a message reaches the central service; {@link #call} and {@link #signIn} are typed helpers over it.
     * A message of the outbox may be sent again with its stored bytes: it is re-stamped on the way out if it needs it.
     */
    public <O extends TransactionOutput> LinkOutcome<O> send(CentralRequest<O> request) {
        requireReady();
        return InterceptorChain.run(interceptors, request, wire);
    }

    /**
     * The concerns of every send, outermost first: the listeners hear the outcome after the chain did what it could;
     * a −4 leads to one new sign-in and one more send of the same msgid; a message not sent at all is tried once more;
     * a stale stamp is renewed and signed again (so also the resend after a new sign-in); each exchange on the wire
     * is logged and timed.
     */
    List<LinkInterceptor> interceptors() {
        return interceptors;
    }

    private List<LinkInterceptor> buildInterceptors() {
        return List.of(
                new OutcomeListeners(listeners),
                new SignInRenewal(this::signNo, this::renewSignIn),
                new TransportRetry(RETRY_PAUSE),
                new Signing(clock, this::signNo, stored -> stamp(stored, stored.header().msgid())),
                new Logging(),
                new Timing(config.readTimeout().dividedBy(2)));
    }

    /** The configuration of the station this link speaks for. */
    public StationConfig config() {
        return config;
    }

    /** Prepares and sends in one step (for transactions that are not kept in the outbox, e.g. queries). */
    public <I extends TransactionInput, O extends TransactionOutput> LinkOutcome<O> call(Transaction<I, O> transaction,
            I input, Opter opter) {
        return call(transaction, input, opter, config.insuranceRegion());
    }

    /** As {@link #call(Transaction, TransactionInput, Opter)} with the insured person's region from the card. */
    public <I extends TransactionInput, O extends TransactionOutput> LinkOutcome<O> call(Transaction<I, O> transaction,
            I input, Opter opter, String insuranceRegion) {
        return send(new CentralRequest<>(transaction, prepare(transaction, input, opter, insuranceRegion)));
    }

    /**
     * 9001 sign-in; on success the {@code sign_no} is kept for every later request, and the station's clock is
     * compared with the central service's ({@link #clockCheck()}; a clock more than a minute off is logged).
     */
    public LinkOutcome<SignIn.Output> signIn(Opter opter, String mac, String ip) {
        LinkOutcome<SignIn.Output> outcome = call(Transaction.SIGN_IN, new SignIn.Input(opter.id(), mac, ip), opter);
        if (outcome instanceof LinkOutcome.Answered<SignIn.Output> a) {
            ClockCheck.of(a.header(), LocalDateTime.now(clock)).ifPresent(check -> {
                clockCheck = check;
                store.signIns().recordClockCheck(new SignIns.ClockOffset(check.offset(), check.station()));
                if (check.off()) {
                    LOG.warn("sign-in (9001): {}", check.warning());
                }
            });
            String signNo = a.output().signNo();
            store.signIns().record(new SignIns.SignIn(signNo, opter.id(), opter.name(), mac, ip, clock.instant()));
            store.audit().record(opter.id(), "link.signin", config.deviceNumber(), "sign_no=" + signNo);
        }
        return outcome;
    }

    /**
     * After a −4 to a message sent with {@code refusedSignNo}: repeats the last successful 9001 (same operator, MAC
     * and IP) unless another send signed in again meanwhile. False if there was no sign-in to repeat or it failed.
     */
    private synchronized boolean renewSignIn(String refusedSignNo) {
        if (!Objects.equals(signNo().orElse(null), refusedSignNo)) {
            return true;
        }
        Optional<SignIns.SignIn> by = store.signIns().last();
        if (by.isEmpty()) {
            LOG.warn("the central service asks for a new sign-in, but the station has never signed in");
            return false;
        }
        SignIns.SignIn last = by.get();
        LinkOutcome<SignIn.Output> outcome;
        try {
            outcome = signIn(new Opter(last.opterId(), last.opterName()), last.mac(), last.ip());
        } catch (ProtocolException e) {
            // a sign-in recorded without a repeatable operator, MAC and IP (set at enrolment, not by a 9001)
            LOG.warn("the central service asks for a new sign-in, and the last one cannot be repeated: {}", e.getMessage());
            return false;
        }
        if (!(outcome instanceof LinkOutcome.Answered)) {
            LOG.warn("signing in again failed: {}", LogText.redact(outcome.message()));
            return false;
        }
        return true;
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
}
