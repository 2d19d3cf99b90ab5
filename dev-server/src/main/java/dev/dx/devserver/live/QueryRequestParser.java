package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of a live-data request, UTF-8 JSON {@code {"query":"items","params":[1]}}
 * ({@code params} may be left out: no parameters), with limits: at most {@value #MAX_BYTES} bytes,
 * {@value #MAX_PARAMS} parameters, each a JSON number, string (at most {@value #MAX_STRING} characters),
 * boolean or null. Anything else (other fields, nested arrays or objects, trailing content, malformed
 * JSON) is refused with a {@link LiveRequestException} naming the problem. Integers become {@code Long}
 * (or {@code BigDecimal} when too large), other numbers {@code Double}. Thread-safe, stateless.
 */
public final class QueryRequestParser {

    /** The most bytes of arguments read. */
    public static final int MAX_BYTES = 16 * 1024;

    /** The most parameters. */
    public static final int MAX_PARAMS = 32;

    /** The longest string (query name or parameter), in characters. */
    public static final int MAX_STRING = 4096;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING).maxNestingDepth(4).maxNumberLength(64).build())
            .build();

    private QueryRequestParser() {
    }

    /** Reads {@code arguments} (not released, indexes untouched). */
    public static QueryRequest parse(ByteBuf arguments) {
        checkNotNull(arguments, "arguments");
        checkSize(arguments.readableBytes());
        return parse(ByteBufUtil.getBytes(arguments));
    }

    /** Reads {@code json}, the UTF-8 arguments. */
    public static QueryRequest parse(byte[] json) {
        checkNotNull(json, "json");
        checkSize(json.length);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("arguments : not a JSON object (expected: {\"query\":\"name\",\"params\":[...]})");
            }
            String query = null;
            List<Object> params = List.of();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("query".equals(field)) {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw bad("arguments : \"query\" is " + describe(p.currentToken()) + " (expected: a string)");
                    }
                    query = p.getText();
                } else if ("params".equals(field)) {
                    params = readParams(p);
                } else {
                    throw bad("arguments : unknown field \"" + field + "\" (expected: query, params)");
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw bad("arguments : not a JSON object (expected: {\"query\":\"name\",\"params\":[...]})");
            }
            if (p.nextToken() != null) {
                throw bad("arguments : content after the JSON object");
            }
            if (query == null) {
                throw bad("arguments : no \"query\" (expected: {\"query\":\"name\",\"params\":[...]})");
            }
            return new QueryRequest(query, params);
        } catch (JsonProcessingException e) {
            throw bad("arguments : not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad("arguments : unreadable: " + e.getMessage());
        }
    }

    /** Reads a JSON array of parameters on its own (HTTP's {@code ?params=[1,"x"]}). */
    public static List<Object> parseParams(String json) {
        checkNotNull(json, "json");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        checkSize(bytes.length);
        try (JsonParser p = JSON.createParser(bytes)) {
            p.nextToken();
            List<Object> params = readParams(p);
            if (p.nextToken() != null) {
                throw bad("params : content after the JSON array");
            }
            return params;
        } catch (JsonProcessingException e) {
            throw bad("params : not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad("params : unreadable: " + e.getMessage());
        }
    }

    private static List<Object> readParams(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad("\"params\" is " + describe(p.currentToken()) + " (expected: an array)");
        }
        List<Object> params = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw bad("\"params\" : the array is not closed");
            }
            if (params.size() == MAX_PARAMS) {
                throw bad("\"params\" : more than " + MAX_PARAMS + " parameters (expected: at most " + MAX_PARAMS + ")");
            }
            params.add(value(p, t, params.size()));
        }
        return params;
    }

    private static Object value(JsonParser p, JsonToken t, int index) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            default:
                throw bad("\"params\"[" + index + "] is " + describe(t)
                        + " (expected: a number, string, boolean or null)");
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        switch (t) {
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.toString();
        }
    }

    private static void checkSize(int bytes) {
        if (bytes > MAX_BYTES) {
            throw bad("arguments : " + bytes + " bytes (expected: at most " + MAX_BYTES + ")");
        }
    }

    private static LiveRequestException bad(String message) {
        return new LiveRequestException(message);
    }
}
