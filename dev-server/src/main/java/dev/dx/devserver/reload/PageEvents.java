package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON bodies of the reload events (see {@code docs/dev-server.md}, "Events"): the {@code css} and
 * {@code reload} ServerEvents the server sends, and the {@code hello} ClientEvent a page sends.
 * Thread-safe (jackson's factory is).
 */
final class PageEvents {

    /** The largest ClientEvent body read, in bytes. */
    static final int MAX_CLIENT_EVENT = 4096;
    /** The type of the event by which a page says which file it shows. */
    static final String HELLO = "hello";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build();

    private PageEvents() {
    }

    /** {@code {"type":"css","path":path}}. */
    static byte[] css(String path) {
        return event("css", "path", path);
    }

    /** {@code {"type":"reload","reason":reason}}. */
    static byte[] reload(String reason) {
        return event("reload", "reason", reason);
    }

    private static byte[] event(String type, String field, String value) {
        checkNotNull(value, field);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + value.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField(field, value);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory cannot fail
        }
        return out.toByteArray();
    }

    /** A ClientEvent read: its {@code type} and, for {@code hello}, the page. */
    record ClientEvent(String type, String page) {
        boolean isHello() {
            return HELLO.equals(type);
        }
    }

    /**
     * Reads a ClientEvent body: one JSON object with a string {@code type}; a {@code hello} also needs a
     * string {@code page} that starts with {@code /}. Other members are ignored.
     *
     * @throws IllegalArgumentException naming the problem when the body is too long, is not such an object,
     *         or is a {@code hello} without a page
     */
    static ClientEvent read(byte[] body) {
        if (body.length > MAX_CLIENT_EVENT) {
            throw new IllegalArgumentException("a ClientEvent of " + body.length + " bytes (at most "
                    + MAX_CLIENT_EVENT + ")");
        }
        String type = null;
        String page = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a ClientEvent that is not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name) || "page".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new IllegalArgumentException("a ClientEvent whose " + name + " is not a string");
                    }
                    if ("type".equals(name)) {
                        type = p.getText();
                    } else {
                        page = p.getText();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("a ClientEvent with bytes after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a ClientEvent that is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("a ClientEvent that cannot be read: " + e.getMessage(), e);
        }
        if (type == null) {
            throw new IllegalArgumentException("a ClientEvent without a type");
        }
        if (HELLO.equals(type) && (page == null || !page.startsWith("/"))) {
            throw new IllegalArgumentException("a hello whose page is " + (page == null ? "missing" : "'" + page
                    + "' (expected: a path starting with /)"));
        }
        return new ClientEvent(type, page);
    }
}
