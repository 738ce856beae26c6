package org.sscard.terminal.counter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.MessageSigning;

/**
 * Answers of the in-process central-sim changed on their way to the station as a real platform would send them
 * (members of {@code setlinfo} left out or added), then signed again with central-sim's own key, so the station
 * checks and keeps them as it would a real answer. Added to a {@link CounterFixture}'s HTTP client.
 */
final class ShapedAnswers implements Interceptor {
    /** central-sim's response-signing key in its data folder (central-keys.sks, its passphrase beside it). */
    private static final KeyRef CENTRAL_KEY = KeyRef.local(KeyType.DEVICE_SIGN, "000000", 1);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    /** What the V1.0 table's 2208 setlinfo does not have (it spells the cash member pdn_cash_pay). */
    private static final List<String> NOT_IN_A_CANCEL = List.of("orig_setl_id", "psn_no", "psn_name", "psn_cert_type",
            "certno", "gend", "naty", "brdy", "age", "insutype", "psn_type", "cvlserv_flag", "mdtrt_cert_type", "med_type",
            "clr_way", "clr_type");

    private final Path centralData;
    private final Map<String, Consumer<ObjectNode>> shapes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> shaped = new ConcurrentHashMap<>();
    private volatile SoftwareSecurityModule centralKeys;

    /** {@code centralData}: the data folder of the fixture's central-sim (the fixture's folder + "central"). */
    ShapedAnswers(Path centralData) {
        this.centralData = centralData;
    }

    /** Changes the {@code setlinfo} of every answer to {@code infno} with {@code change}. */
    ShapedAnswers shape(String infno, Consumer<ObjectNode> change) {
        shapes.put(infno, change);
        return this;
    }

    /** How many answers to {@code infno} were changed. */
    int shaped(String infno) {
        return shaped.computeIfAbsent(infno, k -> new AtomicInteger()).get();
    }

    /** A 2208 setlinfo as the V1.0 table has it: no person, insutype, med_type or clearing members. */
    static void asTheTableHasIt(ObjectNode setlinfo) {
        setlinfo.remove(NOT_IN_A_CANCEL);
        setlinfo.set("pdn_cash_pay", setlinfo.remove("psn_cash_pay"));
    }

    /** Sets {@code member} of a setlinfo to {@code yuan}. */
    static Consumer<ObjectNode> fund(String member, String yuan) {
        return setlinfo -> setlinfo.put(member, new BigDecimal(yuan));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String path = chain.request().url().encodedPath();
        String infno = path.substring(path.lastIndexOf('/') + 1);
        Consumer<ObjectNode> change = shapes.get(infno);
        if (change == null || response.code() != 200 || response.body() == null) {
            return response;
        }
        MediaType type = response.body().contentType();
        byte[] body = response.body().bytes();
        ObjectNode answer = (ObjectNode) JSON.readTree(body);
        if (!(answer.path("output").path("setlinfo") instanceof ObjectNode setlinfo)) {
            return response.newBuilder().body(ResponseBody.create(body, type)).build(); // a refusal, as it came
        }
        answer.remove("cainfo");
        change.accept(setlinfo);
        shaped.computeIfAbsent(infno, k -> new AtomicInteger()).incrementAndGet();
        byte[] signed = MessageSigning.withCainfo(JSON.writeValueAsBytes(answer), centralKeys(), CENTRAL_KEY);
        return response.newBuilder().body(ResponseBody.create(signed, type)).build();
    }

    private SoftwareSecurityModule centralKeys() throws IOException {
        if (centralKeys == null) {
            char[] pass = Files.readString(centralData.resolve("central-keys.pass"), StandardCharsets.US_ASCII).trim()
                    .toCharArray();
            centralKeys = SoftwareSecurityModule.open(centralData.resolve("central-keys.sks"), pass);
        }
        return centralKeys;
    }
}
