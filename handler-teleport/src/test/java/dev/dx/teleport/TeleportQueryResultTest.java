package dev.dx.teleport;

import static dev.dx.teleport.TeleportQueryResult.Column.notNull;
import static dev.dx.teleport.TeleportQueryResult.Column.nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportQueryResult.Column;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Teleport/1.1 §7: a query result's layout from its columns, the golden result vector, refusals. */
class TeleportQueryResultTest {

    /** The columns of {@code vectors/query-users.hex}. */
    private static final List<Column> USERS = List.of(
            notNull("id", "bigint"),
            nullable("Full Name", "text"),
            nullable("1st Login", "timestamptz"),
            notNull("ID", "integer"),
            nullable("balance", "numeric"),
            new Column("status", "mood", true, true),
            nullable("ref", "uuid"),
            notNull("active", "boolean"),
            nullable("avatar", "bytea"),
            nullable("born", "date"));

    private static final UUID REF = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    /** The three rows of the vector, one Java value (or null) per column. */
    private static final List<Object[]> ROWS = List.of(
            new Object[] {1L, "Ada Lovelace", Instant.parse("2024-01-15T09:30:00Z"), 10, new BigDecimal("12.50"),
                "happy", REF, true, new byte[] {(byte) 0x89, 0x50, 0x4e, 0x47}, LocalDate.of(1815, 12, 10)},
            new Object[] {2L, null, null, 20, null, "sad", null, false, null, null},
            new Object[] {3L, "Zo\u00eb", Instant.parse("1969-07-20T20:17:40Z"), 30, new BigDecimal("-0.01"),
                "ok", null, true, new byte[0], LocalDate.of(2000, 2, 29)});

    @Test
    void layoutFollowsTheNamingRulesTypeMappingAndNullability() {
        TeleportQueryResult result = TeleportQueryResult.layout("users", USERS);
        assertThat(result.row().layout().canonical()).isEqualTo(SpecEncoder.USERS_ROW);
        assertThat(result.layout().canonical()).isEqualTo(SpecEncoder.USERS);
        assertThat(result.layout().fingerprint()).isEqualTo(SpecEncoder.fnv1a(SpecEncoder.USERS))
                .isEqualTo(0x6b70d9f54f12d7a7L);
        assertThat(result.root().offset("rows")).isZero();
        assertThat(result.layout().size()).isEqualTo(8);
        assertThat(result.layout().align()).isEqualTo(4);
        assertThat(result.fieldNames()).containsExactly("id", "full_name", "_1st_login", "id_2", "balance",
                "status", "ref", "active", "avatar", "born");
        assertThat(result.field(2).type()).isEqualTo(TeleportFieldType.optionalOf(TeleportFieldType.TIMESTAMP));
        assertThat(result.columns()).isEqualTo(USERS);
        assertThat(TeleportQueryResult.layout("Users", USERS).layout()).isEqualTo(result.layout());
    }

    @Test
    void theResultVectorIsWhatTheSpecEncoderAndTheWriterWrite() {
        byte[] vector = TestBytes.vector("query-users.hex");
        assertThat(SpecEncoder.queryUsers()).isEqualTo(vector);
        TeleportQueryResult result = TeleportQueryResult.layout("users", USERS);
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        write(writer, result, ROWS);
        ByteBuf out = writer.finish();
        try {
            assertThat(TestBytes.bytes(out)).isEqualTo(vector);
        } finally {
            out.release();
        }
    }

    @Test
    void theResultVectorReadsBackRowByRowWithNullsAbsent() {
        byte[] vector = TestBytes.vector("query-users.hex");
        TeleportQueryResult result = TeleportQueryResult.layout("users", USERS);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(vector.length).writeBytes(vector);
        TeleportMessage message = TeleportMessage.wrap(buf, result.layout());
        try {
            TeleportStructView root = new TeleportStructView(result.root()).wrap(message);
            assertThat(root.count("rows")).isEqualTo(3);
            List<Object[]> read = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TeleportStructView row = root.element("rows", i);
                read.add(new Object[] {
                    row.integer("id"),
                    row.isPresent("full_name") ? row.string("full_name") : null,
                    row.isPresent("_1st_login") ? row.timestamp("_1st_login") : null,
                    (int) row.integer("id_2"),
                    row.isPresent("balance") ? row.decimal("balance") : null,
                    row.string("status"),
                    row.isPresent("ref") ? row.uuid("ref") : null,
                    row.bool("active"),
                    row.isPresent("avatar") ? row.bytes("avatar") : null,
                    row.isPresent("born") ? row.date("born") : null});
            }
            assertThat(read).usingRecursiveFieldByFieldElementComparator().isEqualTo(ROWS);
            assertThat(root.element("rows", 1)).hasToString("UsersRow{id=2, full_name=null, _1st_login=null,"
                    + " id_2=20, balance=null, status=\"sad\", ref=null, active=false, avatar=null, born=null}");
        } finally {
            message.release();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "id|id", "ID|id", "First Name|first_name", "1st|_1st", "_x|_x", "a-b.c|a_b_c", "Größe|gr__e",
        "?column?|_column_", "9|_9", "x\uD83D\uDE00y|x_y", "caf\u00e9|caf_", "a b  c|a_b__c"})
    void labelsBecomeFieldNamesBySection7sRules(String label, String field) {
        assertThat(ColumnFieldNames.fieldName(label)).isEqualTo(field);
    }

    @Test
    void repeatedNamesAreSuffixedInOrderWithTheFirstFreeSuffix() {
        TeleportQueryResult result = TeleportQueryResult.layout("q", List.of(
                notNull("id", "int4"), notNull("ID", "int4"), notNull("Id", "int4"), notNull("id_2", "int4"),
                notNull("a b", "int4"), notNull("a-b", "int4")));
        assertThat(result.fieldNames()).containsExactly("id", "id_2", "id_3", "id_2_2", "a_b", "a_b_2");
        assertThat(result.row().name()).isEqualTo("QRow");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "boolean|bool", "bool|bool", "smallint|i16", "int2|i16", "integer|i32", "int4|i32", "serial|i32",
        "bigint|i64", "int8|i64", "bigserial|i64", "real|f32", "float4|f32", "double precision|f64",
        "float8|f64", "text|string", "varchar|string", "character varying(20)|string", "char|string",
        "bpchar|string", "\"char\"|string", "name|string", "json|string", "jsonb|string", "bytea|bytes",
        "timestamp|timestamp", "timestamp(3) without time zone|timestamp", "timestamptz|timestamp",
        "TIMESTAMP WITH TIME ZONE|timestamp", "date|date", "uuid|uuid", "numeric|decimal",
        "numeric(10, 2)|decimal", "decimal|decimal"})
    void pgTypesMapAsSection7Says(String pgType, String teleport) {
        TeleportQueryResult result = TeleportQueryResult.layout("Q", List.of(notNull("c", pgType),
                nullable("n", pgType)));
        assertThat(result.field(0).type().canonical()).isEqualTo(teleport);
        assertThat(result.field(1).type().canonical()).isEqualTo("optional<" + teleport + ">");
    }

    @Test
    void anEnumColumnIsAStringWhateverItsTypeIsCalled() {
        TeleportQueryResult result = TeleportQueryResult.layout("Q", List.of(
                new Column("mood", "mood", true, true), new Column("m2", "interval", false, true)));
        assertThat(result.row().layout().canonical())
                .isEqualTo("struct QRow{mood:string@0,m2:optional<string>@8}#20:4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval", "money", "time", "timetz", "time with time zone", "inet", "cidr",
        "macaddr", "xml", "point", "box", "bit", "varbit", "tsvector", "oid", "int4[]", "_int4", "integer[]",
        "jsonpath", "int4range", "hstore", "citext", "unknown", ""})
    void everyOtherPgTypeIsRefusedNamingTheColumnAndItsType(String pgType) {
        assertThatThrownBy(() -> TeleportQueryResult.layout("Q", List.of(notNull("ok", "int4"),
                nullable("Bad Col", pgType))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 2 \"Bad Col\" : PostgreSQL type \"" + pgType + "\" is not supported (expected:"
                        + " boolean, smallint, integer, bigint, real, double precision, text, varchar, char,"
                        + " name, bytea, timestamp, timestamptz, date, uuid, numeric, json, jsonb, or an enum"
                        + " type; Teleport/1.1 §7)");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> TeleportQueryResult.layout("my query", List.of(notNull("a", "int4"))))
                .hasMessageStartingWith("query name : \"my query\" (expected: a Java identifier");
        assertThatThrownBy(() -> TeleportQueryResult.layout("Q", List.of(notNull("a", "int4"), notNull("", "int4"))))
                .hasMessage("column 2 : empty label (expected: a name)");
        assertThatThrownBy(() -> new Column(null, "int4", true, false)).hasMessageContaining("label");
        assertThat(TeleportQueryResult.layout("q", List.of()).layout().canonical())
                .isEqualTo("struct Q{rows:slice<struct QRow{}#0:1>@0}#8:4");
    }

    /** Writes a result of {@code rows} (one value or null per column) as the query cache would. */
    static void write(TeleportWriter writer, TeleportQueryResult result, List<Object[]> rows) {
        TeleportStruct row = result.row();
        int root = writer.begin(result.layout());
        int first = writer.putSlice(root + result.root().offset("rows"), rows.size(), row.layout().size(),
                row.layout().align());
        for (int r = 0; r < rows.size(); r++) {
            int at = first + r * row.layout().size();
            for (int c = 0; c < row.fields().size(); c++) {
                TeleportStruct.Field field = row.fields().get(c);
                Object value = rows.get(r)[c];
                TeleportFieldType type = field.type();
                int valueAt = at + field.offset();
                if (type.kind() == TeleportFieldType.Kind.OPTIONAL) {
                    if (value == null) {
                        writer.putAbsent(valueAt, type);
                        continue;
                    }
                    valueAt = writer.putPresent(valueAt, type);
                    type = type.element();
                }
                put(writer, type, valueAt, value);
            }
        }
    }

    private static void put(TeleportWriter writer, TeleportFieldType type, int at, Object value) {
        switch (type.kind()) {
            case STRING -> writer.putString(at, (String) value);
            case BYTES -> writer.putBytes(at, (byte[]) value);
            case DECIMAL -> writer.putDecimal(at, (BigDecimal) value);
            case TIMESTAMP -> writer.putTimestamp(at, (Instant) value);
            case DATE -> writer.putDate(at, (LocalDate) value);
            case UUID -> writer.putUuid(at, (UUID) value);
            default -> {
                if (type == TeleportFieldType.BOOL) {
                    writer.putBoolean(at, (Boolean) value);
                } else if (type == TeleportFieldType.I32) {
                    writer.putInt(at, (Integer) value);
                } else {
                    writer.putLong(at, (Long) value);
                }
            }
        }
    }
}
