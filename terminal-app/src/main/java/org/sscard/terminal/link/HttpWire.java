package org.sscard.terminal.link;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.Sm2;
import org.sscard.protocol.ExtraMember;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.TransactionOutput;
import org.sscard.terminal.LogText;

/**
 * The end of the send chain: one POST of the request's bytes to {@code {central.url}/api/v1/{infno}}, the answer
 * (at most {@link MessageCodec#MAX_BODY_BYTES}, or {@link FileTransfer#MAX_DOWNLOAD_BYTES} for a transaction answered
 * with a file) verified with the central service's key, parsed and named as a {@link LinkOutcome}. Whether any byte of the
 * request may have been written is observed through an OkHttp {@link EventListener}.
 */
final class HttpWire implements InterceptorChain.Wire {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWire.class);

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Supplier<Sm2.PublicKey> centralKey;
    private final Supplier<Map<String, String>> gatewayHeaders;
    private final Consumer<String> warnings;

    /**
     * {@code centralKey} null: answers are not signed on this platform (its profile), so none is checked;
     * {@code gatewayHeaders} gives the HTTP headers of the platform's gateway for each POST.
     */
    HttpWire(OkHttpClient http, HttpUrl base, Supplier<Sm2.PublicKey> centralKey,
            Supplier<Map<String, String>> gatewayHeaders, Consumer<String> warnings) {
        this.http = http;
        this.base = base;
        this.centralKey = centralKey;
        this.gatewayHeaders = gatewayHeaders;
        this.warnings = warnings;
    }

    @Override
    public <O extends TransactionOutput> LinkOutcome<O> exchange(CentralRequest<O> request) {
        String msgid = request.msgid();
        SendTracker tracker = new SendTracker();
        OkHttpClient client = http.newBuilder().eventListener(tracker).build();
        okhttp3.Request.Builder post = new okhttp3.Request.Builder().url(base.resolve("api/v1/" + request.infno()))
                .post(RequestBody.create(request.message().body(), CentralLink.JSON));
        gatewayHeaders.get().forEach(post::header);
        boolean file = request.transaction().answersWithFile();
        int limit = file ? FileTransfer.MAX_DOWNLOAD_BYTES : MessageCodec.MAX_BODY_BYTES;
        byte[] body;
        int status;
        String fileSignature;
        try (Response response = client.newCall(post.build()).execute()) {
            status = response.code();
            fileSignature = response.header(FileTransfer.SIGNATURE_HEADER);
            ResponseBody rb = response.body();
            body = rb == null ? new byte[0] : within(rb, limit);
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
        if (body == null) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the answer is larger than " + limit + " bytes");
        }
        if (file && !FileTransfer.isEnvelope(body)) {
            return fileAnswer(request, body, fileSignature);
        }
        try {
            if (centralKey != null) {
                MessageSigning.verify(body, centralKey.get());
            }
        } catch (ProtocolException e) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the answer is not signed by the enrolled central service (" + e.getMessage() + ")");
        }
        org.sscard.protocol.Response<O> parsed;
        try {
            parsed = MessageCodec.readResponse(body, request.transaction());
        } catch (ProtocolException e) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the answer is not a valid " + request.infno() + " response (" + e.getMessage() + ")");
        }
        String warnMsg = parsed.header().warnMsg();
        if (warnMsg != null && !warnMsg.isBlank()) {
            LOG.warn("{} {}: the central service warns: {}", request.infno(), msgid, LogText.redact(warnMsg));
            warnings.accept(warnMsg);
        }
        if (!parsed.extra().isEmpty()) {
            LOG.debug("{} {}: the answer carries members this station does not know, kept: {}", request.infno(), msgid,
                    parsed.extra().stream().map(ExtraMember::path).toList());
        }
        if (parsed.ok()) {
            return new LinkOutcome.Answered<>(msgid, parsed.header(), parsed.output(), body);
        }
        return new LinkOutcome.Refused<>(msgid, parsed.header().code(), parsed.header().failureText(), body);
    }

    /** The body, or null when it is longer than {@code limit} bytes (not read further). */
    private static byte[] within(ResponseBody rb, int limit) throws IOException {
        BufferedSource source = rb.source();
        return source.request(limit + 1L) ? null : source.readByteArray();
    }

    /**
     * A transaction answered with the file itself (9102): on a platform with signed answers the central service's
     * signature over its bytes must verify ({@link FileTransfer#SIGNATURE_HEADER}); the file has no header, so the
     * outcome has none.
     */
    private <O extends TransactionOutput> LinkOutcome<O> fileAnswer(CentralRequest<O> request, byte[] body,
            String signature) {
        try {
            if (centralKey != null) {
                MessageSigning.verifyFile(body, signature, centralKey.get());
            }
        } catch (ProtocolException e) {
            return new LinkOutcome.Unknown<>(request.msgid(), LinkOutcome.UnknownCause.BAD_RESPONSE,
                    "the file is not signed by the enrolled central service (" + e.getMessage() + ")");
        }
        O output = request.transaction().outputType().cast(new FileTransfer.Content(body));
        return new LinkOutcome.Answered<>(request.msgid(), null, output, body);
    }

    private static <O extends TransactionOutput> LinkOutcome<O> failure(String msgid, IOException e, boolean requestStarted) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!requestStarted) {
            if (e instanceof SSLException) {
                return new LinkOutcome.NotSent<>(msgid, "TLS handshake failed: the server is not the central service"
                        + " of the pinned CA (" + what + ")", LinkOutcome.NotSentCause.TLS_REFUSED);
            }
            return new LinkOutcome.NotSent<>(msgid, "cannot connect to the central service (" + what + ")",
                    e instanceof InterruptedIOException ? LinkOutcome.NotSentCause.CONNECT_TIMEOUT
                            : LinkOutcome.NotSentCause.CONNECT_FAILED);
        }
        if (e instanceof InterruptedIOException) {
            return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.TIMEOUT, "no answer in time (" + what + ")");
        }
        return new LinkOutcome.Unknown<>(msgid, LinkOutcome.UnknownCause.CONNECTION_LOST, "the connection broke (" + what + ")");
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
