package org.sscard.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes messages. Every read checks the size (at most 1 MiB), UTF-8, JSON syntax, nesting,
 * duplicate members, types and then every field rule; any failure is a {@link ProtocolException} whose
 * message names the field and can go back to the peer as {@code err_msg} (never a stack trace).
 * Requests are strict (unknown members refused, numbers only in the format's plain decimal form); responses
 * are read tolerantly: unknown members are kept ({@link Response#extra()}), numbers may be JSON strings
 * ({@link DecimalJson#TOLERANT}), members come in any order and optional ones may be {@code null}.
 */
public final class MessageCodec {
    public static final int MAX_BODY_BYTES = Json.MAX_BODY_BYTES;

    private MessageCodec() {
    }

    /** Writes a request, its input under the transaction's wrapper ({@link Transaction#inputPath()}). */
    public static byte[] write(Request<?> request) {
        ObjectNode tree = Json.STRICT.valueToTree(request);
        Transaction<?, ?> t = Transaction.orNull(request.header().infno());
        wrap(tree, "input", t == null ? null : t.inputWrapper());
        return bytes(tree);
    }

    /**
     * Writes a response, its output under the transaction's wrapper; the members it kept from an answer as received
     * ({@link Response#extra()}) go back in place.
     */
    public static byte[] write(Response<?> response) {
        if (response.output() instanceof FileTransfer.Content) {
            throw new IllegalArgumentException("a 9102 answer is the file itself, never an envelope");
        }
        ObjectNode tree = Json.STRICT.valueToTree(response);
        Transaction<?, ?> t = response.output() == null ? null : Transaction.answeredWith(response.output().getClass());
        wrap(tree, "output", t == null ? null : t.outputWrapper());
        for (ExtraMember member : response.extra()) {
            KnownMembers.putBack(tree, member);
        }
        return bytes(tree);
    }

    /** Moves the members of {@code tree.member} under {@code wrapper} ({@code input} → {@code input.data}), in place. */
    private static void wrap(ObjectNode tree, String member, String wrapper) {
        JsonNode content = tree.get(member);
        if (wrapper != null && content != null) {
            ObjectNode wrapped = tree.objectNode();
            wrapped.set(wrapper, content);
            tree.set(member, wrapped);
        }
    }

    private static byte[] bytes(Object message) {
        try {
            return Json.STRICT.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(InfCode.INTERNAL, "message cannot be written", e);
        }
    }

    /** Reads a request of whatever transaction its {@code infno} names. */
    public static Request<?> readRequest(byte[] body) {
        ObjectNode root = readRequestObject(body);
        JsonNode infno = root.get("infno");
        if (infno == null || infno.isNull()) {
            throw ProtocolException.invalid("infno", "required");
        }
        if (!infno.isTextual()) {
            throw ProtocolException.invalid("infno", "wrong type (expected a string)");
        }
        return readRequest(root, Transaction.byInfno("infno", infno.textValue()), false);
    }

    /**
     * Reads a request the station stored itself, of whatever transaction its {@code infno} names: as
     * {@link #readRequest(byte[])}, and a request stored before the wrappers (its input's members directly under
     * {@code input}) is read as if wrapped, so an upgraded station carries on with its outbox.
     */
    public static Request<?> readStoredRequest(byte[] body) {
        ObjectNode root = readRequestObject(body);
        Transaction<?, ?> t = Transaction.byInfno("infno", root.path("infno").asText(null));
        liftEarlierForm(root, t);
        return readRequest(root, t, true);
    }

    /** {@link #readStoredRequest(byte[])} for a request that must be of {@code transaction}. */
    public static <I extends TransactionInput, O extends TransactionOutput> Request<I> readStoredRequest(
            byte[] body, Transaction<I, O> transaction) {
        ObjectNode root = readRequestObject(body);
        liftEarlierForm(root, transaction);
        return readRequest(root, transaction, true);
    }

    /** True for a stored request written before the wrappers: it must be written again before it is sent. */
    public static boolean storedBeforeWrappers(byte[] body) {
        ObjectNode root = readObject(body, Json.STRICT);
        Transaction<?, ?> t = Transaction.orNull(root.path("infno").asText(null));
        return t != null && earlierForm(root, t);
    }

    private static boolean earlierForm(ObjectNode root, Transaction<?, ?> t) {
        JsonNode input = root.get("input");
        String wrapper = t.inputWrapper();
        return wrapper != null && input instanceof ObjectNode && !(input.size() == 1 && input.has(wrapper));
    }

    private static void liftEarlierForm(ObjectNode root, Transaction<?, ?> t) {
        if (earlierForm(root, t)) {
            wrap(root, "input", t.inputWrapper());
        }
    }

    /** Reads a request that must be of {@code transaction}. */
    public static <I extends TransactionInput, O extends TransactionOutput> Request<I> readRequest(
            byte[] body, Transaction<I, O> transaction) {
        return readRequest(readRequestObject(body), transaction, false);
    }

    private static <I extends TransactionInput> Request<I> readRequest(ObjectNode root,
            Transaction<I, ?> transaction, boolean stored) {
        JsonNode inputNode = root.remove("input");
        if (inputNode != null) {
            withinInterfacePrecision(inputNode);
        }
        RequestHeader header = convert(Json.STRICT, root, RequestHeader.class, "");
        if (!transaction.infno().equals(header.infno())) {
            throw ProtocolException.invalid("infno", "must be " + transaction.infno());
        }
        if (inputNode == null || inputNode.isNull()) {
            throw ProtocolException.invalid("input", "required");
        }
        if (!inputNode.isObject()) {
            throw ProtocolException.invalid("input", "wrong type (expected an object)");
        }
        JsonNode content = inputNode;
        String wrapper = transaction.inputWrapper();
        if (wrapper != null) {
            for (var member : inputNode.properties()) {
                if (!member.getKey().equals(wrapper)) {
                    throw ProtocolException.invalid("input." + JsonErrors.safeName(member.getKey()),
                            "unknown member (the input of " + transaction.infno() + " is input." + wrapper + ")");
                }
            }
            content = inputNode.get(wrapper);
            if (content == null || content.isNull()) {
                throw ProtocolException.invalid(transaction.inputPath(), "required");
            }
            if (!content.isObject()) {
                throw ProtocolException.invalid(transaction.inputPath(), "wrong type (expected an object)");
            }
        }
        Request<I> request = new Request<>(header,
                convert(Json.STRICT, content, transaction.inputType(), transaction.inputPath()));
        if (stored) {
            request.validateStored();
        } else {
            request.validate();
        }
        return request;
    }

    /** Reads the response to a request of {@code transaction}. */
    public static <O extends TransactionOutput> Response<O> readResponse(byte[] body,
            Transaction<?, O> transaction) {
        return readResponse(readObject(body, Json.LENIENT), transaction);
    }

    /**
     * Reads an answer the station stored itself: as {@link #readResponse(byte[], Transaction)}, and an answer stored
     * before the wrappers is read as its content; a settlement answer stored before {@code pool_prop_selfpay} was the
     * interface's ratio held there the in-scope co-pay amount; a value there that is not a proportion from 0 to 1
     * is left out, as it is not the ratio (it is {@code inscp_scp_amt − act_pay_dedc − hifp_pay}).
     */
    public static <O extends TransactionOutput> Response<O> readStoredResponse(byte[] body,
            Transaction<?, O> transaction) {
        ObjectNode root = readObject(body, Json.LENIENT);
        JsonNode setlinfo = root.path("output").path("setlinfo");
        if (transaction.outputType() == SettlementResult.class && setlinfo instanceof ObjectNode info
                && info.path("pool_prop_selfpay").isNumber()
                && Ratio.parseOrNull(info.path("pool_prop_selfpay").decimalValue().stripTrailingZeros().toPlainString())
                == null) {
            info.remove("pool_prop_selfpay");
        }
        return readResponse(root, transaction);
    }

    private static <O extends TransactionOutput> Response<O> readResponse(ObjectNode root,
            Transaction<?, O> transaction) {
        JsonNode outputNode = root.remove("output");
        ResponseHeader header = convert(Json.LENIENT, root, ResponseHeader.class, "");
        O output = null;
        JsonNode content = null;
        if (header.infcode() != null && header.infcode() == 0) {
            if (transaction.answersWithFile()) {
                throw ProtocolException.invalid("output", "a " + transaction.infno()
                        + " answer is the file itself; an envelope can only refuse");
            }
            if (outputNode == null || outputNode.isNull()) {
                throw ProtocolException.invalid("output", "required when infcode is 0");
            }
            if (!outputNode.isObject()) {
                throw ProtocolException.invalid("output", "wrong type (expected an object)");
            }
            content = outputContent(outputNode, transaction);
            output = convert(Json.LENIENT, content, transaction.outputType(),
                    content == outputNode ? "output" : transaction.outputPath());
        } else if (outputNode != null && !outputNode.isNull()) {
            throw ProtocolException.invalid("output", "must be absent when infcode is not 0");
        }
        List<ExtraMember> extra = new ArrayList<>();
        KnownMembers.collect(root, ResponseHeader.class, List.of(), extra);
        if (output != null && content == outputNode) {
            KnownMembers.collect(outputNode, transaction.outputType(), List.of("output"), extra);
        } else if (output != null) {
            for (var member : outputNode.properties()) {
                if (member.getKey().equals(transaction.outputWrapper())) {
                    KnownMembers.collect(content, transaction.outputType(), List.of("output", member.getKey()), extra);
                } else {
                    extra.add(new ExtraMember(List.of("output", member.getKey()), member.getValue()));
                }
            }
        }
        Response<O> response = new Response<>(header, output, extra);
        response.validate();
        return response;
    }

    /**
     * The members of the output record: under the transaction's wrapper, or (an answer stored before the wrappers, or
     * a transaction without one) {@code output} itself.
     */
    private static JsonNode outputContent(JsonNode outputNode, Transaction<?, ?> transaction) {
        String wrapper = transaction.outputWrapper();
        if (wrapper == null || !outputNode.has(wrapper)) {
            return outputNode;
        }
        JsonNode content = outputNode.get(wrapper);
        if (!content.isObject()) {
            throw ProtocolException.invalid(transaction.outputPath(), "wrong type (expected an object)");
        }
        return content;
    }

    /**
     * Members whose interface type has more decimals than the value we hold: {@code cnt} N(16,4) (ours: whole units),
     * {@code pric} and {@code pric_uplmt_amt} N(16,6) (ours: fen). Each maps to {the interface's decimals, ours}.
     */
    private static final Map<String, int[]> WIDER_ON_THE_WIRE = Map.of(
            "cnt", new int[] {4, 0}, "pric", new int[] {6, 2}, "pric_uplmt_amt", new int[] {6, 2});

    /**
     * Takes a number of a {@link #WIDER_ON_THE_WIRE} member written in the interface's form with zeros beyond our
     * decimals ({@code "cnt":2.0000}, {@code "pric":12.300000}) as the value it is; anything else is left for the
     * usual rules to judge ({@code 1.5} is still not a count, {@code 12.305} not an amount).
     */
    private static void withinInterfacePrecision(JsonNode node) {
        if (node.isArray()) {
            node.forEach(MessageCodec::withinInterfacePrecision);
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                int[] decimals = WIDER_ON_THE_WIRE.get(member.getKey());
                JsonNode value = member.getValue();
                if (decimals != null && value.isBigDecimal() && value.decimalValue().scale() <= decimals[0]
                        && value.decimalValue().stripTrailingZeros().scale() <= decimals[1]) {
                    BigDecimal ours = value.decimalValue().setScale(decimals[1]);
                    member.setValue(decimals[1] == 0 ? LongNode.valueOf(ours.longValueExact()) : DecimalNode.valueOf(ours));
                } else {
                    withinInterfacePrecision(value);
                }
            }
        }
    }

    private static ObjectNode readRequestObject(byte[] body) {
        String text = Json.utf8(body);
        requirePlainNumbers(text);
        return readObject(text, Json.STRICT);
    }

    static ObjectNode readObject(byte[] body, ObjectMapper mapper) {
        return readObject(Json.utf8(body), mapper);
    }

    /**
     * Refuses a number with an exponent anywhere in {@code text}: the format's numbers are plain decimals
     * (N(16,2) and the like), and the tree would turn some exponent forms into plain values ({@code 12.3e1} into
     * 123), so the rule is checked on the text as sent.
     */
    private static void requirePlainNumbers(String text) {
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT && hasExponent(p.getText())) {
                    throw ProtocolException.invalid(path(p.getParsingContext()),
                            "must be a plain decimal number (no exponent)");
                }
            }
        } catch (JacksonException e) {
            throw JsonErrors.translate(e, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasExponent(String number) {
        return number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
    }

    /** The wire path of the value the parser is at, e.g. {@code input.feedetail[0].pric}. */
    private static String path(JsonStreamContext at) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]");
            } else {
                path.insert(0, (c.getParent() != null && c.getParent().inRoot() ? "" : ".")
                        + JsonErrors.safeName(c.getCurrentName()));
            }
        }
        return path.length() == 0 ? "message" : path.toString();
    }

    private static ObjectNode readObject(String text, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw JsonErrors.translate(e, "");
        } catch (NumberFormatException e) {
            // Jackson refuses an exponent too large for a BigDecimal (1e99999999999) this way, not as a JacksonException
            throw new ProtocolException(InfCode.VALIDATION, "message: a number is out of range");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(InfCode.VALIDATION, "message: must be a JSON object");
        }
        return (ObjectNode) root;
    }

    private static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type, String prefix) {
        try {
            return mapper.readerFor(type).readValue(mapper.treeAsTokens(node));
        } catch (JacksonException e) {
            throw JsonErrors.translate(e, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
