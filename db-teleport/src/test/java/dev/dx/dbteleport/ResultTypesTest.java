package dev.dx.dbteleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.dbteleport.testing.FakeChangeFeed;
import dev.dx.dbteleport.testing.PostgresExtension;
import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every column type Teleport/1.1 §7 maps, and NULL, through the cache and back: registered,
 * filled from a real PostgreSQL, read through {@link TeleportStructView} from the cached body.
 * §7: boolean→bool, smallint→i16, integer→i32, bigint→i64, real→f32, double precision→f64,
 * text/varchar/char/name→string, bytea→bytes, timestamp/timestamptz→timestamp (timestamp without
 * time zone read as UTC), date→date, uuid→uuid, numeric→decimal, enum→string, json/jsonb→string;
 * a column not declared NOT NULL is optional&lt;T&gt;.
 */
@Timeout(60)
class ResultTypesTest {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final String COLUMNS = "b boolean, s smallint, i integer, l bigint, r real, d double precision,"
            + " t text, v varchar(20), c char(3), n name, by bytea, ts timestamp, tz timestamptz, dt date,"
            + " u uuid, num numeric, m mood, j json, jb jsonb";
    private static final String VALUES = "true, -7, 123456, 9000000000, 1.5, -2.25, 'text é', 'var', 'ab', 'nm',"
            + " '\\x00ff10', '2024-02-29 12:34:56.789012', '2024-02-29 12:34:56.5+02', '2024-02-29',"
            + " '123e4567-e89b-12d3-a456-426614174000', '-12345.678900', 'happy', '{\"a\": 1}', '{\"b\": [2]}'";
    private static final UUID U = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private static final FakeChangeFeed FEED = new FakeChangeFeed();
    private static DbTeleport cache;

    @BeforeAll
    static void setUp() {
        PG.execute("create type mood as enum ('sad', 'ok', 'happy');"
                + "create table strict_types(" + COLUMNS.replace(",", " not null,") + " not null);"
                + "create table loose_types(id int not null, " + COLUMNS + ");"
                + "insert into strict_types values (" + VALUES + ");"
                + "insert into loose_types values (1, " + VALUES + "), (2" + ", null".repeat(19) + ");");
        cache = DbTeleport.builder().dataSource(PG.dataSource()).changeFeedFactory(FEED.factory()).build();
        cache.register("strict", "select * from strict_types", List.of("strict_types"));
        cache.register("loose", "select b, s, i, l, r, d, t, v, c, n, by, ts, tz, dt, u, num, m, j, jb"
                + " from loose_types order by id", List.of("loose_types"));
    }

    @AfterAll
    static void tearDown() {
        cache.close();
    }

    @Test
    void everyParameterKindBinds() throws Exception {
        cache.register("match", "select count(*) as n from strict_types where b = ? and s = ? and i = ? and l = ?"
                + " and r = ? and d = ? and t = ? and by = ? and ts = ? and tz = ? and dt = ? and u = ? and num = ?"
                + " and m = ?::mood", List.of("strict_types"));
        Object[] params = {true, (short) -7, 123456, 9_000_000_000L, 1.5f, -2.25, "text é", new byte[] {0, -1, 16},
            java.time.LocalDateTime.parse("2024-02-29T12:34:56.789012"), Instant.parse("2024-02-29T10:34:56.5Z"),
            LocalDate.of(2024, 2, 29), U, new BigDecimal("-12345.6789"), "happy"};
        assertThat(count("match", params)).isEqualTo(1);
        params[12] = null;
        assertThat(count("match", params)).as("= NULL matches nothing").isZero();
        params[12] = new BigDecimal("-12345.6789");
        params[9] = java.time.OffsetDateTime.parse("2024-02-29T12:34:56.5+02:00");
        params[8] = Instant.parse("2024-02-29T12:34:56.789012Z");
        assertThat(count("match", params)).isEqualTo(1);
    }

    @Test
    void anEnumParameterBindsAsText() throws Exception {
        cache.register("byMood", "select count(*) as n from strict_types where m = ?", List.of("strict_types"));
        assertThat(count("byMood", "happy")).isEqualTo(1);
        assertThat(count("byMood", "sad")).isZero();
        assertThat(count("byMood", (Object) null)).isZero();
    }

    @Test
    void mixedCaseTablesAreIndexedAsNotificationsNameThem() throws Exception {
        PG.execute("create table \"Audit\"(id int)");
        cache.register("audit", "select id from \"Audit\"", List.of("\"Audit\""));
        assertThat(FEED.watches()).contains(new FakeChangeFeed.Watch("public.Audit", null));
        cache.get("audit").get().close();
        FEED.sink().tableChanged("public.audit", 0);
        assertThat(cache.getCached("audit")).isNull();
    }

    private static long count(String query, Object... params) throws Exception {
        try (CachedResult result = cache.get(query, params).get()) {
            ByteBuf plain = result.plainBody(PooledByteBufAllocator.DEFAULT);
            TeleportMessage message = TeleportMessage.wrap(plain, cache.layout(query).layout());
            try {
                return new TeleportStructView(cache.layout(query).root()).wrap(message).element("rows", 0)
                        .integer("n");
            } finally {
                message.release();
            }
        }
    }

    @Test
    void layoutFollowsSection7() {
        TeleportQueryResult strict = cache.layout("strict");
        assertThat(strict.root().toString()).startsWith("struct Strict{rows:slice<struct StrictRow{b:bool@0,s:i16@2,");
        assertThat(strict.row().field("by").type()).isEqualTo(TeleportFieldType.BYTES);
        assertThat(strict.row().field("ts").type()).isEqualTo(TeleportFieldType.TIMESTAMP);
        assertThat(strict.row().field("tz").type()).isEqualTo(TeleportFieldType.TIMESTAMP);
        assertThat(strict.row().field("dt").type()).isEqualTo(TeleportFieldType.DATE);
        assertThat(strict.row().field("u").type()).isEqualTo(TeleportFieldType.UUID);
        assertThat(strict.row().field("num").type()).isEqualTo(TeleportFieldType.DECIMAL);
        assertThat(strict.row().field("m").type()).isEqualTo(TeleportFieldType.STRING);
        assertThat(strict.row().field("jb").type()).isEqualTo(TeleportFieldType.STRING);
        TeleportQueryResult loose = cache.layout("loose");
        assertThat(loose.row().field("b").type()).isEqualTo(TeleportFieldType.optionalOf(TeleportFieldType.BOOL));
        assertThat(loose.row().field("num").type())
                .isEqualTo(TeleportFieldType.optionalOf(TeleportFieldType.DECIMAL));
    }

    @Test
    void everyTypeRoundTripsNotNull() throws Exception {
        read("strict", rows -> {
            assertThat(rows.count("rows")).isEqualTo(1);
            assertValues(rows.element("rows", 0));
        });
    }

    @Test
    void everyTypeRoundTripsAsOptionalAndNull() throws Exception {
        read("loose", rows -> {
            assertThat(rows.count("rows")).isEqualTo(2);
            TeleportStructView present = rows.element("rows", 0);
            assertValues(present);
            TeleportStructView absent = rows.element("rows", 1);
            for (String field : List.of("b", "s", "i", "l", "r", "d", "t", "v", "c", "n", "by", "ts", "tz", "dt", "u",
                    "num", "m", "j", "jb")) {
                assertThat(present.isPresent(field)).as(field).isTrue();
                assertThat(absent.isPresent(field)).as(field).isFalse();
            }
        });
    }

    private static void assertValues(TeleportStructView row) {
        assertThat(row.bool("b")).isTrue();
        assertThat(row.integer("s")).isEqualTo(-7);
        assertThat(row.integer("i")).isEqualTo(123456);
        assertThat(row.integer("l")).isEqualTo(9_000_000_000L);
        assertThat(row.real("r")).isEqualTo(1.5);
        assertThat(row.real("d")).isEqualTo(-2.25);
        assertThat(row.string("t")).isEqualTo("text é");
        assertThat(row.string("v")).isEqualTo("var");
        assertThat(row.string("c")).isEqualTo("ab ");
        assertThat(row.string("n")).isEqualTo("nm");
        assertThat(row.bytes("by")).containsExactly(0x00, 0xff, 0x10);
        assertThat(row.timestamp("ts")).isEqualTo(Instant.parse("2024-02-29T12:34:56.789012Z"));
        assertThat(row.timestamp("tz")).isEqualTo(Instant.parse("2024-02-29T10:34:56.5Z"));
        assertThat(row.date("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.uuid("u")).isEqualTo(U);
        assertThat(row.decimal("num")).isEqualTo(new BigDecimal("-12345.678900"));
        assertThat(row.string("m")).isEqualTo("happy");
        assertThat(row.string("j")).isEqualTo("{\"a\": 1}");
        assertThat(row.string("jb")).isEqualTo("{\"b\": [2]}");
    }

    /** Fills (a miss), then reads the cached body (a hit) through a view of the query's root. */
    private static void read(String query, Consumer<TeleportStructView> check) throws Exception {
        cache.get(query).get().close();
        try (CachedResult result = cache.getCached(query)) {
            assertThat(result).isNotNull();
            assertThat(result.fingerprint()).isEqualTo(cache.layout(query).layout().fingerprint());
            ByteBuf plain = result.plainBody(PooledByteBufAllocator.DEFAULT);
            TeleportMessage message = TeleportMessage.wrap(plain, cache.layout(query).layout());
            try {
                check.accept(new TeleportStructView(cache.layout(query).root()).wrap(message));
            } finally {
                message.release();
            }
        }
    }
}
