package org.sscard.centralsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.protocol.Fields;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.OpterType;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Response;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;

/**
 * A minimal terminal-side client of the central link, for the {@code client} command, the tests and the
 * load driver: enrols a device key, signs requests with it, checks every response's signature with the
 * central key received at enrolment. (The product's own client lives in the terminal application.)
 */
public final class TerminalClient {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who the station is: its device number, institution, and the admin code of the place of treatment. */
    public record Station(String devNo, String fixmedinsCode, String fixmedinsName, String admvs) {
    }

    private final URI base;
    private final HttpClient http;
    private final SecurityModule module;
    private final KeyRef deviceKey;
    private final Station station;
    private final Clock clock;
    private final AtomicInteger sequence = new AtomicInteger(new SecureRandom().nextInt(10_000));
    /** The station number from this run's enrolment (0: none; then msgids count from a random start). */
    private int stationNo;
    private LocalDateTime lastSecond;
    private int lastCounter;
    private volatile Sm2.PublicKey centralKey;
    private volatile String signNo;

    /** A client with its own HTTP client ({@code tls}: the context pinning the central's CA; null for HTTP). */
    public TerminalClient(URI base, SSLContext tls, SecurityModule module, KeyRef deviceKey, Station station,
            Clock clock) {
        this(base, httpClient(tls), module, deviceKey, station, clock);
    }

    /**
     * A client over a given HTTP client. Many simulated terminals in one process can share one: each
     * concurrent request still has its own kept-alive connection from the shared pool, and the process
     * saves a selector thread and its hand-offs per terminal.
     */
    public TerminalClient(URI base, HttpClient http, SecurityModule module, KeyRef deviceKey, Station station,
            Clock clock) {
        this.base = base;
        this.http = http;
        this.module = module;
        this.deviceKey = deviceKey;
        this.station = station;
        this.clock = clock;
    }

    /** The HTTP client a terminal uses: HTTP/1.1, 5 s to connect, TLS with {@code tls} when not null. */
    public static HttpClient httpClient(SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }

    public Station station() {
        return station;
    }

    public String signNo() {
        return signNo;
    }

    public void trustCentral(Sm2.PublicKey key) {
        this.centralKey = key;
    }

    /** Posts the device's public key with a one-time code; keeps the central key it answers with. */
    public Sm2.PublicKey enrol(String oneTimeCode) throws IOException {
        String body = JSON.createObjectNode().put("dev_no", station.devNo()).put("fixmedins_code", station.fixmedinsCode())
                .put("one_time_code", oneTimeCode).put("public_key_pem", module.publicKey(deviceKey).pem()).toString();
        HttpResponse<byte[]> r = postRaw("enrol", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode answer = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IOException("enrolment refused (HTTP " + r.statusCode() + "): " + answer.path("error").asText());
        }
        centralKey = Sm2.PublicKey.fromPem(answer.get("central_public_key_pem").textValue());
        synchronized (this) {
            stationNo = answer.path("station_no").asInt(0);
        }
        return centralKey;
    }

    /** 9001: signs in and keeps the {@code sign_no} for later requests. */
    public Response<SignIn.Output> signIn(String opterNo) throws IOException {
        Response<SignIn.Output> r = send(Transaction.SIGN_IN, new SignIn.Input(opterNo, "00-1A-2B-3C-4D-5E", "127.0.0.1"));
        if (r.ok()) {
            signNo = r.output().signNo();
        }
        return r;
    }

    /** The station number the central service gave at enrolment in this run, or 0. */
    public synchronized int stationNo() {
        return stationNo;
    }

    /**
     * A fresh msgid. Once enrolled in this run, the sequence is the station number (3 digits) and a per-second
     * counter (1 digit), borrowing the next second after 10 ids, as the terminal application does
     * (docs/settlement-protocol.md §8); before that, a counter from a random start.
     */
    public synchronized String nextMsgid() {
        if (stationNo == 0) {
            return station.fixmedinsCode() + STAMP.format(LocalDateTime.now(clock))
                    + Ids.digits(Math.floorMod(sequence.getAndIncrement(), 10_000), 4);
        }
        LocalDateTime now = LocalDateTime.now(clock).withNano(0);
        if (lastSecond == null || now.isAfter(lastSecond)) {
            lastSecond = now;
            lastCounter = 0;
        } else if (lastCounter < 9) {
            lastCounter++;
        } else {
            lastSecond = lastSecond.plusSeconds(1);
            lastCounter = 0;
        }
        return station.fixmedinsCode() + STAMP.format(lastSecond) + Ids.digits(stationNo * 10L + lastCounter, 4);
    }

    /** An unsigned request with a fresh msgid and the current time. */
    public <I extends TransactionInput> Request<I> request(Transaction<I, ?> t, I input) {
        return request(t, input, nextMsgid());
    }

    public <I extends TransactionInput> Request<I> request(Transaction<I, ?> t, I input, String msgid) {
        String region = t.infno().startsWith("22") ? station.admvs().substring(0, 4) + "00" : null;
        RequestHeader h = new RequestHeader(t.infno(), msgid, station.admvs(), region, "SSCARD", station.devNo(), null,
                null, RequestHeader.SIGNTYPE_SM2, RequestHeader.INFVER, OpterType.STAFF, "C001", "王收费",
                Fields.DATE_TIME.format(LocalDateTime.now(clock)), station.fixmedinsCode(), station.fixmedinsName(),
                signNo);
        return new Request<>(h, input);
    }

    public <I extends TransactionInput> byte[] signedBody(Request<I> request) {
        return MessageSigning.signedBody(request, module, deviceKey);
    }

    /** A body written elsewhere (a national client's, a fixture), signed by this device as it stands. */
    public byte[] signedBody(byte[] unsigned) {
        return MessageSigning.withCainfo(unsigned, module, deviceKey);
    }

    public <I extends TransactionInput, O extends TransactionOutput> Response<O> send(Transaction<I, O> t, I input)
            throws IOException {
        return send(t, request(t, input));
    }

    public <I extends TransactionInput, O extends TransactionOutput> Response<O> send(Transaction<I, O> t,
            Request<I> request) throws IOException {
        return read(t, post(t.infno(), signedBody(request)));
    }

    /** Checks the central's signature and reads the response. */
    public <O extends TransactionOutput> Response<O> read(Transaction<?, O> t, byte[] body) {
        if (centralKey == null) {
            throw new IllegalStateException("the central service's key is unknown: enrol first");
        }
        MessageSigning.verify(body, centralKey);
        return MessageCodec.readResponse(body, t);
    }

    /**
     * 9102: the file itself, its signature ({@link FileTransfer#SIGNATURE_HEADER}) checked with the central key; a
     * refusal (an envelope) is an IOException with its {@code err_msg}.
     */
    public byte[] download(Request<FileTransfer.Download> request) throws IOException {
        HttpResponse<byte[]> r = postRaw(Transaction.FILE_DOWNLOAD.infno(), signedBody(request));
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from the central service");
        }
        if (FileTransfer.isEnvelope(r.body())) {
            Response<FileTransfer.Content> refused = read(Transaction.FILE_DOWNLOAD, r.body());
            throw new IOException("9102 refused (" + refused.header().infcode() + "): " + refused.header().errMsg());
        }
        MessageSigning.verifyFile(r.body(), r.headers().firstValue(FileTransfer.SIGNATURE_HEADER).orElse(null),
                centralKey);
        return r.body();
    }

    /** Posts a body to {@code /api/v1/{infno}}; the answer's body (HTTP 200), else an IOException. */
    public byte[] post(String infno, byte[] body) throws IOException {
        HttpResponse<byte[]> r = postRaw(infno, body);
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from the central service");
        }
        return r.body();
    }

    private HttpResponse<byte[]> postRaw(String name, byte[] body) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/" + name)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
