package dev.dx.devserver.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * A change to one demo row, from {@code POST /api/items/{id}}: JSON {@code {"qty":N}},
 * {@code {"name":"..."}} or both. Limits: at most {@value #MAX_BYTES} bytes, {@code qty} an integer in
 * the {@code int} range, {@code name} 1 to {@value #MAX_NAME} characters; nothing else. A field left
 * out is {@code null} (unchanged).
 *
 * @param qty the new quantity, or {@code null}
 * @param name the new name, or {@code null}
 */
record ItemUpdate(Integer qty, String name) {

    /** The most bytes of a body. */
    static final int MAX_BYTES = 4096;

    /** The longest name, in characters. */
    static final int MAX_NAME = 200;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxNumberLength(32).build())
            .build();

    /**
     * Reads a body.
     *
     * @throws LiveRequestException naming the problem
     */
    static ItemUpdate parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new LiveRequestException("body : " + json.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        Integer qty = null;
        String name = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new LiveRequestException("body : not a JSON object (expected: {\"qty\":N} or {\"name\":\"...\"})");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("qty".equals(field)) {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                        throw new LiveRequestException("body : \"qty\" is " + p.getText() + " (expected: an integer in "
                                + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + ")");
                    }
                    qty = p.getIntValue();
                } else if ("name".equals(field)) {
                    if (t != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > MAX_NAME) {
                        throw new LiveRequestException("body : \"name\" (expected: a string of 1 to " + MAX_NAME
                                + " characters)");
                    }
                    name = p.getText();
                } else {
                    throw new LiveRequestException("body : unknown field \"" + field + "\" (expected: qty, name)");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new LiveRequestException("body : not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new LiveRequestException("body : not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LiveRequestException("body : unreadable: " + e.getMessage());
        }
        if (qty == null && name == null) {
            throw new LiveRequestException("body : nothing to change (expected: {\"qty\":N} or {\"name\":\"...\"})");
        }
        return new ItemUpdate(qty, name);
    }
}
