package org.sscard.centralsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.sscard.protocol.FileTransfer;

/** Answers of the central's HTTP server: JSON, plain bytes, a file, a bare status, or no answer at all. */
final class Http {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String ZIP_TYPE = "application/zip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /**
     * The unsigned error body: {@code infcode} −1 and {@code err_msg} as in a response envelope, and the same text
     * as {@code error} (the member enrolment clients read).
     */
    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("infcode", -1).put("err_msg", message).put("error", message);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void json(Response response, Callback callback, int status, JsonNode body) {
        try {
            bytes(response, callback, status, JSON_TYPE, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * A file as the whole answer (9102: the zip itself, no envelope), with the central's signature over its bytes in
     * {@link FileTransfer#SIGNATURE_HEADER}.
     */
    static void file(Response response, Callback callback, byte[] file, String cainfo) {
        response.getHeaders().put(FileTransfer.SIGNATURE_HEADER, cainfo);
        bytes(response, callback, 200, ZIP_TYPE, file);
    }

    /**
     * Marks the answer as the connection's last: for answers given without reading the request's body, so the
     * client does not send its next request on a connection the server closes for the unread bytes.
     */
    static void closing(Response response) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }

    /** Closes the connection without any answer (the faults that cut the link, a body that never came). */
    static void drop(Request request, Callback callback) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new EofException("connection closed without an answer"));
    }

    /**
     * Jetty's error handler for what never reaches a handler or fails in HTTP itself (a malformed request line,
     * a Content-Length or chunk size out of range, headers over the limit, a body cut short): the status alone,
     * with no body, so no message, class name or trace can leave.
     */
    static final class BareErrors extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            response.write(true, null, callback);
            return true;
        }
    }
}
