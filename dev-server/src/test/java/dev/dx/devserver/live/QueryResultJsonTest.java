package dev.dx.devserver.live;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportFormatException;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportQueryResult.Column;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A §7 message of every column type as JSON, checked against the exact text; an absent optional is
 * null. A message of another layout is refused, and nothing leaks either way (pooled direct buffers).
 */
class QueryResultJsonTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static final TeleportQueryResult LAYOUT = TeleportQueryResult.layout("mixed", List.of(
            Column.notNull("id", "int4"), Column.notNull("small", "int2"), Column.notNull("big", "int8"),
            Column.notNull("ok", "bool"), Column.notNull("ratio", "float8"), Column.notNull("price", "numeric"),
            Column.notNull("day", "date"), Column.notNull("at", "timestamptz"), Column.notNull("key", "uuid"),
            Column.notNull("raw", "bytea"), Column.nullable("note", "text")));

    private static ByteBuf message(boolean noteAbsent) {
        TeleportStruct row = LAYOUT.row();
        TeleportWriter w = new TeleportWriter(ALLOC);
        int root = w.begin(LAYOUT.layout());
        int at = w.putSlice(root + LAYOUT.root().offset("rows"), 1, row.layout().size(), row.layout().align());
        w.putInt(at + row.offset("id"), 7);
        w.putShort(at + row.offset("small"), (short) -3);
        w.putLong(at + row.offset("big"), 1L << 40);
        w.putBoolean(at + row.offset("ok"), true);
        w.putDouble(at + row.offset("ratio"), 0.25);
        w.putDecimal(at + row.offset("price"), new BigDecimal("12.50"));
        w.putDate(at + row.offset("day"), LocalDate.of(2026, 12, 6));
        w.putTimestamp(at + row.offset("at"), Instant.parse("2026-12-06T15:10:00.123456Z"));
        w.putUuid(at + row.offset("key"), UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"));
        w.putBytes(at + row.offset("raw"), new byte[] {1, 2, (byte) 0xff});
        TeleportFieldType note = row.field("note").type();
        if (noteAbsent) {
            w.putAbsent(at + row.offset("note"), note);
        } else {
            w.putString(w.putPresent(at + row.offset("note"), note), "say \"hi\"");
        }
        return w.finish();
    }

    private static String json(ByteBuf message) {
        ByteBuf out = QueryResultJson.write(LAYOUT, message, ALLOC);
        try {
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void everyColumnTypeAsJson() {
        String columns = "{\"columns\":[\"id\",\"small\",\"big\",\"ok\",\"ratio\",\"price\",\"day\",\"at\",\"key\",\"raw\",\"note\"],";
        String values = "7,-3,1099511627776,true,0.25,12.50,\"2026-12-06\",\"2026-12-06T15:10:00.123456Z\","
                + "\"00112233-4455-6677-8899-aabbccddeeff\",\"AQL/\",";
        ByteBuf present = message(false);
        try {
            int reader = present.readerIndex();
            assertThat(json(present)).isEqualTo(columns + "\"rows\":[[" + values + "\"say \\\"hi\\\"\"]]}");
            assertThat(present.readerIndex()).isEqualTo(reader);
        } finally {
            present.release();
        }
        ByteBuf absent = message(true);
        try {
            assertThat(json(absent)).isEqualTo(columns + "\"rows\":[[" + values + "null]]}");
        } finally {
            absent.release();
        }
    }

    @Test
    void anEmptyResultHasNoRows() {
        TeleportWriter w = new TeleportWriter(ALLOC);
        int root = w.begin(LAYOUT.layout());
        w.putSlice(root + LAYOUT.root().offset("rows"), 0, LAYOUT.row().layout().size(), LAYOUT.row().layout().align());
        ByteBuf empty = w.finish();
        try {
            assertThat(json(empty)).endsWith("\"rows\":[]}");
        } finally {
            empty.release();
        }
    }

    @Test
    void aMessageOfAnotherLayoutIsRefused() {
        TeleportQueryResult other = TeleportQueryResult.layout("other", List.of(Column.notNull("id", "int4")));
        ByteBuf message = message(false);
        try {
            assertThatThrownBy(() -> QueryResultJson.write(other, message, ALLOC)).isInstanceOf(TeleportFormatException.class);
        } finally {
            message.release();
        }
    }
}
