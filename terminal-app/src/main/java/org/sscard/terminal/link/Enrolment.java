package org.sscard.terminal.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.sscard.crypto.CryptoException;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm2;
import org.sscard.store.Operators;
import org.sscard.store.StationStore;
import org.sscard.terminal.config.StationConfig;

/**
 * First-run enrolment ({@code POST /api/v1/enrol}): the station's DEVICE_SIGN public key goes to the central service
 * with a one-time code; the central service's public key and the station's number within its institution (which every
 * msgid carries, {@link MsgIds}) come back and are kept in the store's settings, so they are in its backups. Loading
 * keys is dual-controlled: the administrator needs an approval of action {@value #APPROVAL_ACTION} on subject
 * {@code dev_no=<device number>} granted by a second administrator, used up only when enrolment succeeds.
 */
public final class Enrolment {
    public static final String APPROVAL_ACTION = "link.enrol";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Makes sure the station's signing key exists in the security module (creating it if needed). */
    @FunctionalInterface
    public interface DeviceKeySource {
        void ensure(KeyRef deviceKey);
    }

    private final CentralLink link;
    private final StationConfig config;
    private final SecurityModule module;
    private final StationStore store;
    private final DeviceKeySource keys;

    public Enrolment(CentralLink link, StationConfig config, SecurityModule module, StationStore store, DeviceKeySource keys) {
        this.link = link;
        this.config = config;
        this.module = module;
        this.store = store;
        this.keys = keys;
    }

    public static String approvalSubject(StationConfig config) {
        return "dev_no=" + config.deviceNumber();
    }

    /** Enrols; returns the central service's key. Failures are {@link LinkException}s that say what to do. */
    public Sm2.PublicKey enrol(String administrator, long approvalId, char[] oneTimeCode) {
        String subject = approvalSubject(config);
        Operators.Approval approval = store.operators().approval(approvalId);
        if (approval.state() != Operators.ApprovalState.APPROVED || !approval.action().equals(APPROVAL_ACTION)
                || !approval.subject().equals(subject) || !approval.requestedBy().equals(administrator)) {
            throw new LinkException("enrolment loads keys and needs approval #" + approvalId + " for " + APPROVAL_ACTION
                    + " " + subject + ", asked for by " + administrator + " and granted by a second administrator"
                    + " (it is " + approval.state() + " for " + approval.action() + " " + approval.subject() + ")");
        }
        keys.ensure(link.deviceKey());
        String publicKeyPem;
        try {
            publicKeyPem = module.publicKey(link.deviceKey()).pem();
        } catch (CryptoException e) {
            throw new LinkException("the station's signing key " + link.deviceKey() + " is not usable: " + e.getMessage(), e);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("dev_no", config.deviceNumber());
        body.put("fixmedins_code", config.institutionCode());
        body.put("one_time_code", new String(oneTimeCode));
        body.put("public_key_pem", publicKeyPem);
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new LinkException("cannot write the enrolment request", e);
        } finally {
            Arrays.fill(oneTimeCode, '\0');
        }
        Request request = new Request.Builder().url(link.base().resolve("api/v1/enrol"))
                .post(RequestBody.create(bytes, CentralLink.JSON)).build();
        JsonNode answer;
        int status;
        try (Response response = link.http().newCall(request).execute()) {
            status = response.code();
            ResponseBody rb = response.body();
            answer = rb == null ? null : MAPPER.readTree(rb.bytes());
        } catch (IOException e) {
            store.audit().record(administrator, "link.enrol.failed", config.deviceNumber(), "no answer: " + e.getMessage());
            throw new LinkException("the central service could not be reached for enrolment (" + e.getMessage()
                    + "); check central.url and the network, then try again with the same code", e);
        }
        if (status != 200 || answer == null || !answer.path("enrolled").asBoolean(false)) {
            String error = answer == null ? "" : answer.path("error").asText("");
            store.audit().record(administrator, "link.enrol.failed", config.deviceNumber(), "HTTP " + status + " " + error);
            throw new LinkException("the central service refused the enrolment (HTTP " + status
                    + (error.isEmpty() ? "" : ": " + error) + "); ask its administrator for a new one-time code for device "
                    + config.deviceNumber());
        }
        String centralPem = answer.path("central_public_key_pem").asText("");
        Sm2.PublicKey centralKey;
        try {
            centralKey = Sm2.PublicKey.fromPem(centralPem);
        } catch (RuntimeException e) {
            throw new LinkException("the central service's answer carries no usable public key; enrolment not recorded", e);
        }
        int stationNo = answer.path("station_no").asInt(0);
        if (!answer.path("station_no").isInt() || stationNo < 1 || stationNo > MsgIds.MAX_STATION) {
            throw new LinkException("the central service's answer carries no station number (station_no 1-"
                    + MsgIds.MAX_STATION + "); enrolment not recorded. The central service must give every station of "
                    + "the institution its own number");
        }
        store.operators().useApproval(administrator, approvalId, APPROVAL_ACTION, subject);
        store.settings().setString(administrator, CentralLink.CENTRAL_KEY_SETTING, centralKey.pem());
        store.settings().setLong(administrator, MsgIds.STATION_SETTING, stationNo);
        store.audit().record(administrator, "link.enrol", config.deviceNumber(), "device key " + link.deviceKey()
                + ", station_no " + stationNo);
        return centralKey;
    }
}
