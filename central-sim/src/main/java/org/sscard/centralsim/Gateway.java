package org.sscard.centralsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.Sm3;
import org.sscard.protocol.Fields;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.PlatformProfile;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.RefMsgId;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.ResponseHeader;
import org.sscard.protocol.TransactionOutput;

/**
 * The HTTP face of the central service: {@code POST /api/v1/{infno}}, {@code POST /api/v1/enrol},
 * {@code GET /api/v1/health}. For a transaction: faults, size limit, parse and validate, signature,
 * clock window, idempotency by msgid, sign-in, then the business handler and the stored answer in one
 * database transaction; the response is signed on the way out.
 */
final class Gateway extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final Duration CLOCK_WINDOW = Duration.ofMinutes(5);
    /** The region code of the platform this service plays (Guangdong), the prefix of its {@code inf_refmsgid}. */
    static final String CENTRAL_REGION = "440000";
    private static final String PREFIX = "/api/v1/";
    private static final Pattern INFNO = Pattern.compile("[0-9A-Z]{4}");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Enrolment enrolment;
    private final Transactions transactions;
    private final CentralKeys keys;
    private final Faults faults;
    private final Clock clock;
    private final AtomicLong refSerial = new AtomicLong();
    private final Duration bodyDeadline;
    private final Scheduler scheduler;

    Gateway(Database db, Enrolment enrolment, Transactions transactions, CentralKeys keys, Faults faults, Clock clock,
            Duration bodyDeadline, Scheduler scheduler) {
        this.db = db;
        this.enrolment = enrolment;
        this.transactions = transactions;
        this.keys = keys;
        this.faults = faults;
        this.clock = clock;
        this.bodyDeadline = bodyDeadline;
        this.scheduler = scheduler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving {}", Request.getPathInContext(request), e);
            answerInternalError(response, callback);
        }
        return true;
    }

    /**
     * HTTP 500 with a short body (docs/central-transport.md: a 5xx means the platform itself failed). The
     * message may or may not have taken effect, so the terminal is told to resend it with its msgid, which
     * answers from the stored result if there is one. If the response had already begun, the connection is
     * only closed.
     */
    private static void answerInternalError(Response response, Callback callback) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("answer already begun"));
            return;
        }
        Http.json(response, callback, 500, Http.error(
                "central service fault; send the same message (same msgid) again later"));
    }

    private void route(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!path.startsWith(PREFIX)) {
            Http.closing(response);
            Http.json(response, callback, 404, Http.error("no such endpoint; the interface is under /api/v1/"));
            return;
        }
        String name = path.substring(PREFIX.length());
        if (name.equals("health")) {
            if (!method.equals("GET")) {
                Http.closing(response);
                Http.json(response, callback, 405, Http.error("use GET for /api/v1/health"));
                return;
            }
            ObjectNode ok = Http.object().put("status", "ok")
                    .put("time", Fields.DATE_TIME.format(LocalDateTime.now(clock)));
            Http.json(response, callback, 200, ok);
            return;
        }
        if (!method.equals("POST")) {
            Http.closing(response);
            Http.json(response, callback, 405, Http.error("use POST for " + PREFIX + "{infno} and " + PREFIX + "enrol"));
            return;
        }
        if (name.equals("enrol")) {
            withBody(request, response, callback, body -> enrol(body, response, callback));
            return;
        }
        if (!INFNO.matcher(name).matches()) {
            Http.closing(response);
            Http.json(response, callback, 404, Http.error("no such endpoint; transactions are " + PREFIX
                    + "{infno} with a 4-character code"));
            return;
        }
        transaction(request, response, callback, name);
    }

    private void transaction(Request request, Response response, Callback callback, String infno) {
        Optional<Fault> fault = faults.take(infno);
        if (fault.isPresent()) {
            switch (fault.get().mode()) {
                case CLOSE_BEFORE -> {
                    LOG.info("fault {}: closing the connection before processing", fault.get());
                    Http.drop(request, callback);
                    return;
                }
                case FAIL_5XX -> {
                    LOG.info("fault {}: answering 503", fault.get());
                    // the body is read and dropped, so the kept-alive connection stays usable for the next message
                    withBody(request, response, callback, body -> Http.json(response, callback, 503, Http.error(
                            "injected fault: service unavailable; nothing took effect")));
                    return;
                }
                case DELAY -> sleep(fault.get().delayMillis());
                default -> {
                }
            }
        }
        withBody(request, response, callback, body -> {
            if (body == null) {
                Http.closing(response);
            }
            byte[] answer = process(infno, body);
            if (fault.isPresent() && fault.get().mode() == Fault.Mode.DROP_AFTER_COMMIT) {
                LOG.info("fault {}: committed, closing the connection without a response", fault.get());
                Http.drop(request, callback);
                return;
            }
            if (FileTransfer.isEnvelope(answer)) {
                Http.bytes(response, callback, 200, Http.JSON_TYPE, answer);
            } else {
                Http.file(response, callback, answer, MessageSigning.fileCainfo(answer, keys.module,
                        CentralKeys.SIGNING_KEY));
            }
        });
    }

    /**
     * Reads the body (null when over 1 MiB) and hands it to {@code then}, on whichever thread the last bytes came.
     * A body cut short or sent too slowly gets no answer (the connection is closed); broken HTTP framing (a
     * chunk size out of range) gets Jetty's bare 400.
     */
    private void withBody(Request request, Response response, Callback callback, Consumer<byte[]> then) {
        BodyReader.read(request, MessageCodec.MAX_BODY_BYTES, bodyDeadline, scheduler).whenComplete((body, failure) -> {
            if (failure != null) {
                LOG.debug("request body not read: {}", failure.toString());
                if (failure instanceof HttpException) {
                    callback.failed(failure);
                } else {
                    Http.drop(request, callback);
                }
                return;
            }
            try {
                then.accept(body);
            } catch (RuntimeException e) {
                LOG.error("unexpected failure serving {}", Request.getPathInContext(request), e);
                answerInternalError(response, callback);
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Processes one transaction body; returns a signed response envelope, or the file a 9102 asked for (its stored
     * answer when the same message comes again).
     */
    byte[] process(String pathInfno, byte[] body) {
        LocalDateTime received = LocalDateTime.now(clock);
        try {
            if (body == null) {
                throw new ProtocolException(InfCode.VALIDATION, "message: body larger than 1 MiB (1048576 bytes)");
            }
            org.sscard.protocol.Request<?> request = MessageCodec.readRequest(body);
            RequestHeader h = request.header();
            PlatformProfile.NATIONAL.requireEnvelope(h);
            if (!h.infno().equals(pathInfno)) {
                throw ProtocolException.invalid("infno", "must equal the transaction code in the URL path ("
                        + pathInfno + ")");
            }
            Enrolment.Device device = enrolment.device(h.devNo()).orElseThrow(() -> new ProtocolException(
                    InfCode.SIGNATURE, "dev_no: device not enrolled; enrol it with a one-time code first"));
            if (!device.fixmedinsCode().equals(h.fixmedinsCode())) {
                throw new ProtocolException(InfCode.SIGNATURE, "dev_no: the device is enrolled for another institution");
            }
            MessageSigning.verify(body, device.publicKey());
            LocalDateTime infTime = LocalDateTime.parse(h.infTime(), Fields.DATE_TIME);
            if (Duration.between(infTime, received).abs().compareTo(CLOCK_WINDOW) > 0) {
                throw new ProtocolException(InfCode.REPLAY, "inf_time: " + h.infTime()
                        + " is more than 5 minutes from the central service's time "
                        + Fields.DATE_TIME.format(received) + "; check the station clock and send again");
            }
            byte[] contentHash = contentHash(request);
            Optional<byte[]> stored = storedAnswer(h.msgid(), contentHash);
            if (stored.isPresent()) {
                return signed(stored.get());
            }
            if (!h.infno().equals("9001")) {
                checkSignIn(h, received);
            }
            return signed(execute(request, contentHash, received));
        } catch (ProtocolException e) {
            return signed(failure(e.infCode(), e.getMessage(), received));
        } catch (SQLException | RuntimeException e) {
            LOG.error("internal failure processing a {} message", pathInfno, e);
            return signed(failure(InfCode.INTERNAL, "central service fault; nothing took effect, send again later",
                    received));
        }
    }

    /**
     * SM3 over the message without the members that a resend may legitimately change: {@code cainfo}
     * (signatures are randomised), {@code inf_time} (re-stamped on each send) and {@code sign_no} (a resend
     * after a new sign-in). The same msgid with a different hash is a replay.
     */
    static byte[] contentHash(org.sscard.protocol.Request<?> r) {
        RequestHeader h = r.header();
        RequestHeader normal = new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(), h.infver(), h.opterType(), h.opter(),
                h.opterName(), null, h.fixmedinsCode(), h.fixmedinsName(), null);
        return Sm3.hash(MessageCodec.write(new org.sscard.protocol.Request<>(normal, r.input())));
    }

    private Optional<byte[]> storedAnswer(String msgid, byte[] contentHash) throws SQLException {
        record Stored(byte[] hash, byte[] response) {
        }
        Optional<Stored> s = db.inTransaction(c -> Jdbc.one(c, "SELECT content_hash, response FROM message WHERE msgid = ?",
                rs -> new Stored(rs.getBytes(1), rs.getBytes(2)), msgid));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (!Arrays.equals(s.get().hash(), contentHash)) {
            throw new ProtocolException(InfCode.REPLAY,
                    "msgid: already used for a different message; give every new message a new msgid");
        }
        return Optional.of(s.get().response());
    }

    private void checkSignIn(RequestHeader h, LocalDateTime now) throws SQLException {
        record SignIn(String devNo, String expiresAt) {
        }
        Optional<SignIn> s = db.inTransaction(c -> Jdbc.one(c, "SELECT dev_no, expires_at FROM sign_in WHERE sign_no = ?",
                rs -> new SignIn(rs.getString(1), rs.getString(2)), h.signNo()));
        if (s.isEmpty()) {
            throw new ProtocolException(InfCode.SIGN_IN_REQUIRED, "sign_no: unknown; sign in (9001) and send again");
        }
        if (!s.get().devNo().equals(h.devNo())) {
            throw new ProtocolException(InfCode.SIGN_IN_REQUIRED, "sign_no: issued to another device; sign in (9001)");
        }
        if (s.get().expiresAt().compareTo(Fields.DATE_TIME.format(now)) <= 0) {
            throw new ProtocolException(InfCode.SIGN_IN_REQUIRED, "sign_no: expired at " + s.get().expiresAt()
                    + "; sign in (9001) and send again");
        }
    }

    /** Runs the handler and stores its answer in one database transaction; returns the unsigned answer. */
    private byte[] execute(org.sscard.protocol.Request<?> request, byte[] contentHash, LocalDateTime received) throws SQLException {
        RequestHeader h = request.header();
        return db.inTransaction(c -> {
            Optional<byte[]> raced = Jdbc.one(c, "SELECT content_hash, response FROM message WHERE msgid = ?", rs -> {
                if (!Arrays.equals(rs.getBytes(1), contentHash)) {
                    throw new ProtocolException(InfCode.REPLAY,
                            "msgid: already used for a different message; give every new message a new msgid");
                }
                return rs.getBytes(2);
            }, h.msgid());
            if (raced.isPresent()) {
                return raced.get();
            }
            byte[] answer;
            String effect = null;
            Optional<String> reversedBy = Jdbc.one(c, "SELECT reversal_msgid FROM reversal WHERE omsgid = ? AND dev_no = ?",
                    rs -> rs.getString(1), h.msgid(), h.devNo());
            if (reversedBy.isPresent()) {
                answer = failure(InfCode.BUSINESS_RULE, "msgid: this message was reversed (2601, "
                        + reversedBy.get() + ") before it arrived; it does not take effect", received);
            } else {
                Savepoint before = c.setSavepoint();
                try {
                    Transactions.Handled handled = transactions.handle(new Transactions.Ctx(c, h, received),
                            request.input());
                    answer = success(handled.output(), received);
                    effect = handled.effect();
                } catch (ProtocolException e) {
                    c.rollback(before);
                    answer = failure(e.infCode(), e.getMessage(), received);
                }
            }
            Jdbc.update(c, "INSERT INTO message(msgid, infno, dev_no, psn_no, content_hash, response, effect, "
                    + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", h.msgid(), h.infno(), h.devNo(),
                    Transactions.personOf(request.input()), contentHash, answer, effect, Fields.DATE_TIME.format(received));
            return answer;
        });
    }

    private ResponseHeader header(int infcode, String errMsg, LocalDateTime received) {
        LocalDateTime now = LocalDateTime.now(clock);
        RefMsgId refMsgid = new RefMsgId(CENTRAL_REGION, now,
                Math.floorMod(refSerial.getAndIncrement(), RefMsgId.MAX_SERIAL + 1));
        return new ResponseHeader(infcode, refMsgid.toString(), MILLIS.format(received), MILLIS.format(now), errMsg,
                null, RequestHeader.SIGNTYPE_SM2, null);
    }

    private byte[] success(TransactionOutput output, LocalDateTime received) {
        if (output instanceof FileTransfer.Content file) {
            return file.bytes();
        }
        var r = new org.sscard.protocol.Response<>(header(0, null, received), output);
        r.validate();
        return MessageCodec.write(r);
    }

    private byte[] failure(InfCode code, String message, LocalDateTime received) {
        String text = message == null || message.isBlank() ? code.description() : message;
        return MessageCodec.write(new org.sscard.protocol.Response<TransactionOutput>(
                header(code.code(), text.length() > 1000 ? text.substring(0, 1000) : text, received), null));
    }

    /**
     * Adds {@code cainfo} (the central's signature over the canonical form) as the last member; a file (9102) is
     * signed in a header as it is sent ({@link Http#file}).
     */
    private byte[] signed(byte[] unsigned) {
        if (!FileTransfer.isEnvelope(unsigned)) {
            return unsigned;
        }
        return MessageSigning.withCainfo(unsigned, keys.module, CentralKeys.SIGNING_KEY);
    }

    // ---- enrolment

    private void enrol(byte[] body, Response response, Callback callback) {
        if (body == null) {
            Http.closing(response);
            Http.json(response, callback, 400, Http.error("body larger than 1 MiB"));
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            Http.json(response, callback, 400, Http.error("body: not JSON"));
            return;
        }
        if (root == null || !root.isObject()) {
            Http.json(response, callback, 400, Http.error("body: must be a JSON object"));
            return;
        }
        String[] names = {"dev_no", "fixmedins_code", "one_time_code", "public_key_pem"};
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            JsonNode n = root.get(names[i]);
            if (n == null || !n.isTextual() || n.textValue().isBlank()) {
                Http.json(response, callback, 400, Http.error(names[i] + ": required text"));
                return;
            }
            values[i] = n.textValue();
        }
        int stationNo;
        try {
            stationNo = enrolment.enrol(values[0], values[1], values[2], values[3]);
        } catch (Enrolment.Refused e) {
            Http.json(response, callback, e.status, Http.error(e.getMessage()));
            return;
        } catch (SQLException e) {
            LOG.error("enrolment failed", e);
            Http.json(response, callback, 500, Http.error("central service fault; try again later"));
            return;
        }
        LOG.info("device {} of {} enrolled as station {}", values[0], values[1], stationNo);
        Http.json(response, callback, 200, Http.object().put("enrolled", true)
                .put("central_public_key_pem", keys.publicKey().pem()).put("station_no", stationNo));
    }
}
