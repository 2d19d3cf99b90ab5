package dev.dx.bench.db;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import dev.dx.teleport.TeleportQueryResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HBTP call answered with a query result, through a server's real pipeline (HbtpServerCodec,
 * control handler, router) in an {@link EmbeddedChannel}: the request read, the route run, the
 * answer encoded and taken from the channel. The route answers the users of organisation
 * {@code org} ({@link BenchDatabase#BY_ORG}: 1 row, about 100 bytes; 50 rows, about 4 KiB, over the
 * encoder's 1 KiB compression threshold) in one of these ways:
 *
 * <ul>
 *   <li>{@code cache}: DbTeleport's {@code getCached} and {@code respondTo}, the stored body as it is
 *       (zstd-compressed once, at fill time, when large);</li>
 *   <li>{@code objectCache}: a Caffeine cache of {@link UserRow} lists, serialized per request into
 *       the same Teleport message (and compressed per send by the encoder when large);</li>
 *   <li>{@code pgjdbc}: the query through pgjdbc (a prepared statement on one held connection to the
 *       embedded PostgreSQL on loopback), read into rows and serialized per request;</li>
 *   <li>{@code stored}: the leanest code for the same answer, the stored body held in a field and sent
 *       with no lookup at all.</li>
 * </ul>
 *
 * <p>{@link #setup} checks that every way answers with the same message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class CachedAnswerBenchmark {

    private static final int ROUTE = 7;

    @Param({"cache", "objectCache", "pgjdbc", "stored"})
    public String mode;

    @Param({"1", "50"})
    public int org;

    private BenchDatabase database;
    private DbTeleport cache;
    private Connection connection;
    private PreparedStatement statement;
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;
    private ByteBuf request;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        database = new BenchDatabase();
        cache = DbTeleport.builder().jdbcUrl(database.jdbcUrl(), "postgres", "").build();
        cache.register("byOrg", BenchDatabase.BY_ORG, List.of("bench_users"), "org");
        TeleportQueryResult layout = cache.layout("byOrg");
        Integer key = org;
        cache.get("byOrg", key).get().close();

        connection = database.dataSource().getConnection();
        statement = connection.prepareStatement(BenchDatabase.BY_ORG);
        Cache<Integer, List<UserRow>> objects = Caffeine.newBuilder().maximumSize(10_000).build();
        objects.put(key, query());
        CachedResult held = cache.getCached("byOrg", key);

        HbtpRouteHandler route = switch (mode) {
            case "cache" -> ex -> {
                try (CachedResult r = cache.getCached("byOrg", key)) {
                    r.respondTo(ex);
                }
            };
            case "objectCache" -> ex -> ex.respond(UserRow.encode(layout, objects.getIfPresent(key), ex.alloc()));
            case "pgjdbc" -> ex -> ex.respond(UserRow.encode(layout, query(), ex.alloc()));
            case "stored" -> held::respondTo;
            default -> throw new IllegalArgumentException("mode " + mode);
        };
        channel = new EmbeddedChannel();
        channel.pipeline().addLast(new HbtpServerCodec(new HbtpCodecConfig()), new HbtpControlHandler(),
                new HbtpRouter(HbtpRouteTable.builder().route(ROUTE, route).build()));
        pipeline = channel.pipeline();
        alloc = PooledByteBufAllocator.DEFAULT;
        request = alloc.directBuffer();
        HbtpHeader.write(request, 0x30, HbtpFlags.EXPECTS_RESPONSE, 1, 2 + 4);
        request.writeShortLE(ROUTE).writeIntLE(org);

        ByteBuf expected = held.plainBody(alloc);
        ByteBuf plain = UserRow.encode(layout, query(), alloc);
        try {
            if (!ByteBufUtil.equals(expected, plain)) {
                throw new IllegalStateException("the peers' message differs from the cache's");
            }
        } finally {
            expected.release();
            plain.release();
        }
        if (read() == 0) {
            throw new IllegalStateException(mode + ": no answer");
        }
        if (!mode.equals("stored")) {
            held.close();
        }
    }

    private List<UserRow> query() {
        try {
            statement.setInt(1, org);
            try (ResultSet rs = statement.executeQuery()) {
                return UserRow.readAll(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (request != null) {
            request.release();
        }
        statement.close();
        connection.close();
        cache.close();
        database.close();
    }

    /**
     * One call read, answered and its answer taken from the channel and released.
     *
     * @return the answer's bytes on the wire
     */
    @Benchmark
    public long read() {
        ByteBuf in = alloc.directBuffer(request.readableBytes());
        in.writeBytes(request, request.readerIndex(), request.readableBytes());
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
        long bytes = 0;
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }
}
