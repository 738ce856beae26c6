package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.fuzz.FuzzBudget;
import org.sscard.fuzz.JsonMutator;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.MessageSigning;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Samples;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;

/**
 * Fuzzes the central's gateway in process, at its body-level entry point ({@link Gateway#process}), as an
 * enrolled and signed-in device: mutated requests of every transaction, most of them signed after the mutation
 * (so they get past the signature to the business handlers), some unsigned, some raw bytes. Every answer must be
 * a signed envelope with a refusal code and a message, never the internal-failure code (an unchecked exception
 * inside) and never a stack trace.
 */
@AddLifecycleHook(FuzzBudget.class)
class GatewayFuzzTest {
    private static final String DEV_NO = "DEV-FUZZ";
    private static final String INSTITUTION = "H44010600001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Transaction<?, ?>> TRANSACTIONS = List.copyOf(Samples.all().keySet());

    private static Path dir;
    private static Database db;
    private static Gateway gateway;
    private static SoftwareSecurityModule deviceModule;
    private static KeyRef deviceKey;
    private static TerminalClient device;
    private static String signNo;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("gateway-fuzz");
        Clock clock = Clock.systemDefaultZone();
        db = Database.open(dir.resolve("central.db"));
        db.inTransaction(c -> {
            CatalogGenerator.loadIfEmpty(c);
            return DemoData.load(c, Harness.manifest(), LocalDateTime.now(clock));
        });
        Enrolment enrolment = new Enrolment(db, clock);
        Transactions transactions = new Transactions(new CardRegistry(TestKeys.module()),
                CentralConfig.DEFAULT_SIGN_IN_VALIDITY);
        gateway = new Gateway(db, enrolment, transactions, CentralKeys.loadOrCreate(dir), new Faults(), clock,
                java.time.Duration.ofSeconds(10), null);
        deviceModule = SoftwareSecurityModule.inMemory();
        deviceKey = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        deviceModule.generateLocalKey(deviceKey);
        device = new TerminalClient(URI.create("http://127.0.0.1:9/"), (HttpClient) null, deviceModule, deviceKey,
                new TerminalClient.Station(DEV_NO, INSTITUTION, "测试医院", "440106"), clock);
        enrolment.enrol(DEV_NO, INSTITUTION, Enrolment.issueCode(db, clock, DEV_NO, INSTITUTION, 2),
                deviceModule.publicKey(deviceKey).pem());
        JsonNode signIn = answer(gateway.process("9001", device.signedBody(device.request(Transaction.SIGN_IN,
                new SignIn.Input("C001", "00-1A-2B-3C-4D-5E", "127.0.0.1")))));
        assertEquals(0, signIn.get("infcode").asInt(), signIn.toString());
        signNo = signIn.get("output").get("signinoutb").get("sign_no").asText();
    }

    @AfterContainer
    static void stop() throws IOException {
        db.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A body for a transaction's URL path, as text so a failing sample can be pasted into a test. */
    record Body(String infno, String text) {
        @Override
        public String toString() {
            return infno + ": " + text;
        }
    }

    @Property(tries = 200)
    void mutatedRequestsAreAnsweredWithACleanRefusal(@ForAll("bodies") Body body) throws IOException {
        assertCleanAnswer(gateway.process(body.infno(), body.text().getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 100)
    void rawBytesAreAnsweredWithACleanRefusal(@ForAll byte[] body) throws IOException {
        assertCleanAnswer(gateway.process("2207", body));
    }

    static void assertCleanAnswer(byte[] response) throws IOException {
        JsonNode answer = answer(response);
        assertNotNull(answer.get("cainfo"), "an unsigned answer: " + answer);
        int infcode = answer.get("infcode").asInt();
        assertNotEquals(InfCode.INTERNAL.code(), infcode, "an internal failure (an unchecked exception inside): " + answer);
        if (infcode != 0) {
            String message = answer.path("err_msg").asText();
            assertNotEquals("", message.strip(), "a refusal without a message: " + answer);
            for (String internal : new String[] {"\tat ", "Exception", "java.", "org.sscard", "com.fasterxml"}) {
                assertEquals(-1, message.indexOf(internal), "an internal detail in the refusal: " + message);
            }
        }
    }

    private static JsonNode answer(byte[] response) throws IOException {
        return JSON.readTree(response);
    }

    @Provide
    Arbitrary<Body> bodies() {
        return Arbitraries.randomValue(random -> {
            Transaction<?, ?> t = TRANSACTIONS.get(random.nextInt(TRANSACTIONS.size()));
            String valid = withDemoCardHolder(new String(MessageCodec.write(request(t)), StandardCharsets.UTF_8));
            JsonMutator mutator = new JsonMutator(new Random(random.nextLong()));
            String body = random.nextInt(4) == 0 ? mutator.mutate(valid) : mutator.mutateWithin(valid, "input");
            if (random.nextInt(10) != 0) {
                try {
                    body = new String(MessageSigning.withCainfo(body.getBytes(StandardCharsets.UTF_8), deviceModule,
                            deviceKey), StandardCharsets.UTF_8);
                } catch (RuntimeException notJson) {
                    // sent unsigned: the mutation left no JSON object to sign
                }
            }
            String path = random.nextInt(20) == 0 ? TRANSACTIONS.get(random.nextInt(TRANSACTIONS.size())).infno() : t.infno();
            return new Body(path, body);
        });
    }

    /** The sample with the person and card of a demo card the central knows, so more of it reaches the handlers. */
    private static String withDemoCardHolder(String json) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            Transaction<?, ?> t = Transaction.byInfno("infno", root.get("infno").asText());
            if (t.inputMembers(root) instanceof ObjectNode input) {
                String[][] holder = {{"card_no", Harness.ACTIVE_SM4_CARD}, {"card_sn", Harness.ACTIVE_SM4_SN},
                        {"certno", Harness.ACTIVE_SM4_CERT}, {"psn_no", Harness.ACTIVE_SM4_PSN}};
                for (String[] member : holder) {
                    if (input.has(member[0])) {
                        input.put(member[0], member[1]);
                    }
                }
            }
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample input of {@code t} under this device's header: fresh msgid, current time, its sign-in. */
    private static Request<TransactionInput> request(Transaction<?, ?> t) {
        RequestHeader h = device.request(Transaction.SIGN_IN, new SignIn.Input("C001", "00-1A-2B-3C-4D-5E", "127.0.0.1"))
                .header();
        RequestHeader header = new RequestHeader(t.infno(), h.msgid(), h.mdtrtareaAdmvs(),
                t.infno().startsWith("22") ? "440100" : null, h.recerSysCode(), h.devNo(), null, null, h.signtype(),
                h.infver(), h.opterType(), h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(),
                signNo);
        return new Request<>(header, Samples.all().get(t).input());
    }
}
