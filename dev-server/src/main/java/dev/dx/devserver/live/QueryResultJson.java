package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes a query result, one Teleport §7 message, as JSON: {@code {"columns":[...],"rows":[[...],...]}},
 * the columns named as the message's row fields are, each row's values in column order. Integers and
 * floats are JSON numbers, {@code decimal} too (its exact text), bools booleans, strings strings;
 * {@code timestamp} is ISO-8601 UTC text ({@code 2026-12-06T15:10:00.123456Z}), {@code date}
 * {@code 2026-12-06}, {@code uuid} its canonical text, {@code bytes} base64; an absent
 * {@code optional} is {@code null}. The message is read through {@link TeleportStructView}, so every
 * reference is checked; a message that is not the layout's throws
 * {@link dev.dx.teleport.TeleportFormatException}. Thread-safe, stateless.
 */
public final class QueryResultJson {

    private static final JsonFactory JSON = new JsonFactory();

    private QueryResultJson() {
    }

    /**
     * The JSON of {@code message} (a plain §7 message laid out as {@code layout}; not released, indexes
     * untouched), in a new buffer from {@code alloc} that the caller releases.
     */
    public static ByteBuf write(TeleportQueryResult layout, ByteBuf message, ByteBufAllocator alloc) {
        checkNotNull(layout, "layout");
        checkNotNull(message, "message");
        TeleportStructView root = new TeleportStructView(layout.root())
                .wrap(new TeleportMessageFlyweight().wrap(message, layout.layout()));
        List<TeleportStruct.Field> fields = layout.row().fields();
        ByteBuf out = alloc.buffer(message.readableBytes() * 2 + 64);
        try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out),
                JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (TeleportStruct.Field f : fields) {
                g.writeString(f.name());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            int n = root.count("rows");
            for (int i = 0; i < n; i++) {
                TeleportStructView row = root.element("rows", i);
                g.writeStartArray();
                for (TeleportStruct.Field f : fields) {
                    writeValue(g, row, f);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            out.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    private static void writeValue(JsonGenerator g, TeleportStructView row, TeleportStruct.Field f)
            throws IOException {
        String name = f.name();
        TeleportFieldType type = f.type();
        if (type.kind() == TeleportFieldType.Kind.OPTIONAL) {
            if (!row.isPresent(name)) {
                g.writeNull();
                return;
            }
            type = type.element();
        }
        switch (type.kind()) {
            case SCALAR:
                if (type.equals(TeleportFieldType.BOOL)) {
                    g.writeBoolean(row.bool(name));
                } else if (type.equals(TeleportFieldType.F32) || type.equals(TeleportFieldType.F64)) {
                    g.writeNumber(row.real(name));
                } else {
                    g.writeNumber(row.integer(name));
                }
                break;
            case STRING:
                g.writeString(row.string(name));
                break;
            case DECIMAL:
                g.writeNumber(row.decimalText(name));
                break;
            case TIMESTAMP:
                g.writeString(row.timestamp(name).toString());
                break;
            case DATE:
                g.writeString(row.date(name).toString());
                break;
            case UUID:
                g.writeString(row.uuid(name).toString());
                break;
            case BYTES:
                g.writeString(Base64.getEncoder().encodeToString(row.bytes(name)));
                break;
            case ENUM:
                g.writeNumber(row.ordinal(name));
                break;
            default:
                // §7 rows hold only the column types above; a nested struct or slice is not a column
                throw new IllegalArgumentException("column " + name + " : " + type + " (expected: a §7 column type)");
        }
    }
}
