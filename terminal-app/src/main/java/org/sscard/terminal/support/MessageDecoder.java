package org.sscard.terminal.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sscard.protocol.ExtraMember;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OpenCode;
import org.sscard.protocol.ProtocolException;
import org.sscard.protocol.Ratio;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.WireCode;
import org.sscard.terminal.LogText;
import org.sscard.values.Money;

/**
 * Reads a message body a platform sent (or a station wrote) for support staff ({@code terminal protocol decode},
 * docs/operations.md): the codec's own decoding of the transaction decides what is right, so the decoder follows
 * the message shapes as they are. It finds every problem, not only the first: after each one the member at fault is
 * set aside (taken out, or given a stand-in value when the message needs it) and the body is decoded again.
 * Card numbers and ID numbers in the values it prints are masked ({@link LogText#redact}); the codec's problems never
 * echo a value.
 */
public final class MessageDecoder {
    /** The file may hold a UTF-8 byte-order mark before the body. */
    private static final int BOM_LENGTH = 3;
    /** How much of a file is read: a body at most the interface's limit, and its byte-order mark. */
    public static final int MAX_FILE_BYTES = MessageCodec.MAX_BODY_BYTES + BOM_LENGTH;
    private static final int MAX_PROBLEMS = 100;
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Pattern PROBLEM = Pattern.compile("([A-Za-z0-9_.\\[\\]]+): (.*)", Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile("([A-Za-z0-9_]+)|\\[([0-9]+)\\]");
    /** A JSON stand-in for a member at fault, so the members after it are still checked; the first that fits is used. */
    private static final List<JsonNode> STAND_INS = standIns();

    /** Which body of a transaction the file holds. */
    public enum Side { REQUEST, ANSWER }

    /**
     * What the decoder found.
     *
     * @param lines    the typed message, one {@code path = value} a line (empty when there are problems)
     * @param problems each problem with its JSON path, in the order found
     * @param notes    what the reader should know (only the input was given, members kept, problems may hide others)
     */
    public record Result(List<String> lines, List<String> problems, List<String> notes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private MessageDecoder() {
    }

    /** Decodes {@code file} (as read, at most {@link #MAX_FILE_BYTES}; {@code truncated}: the file was longer). */
    public static Result decode(Transaction<?, ?> transaction, Side side, byte[] file, boolean truncated) {
        List<String> notes = new ArrayList<>();
        if (truncated) {
            return problem("file: larger than " + MessageCodec.MAX_BODY_BYTES + " bytes, the interface's limit for a"
                    + " message; not read further", notes);
        }
        byte[] body = withoutBom(file);
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return problem("file: empty (no message in it)", notes);
        }
        if (side == Side.ANSWER && transaction.answersWithFile() && !FileTransfer.isEnvelope(body)) {
            return problem("file: a " + transaction.infno() + " answer is the file itself (a zip), not a message;"
                    + " only a refusal of it is an envelope", notes);
        }
        JsonNode root;
        try {
            root = TREE.readTree(body);
        } catch (IOException | RuntimeException e) {
            root = null;
        }
        if (!(root instanceof ObjectNode envelope)) {
            // the codec says what is wrong with it, in its own words (not JSON, not an object, not UTF-8)
            try {
                decodeOnce(transaction, side, body);
            } catch (ProtocolException e) {
                return problem(e.getMessage(), notes);
            }
            return problem("message: must be a JSON object", notes);
        }
        String part = side == Side.REQUEST ? "input" : "output";
        if (!envelope.has(part) && !envelope.has(side == Side.REQUEST ? "infno" : "infcode")) {
            notes.add("the file holds only the " + part + ", without the envelope: the envelope is not checked");
            envelope = side == Side.REQUEST ? requestEnvelope(transaction, envelope) : answerEnvelope(envelope);
        }
        String foreign = notForThisTransaction(transaction, side, envelope);
        if (foreign != null) {
            return problem(foreign, notes);
        }
        return collect(transaction, side, envelope, notes);
    }

    private static Result problem(String problem, List<String> notes) {
        return new Result(List.of(), List.of(problem), notes);
    }

    private static byte[] withoutBom(byte[] file) {
        if (file.length >= BOM_LENGTH && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF) {
            return Arrays.copyOfRange(file, BOM_LENGTH, file.length);
        }
        return file;
    }

    /** Says so when the body is plainly another transaction's: another {@code infno}, or none of its members. */
    private static String notForThisTransaction(Transaction<?, ?> transaction, Side side, ObjectNode envelope) {
        if (side == Side.REQUEST) {
            JsonNode infno = envelope.get("infno");
            if (infno != null && infno.isTextual() && !infno.textValue().equals(transaction.infno())) {
                return "infno: the body is a " + LogText.redact(infno.textValue()) + " request, not a "
                        + transaction.infno() + " (" + transaction.name() + ") one";
            }
        }
        // the record's members are under the transaction's wrapper (input.data, output.stmtinfo …) where it is there
        String member = side == Side.REQUEST ? "input" : "output";
        JsonNode body = envelope.get(member);
        for (String step : (side == Side.REQUEST ? transaction.inputPath() : transaction.outputPath()).split("\\.")) {
            if (!step.equals(member) && body != null && body.has(step)) {
                body = body.get(step);
                member = member + "." + step;
            }
        }
        if (body instanceof ObjectNode object && !object.isEmpty()) {
            Set<String> known = memberNames(side == Side.REQUEST ? transaction.inputType() : transaction.outputType());
            Set<String> found = new TreeSet<>();
            object.fieldNames().forEachRemaining(found::add);
            if (!known.isEmpty() && found.stream().noneMatch(known::contains)) {
                return member + ": none of its members (" + String.join(", ", found) + ") belongs to a "
                        + transaction.infno() + " (" + transaction.name() + ") " + (side == Side.REQUEST ? "request"
                        : "answer") + "; is the body of another transaction? (a " + transaction.infno() + " "
                        + member + " has " + String.join(", ", known) + ")";
            }
        }
        return null;
    }

    private static Set<String> memberNames(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                names.add(SNAKE.translate(c.getName()));
            }
        }
        return names;
    }

    /** An envelope around an input alone, with header members that pass (they are not the file's). */
    private static ObjectNode requestEnvelope(Transaction<?, ?> transaction, ObjectNode input) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        String institution = "H00000000000";
        e.put("infno", transaction.infno());
        e.put("msgid", institution + "20000101000000" + "0001");
        e.put("mdtrtarea_admvs", "110000");
        e.put("insuplc_admdvs", "110000");
        e.put("recer_sys_code", "DECODE");
        e.put("dev_no", "DECODE");
        e.put("signtype", "SM2");
        e.put("infver", "V1.0");
        e.put("opter_type", "1");
        e.put("opter", "DECODE");
        e.put("opter_name", "DECODE");
        e.put("inf_time", "2000-01-01 00:00:00");
        e.put("fixmedins_code", institution);
        e.put("fixmedins_name", "DECODE");
        if (!Transaction.SIGN_IN.infno().equals(transaction.infno())) {
            e.put("sign_no", "DECODE");
        }
        e.set("input", input);
        return e;
    }

    /** An envelope of a successful answer around an output alone. */
    private static ObjectNode answerEnvelope(ObjectNode output) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("infcode", 0);
        e.put("inf_refmsgid", "110000" + "20000101000000" + "0000000001");
        e.set("output", output);
        return e;
    }

    /** Decodes, sets the member at fault aside and decodes again, until the body decodes or nothing more can be said. */
    private static Result collect(Transaction<?, ?> transaction, Side side, ObjectNode envelope, List<String> notes) {
        List<String> problems = new ArrayList<>();
        Set<String> setAside = new LinkedHashSet<>();
        Set<String> standIns = new LinkedHashSet<>();
        while (true) {
            Object decoded;
            try {
                decoded = decodeOnce(transaction, side, bytes(envelope));
            } catch (ProtocolException e) {
                String message = e.getMessage();
                Matcher m = PROBLEM.matcher(message);
                String path = m.matches() ? m.group(1) : null;
                if (path != null && setAside.contains(path)) {
                    // taken out, the member is now missing where it is required: a stand-in then, not a new problem
                    if (!standIns.add(path) || !setAside(transaction, side, envelope, path)) {
                        notes.add("without a usable " + path + " the rest cannot be checked (it is checked against other"
                                + " members); there may be more problems after it");
                        break;
                    }
                    continue;
                }
                problems.add(message);
                if (problems.size() == MAX_PROBLEMS) {
                    notes.add("stopped after " + MAX_PROBLEMS + " problems");
                    break;
                }
                if (path == null || "message".equals(path) || !setAside(transaction, side, envelope, path)) {
                    notes.add("the decoder cannot go on past " + (path == null ? "this problem" : path)
                            + "; there may be more problems after it");
                    break;
                }
                setAside.add(path);
                continue;
            }
            if (!problems.isEmpty()) {
                return new Result(List.of(), problems, notes);
            }
            return render(decoded, notes);
        }
        return new Result(List.of(), problems, notes);
    }

    private static Object decodeOnce(Transaction<?, ?> transaction, Side side, byte[] body) {
        return side == Side.REQUEST ? MessageCodec.readRequest(body, transaction)
                : MessageCodec.readResponse(body, transaction);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return TREE.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("a tree read from JSON is written again", e);
        }
    }

    /**
     * Takes the member at {@code path} out of the message, or, when the message cannot do without it, puts the first
     * stand-in in its place after which decoding no longer stops there. False if neither gets past it.
     */
    private static boolean setAside(Transaction<?, ?> transaction, Side side, ObjectNode envelope, String path) {
        List<Object> steps = steps(path);
        if (steps.isEmpty()) {
            return false;
        }
        JsonNode container = envelope;
        for (int i = 0; i < steps.size() - 1 && container != null; i++) {
            container = steps.get(i) instanceof Integer index ? container.get(index) : container.get((String) steps.get(i));
        }
        Object last = steps.get(steps.size() - 1);
        JsonNode original = container == null ? null
                : last instanceof Integer index ? container.get(index) : container.get((String) last);
        if (container instanceof ObjectNode object && last instanceof String name) {
            if (original != null) {
                object.remove(name);
                if (!stopsAt(transaction, side, envelope, path)) {
                    return true;
                }
            }
            for (JsonNode standIn : STAND_INS) {
                object.set(name, standIn);
                if (!stopsAt(transaction, side, envelope, path)) {
                    return true;
                }
            }
            if (original != null) {
                object.set(name, original);
            } else {
                object.remove(name);
            }
            return false;
        }
        if (container instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
            for (JsonNode standIn : STAND_INS) {
                array.set(index, standIn);
                if (!stopsAt(transaction, side, envelope, path)) {
                    return true;
                }
            }
            array.set(index, original);
        }
        return false;
    }

    /** Whether decoding the message still stops at {@code path} (or at a member inside it). */
    private static boolean stopsAt(Transaction<?, ?> transaction, Side side, ObjectNode envelope, String path) {
        try {
            decodeOnce(transaction, side, bytes(envelope));
            return false;
        } catch (ProtocolException e) {
            String message = e.getMessage();
            return message.startsWith(path + ": ") || message.startsWith(path + ".") || message.startsWith(path + "[");
        }
    }

    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int end = 0;
        while (m.find()) {
            if (m.start() != end && !(m.start() == end + 1 && path.charAt(end) == '.')) {
                return List.of();
            }
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
            end = m.end();
        }
        return end == path.length() ? steps : List.of();
    }

    private static List<JsonNode> standIns() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return List.of(f.textNode("1"), f.numberNode(1), f.textNode("01"), f.textNode("11"), f.textNode("310"),
                f.textNode("2000-01-01 00:00:00"), f.textNode("2000-01-01"), f.textNode("A"), f.objectNode(),
                f.arrayNode());
    }

    /** The decoded message, one member a line: amounts in yuan, codes with their names, the members kept. */
    private static Result render(Object decoded, List<String> notes) {
        List<String> lines = new ArrayList<>();
        if (decoded instanceof Request<?> request) {
            walk("", request.header(), lines);
            walk("input", request.input(), lines);
        } else if (decoded instanceof Response<?> response) {
            walk("", response.header(), lines);
            if (response.output() != null) {
                walk("output", response.output(), lines);
            }
            for (ExtraMember extra : response.extra()) {
                lines.add(LogText.redact(extra.path() + " = " + extra.value() + "   (not known to this version; kept)"));
            }
            if (!response.extra().isEmpty()) {
                notes.add(response.extra().size() + " member(s) not known to this version, kept as received");
            }
        }
        return new Result(lines, List.of(), notes);
    }

    private static void walk(String path, Object value, List<String> lines) {
        if (value == null) {
            return;
        }
        if (value instanceof Record record && !(value instanceof Money) && !(value instanceof Ratio)) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                if (c.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                Object member;
                try {
                    member = c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("a record's accessor is public", e);
                }
                String name = SNAKE.translate(c.getName());
                walk(path.isEmpty() ? name : path + "." + name, member, lines);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                lines.add(path + " = []");
            }
            for (int i = 0; i < list.size(); i++) {
                walk(path + "[" + i + "]", list.get(i), lines);
            }
        } else {
            lines.add(LogText.redact(path + " = " + text(value)));
        }
    }

    private static String text(Object value) {
        if (value instanceof Money money) {
            return money + " 元";
        }
        if (value instanceof OpenCode code) {
            return code.isKnown() ? code.code() + " " + code.name() : code.code() + " (not in the national list; kept)";
        }
        if (value instanceof Enum<?> e && value instanceof WireCode code) {
            return code.code() + " (" + e.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        }
        return String.valueOf(value);
    }
}
