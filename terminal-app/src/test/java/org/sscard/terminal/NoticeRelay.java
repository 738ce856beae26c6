package org.sscard.terminal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.CanonicalJson;
import org.sscard.protocol.MessageSigning;
import org.sscard.store.StationStore;
import org.sscard.terminal.link.CentralLink;

/**
 * A station's HTTP interceptor that stands between it and central-sim (which sends no notices) as a platform that
 * does: once {@link #takeOver} made the station trust this relay's key instead of central-sim's, every answer of a
 * transaction is signed again by the relay, with {@code warn_msg} = {@link #notice} when that is set.
 */
public final class NoticeRelay implements Interceptor {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KeyRef KEY = KeyRef.local(KeyType.DEVICE_SIGN, "440000", 9);

    private final SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
    private volatile boolean active;
    /** The notice every answer carries from now on; null: none. */
    public volatile String notice;

    public NoticeRelay() {
        module.generateLocalKey(KEY);
    }

    /** Makes {@code store}'s station take this relay's signature for the central service's ({@code admin} records it). */
    public void takeOver(StationStore store, String admin) {
        store.settings().setString(admin, CentralLink.CENTRAL_KEY_SETTING, module.publicKey(KEY).pem());
        active = true;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String path = chain.request().url().encodedPath();
        ResponseBody body = response.body();
        if (!active || !path.matches("/api/v1/[0-9A-Z]{4}") || response.code() != 200 || body == null) {
            return response;
        }
        MediaType type = body.contentType();
        ObjectNode answer = (ObjectNode) MAPPER.readTree(body.bytes());
        answer.remove(CanonicalJson.SIGNATURE_MEMBER);
        String warn = notice;
        if (warn != null) {
            answer.put("warn_msg", warn);
        }
        byte[] signed = MessageSigning.withCainfo(MAPPER.writeValueAsBytes(answer), module, KEY);
        return response.newBuilder().body(ResponseBody.create(signed, type)).build();
    }
}
