package dev.dx.devserver.browser;

import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The routes the in-page tests of {@code live-server-test.js} call (the list is in that file's
 * header), plus the dev server's routes 1 (query), 2 (live) and 3 (layout) answering the
 * {@code query-users} vector of Teleport §7.
 */
final class RuntimeTestRoutes {

    /** The canonical root layout of the query-users vector (docs/teleport.md §7). */
    static final String USERS_LAYOUT = "struct Users{rows:slice<struct UsersRow{id:i64@0,full_name:optional<string>@8,"
            + "_1st_login:optional<timestamp>@24,id_2:i32@40,balance:optional<decimal>@44,status:string@56,"
            + "ref:optional<uuid>@64,active:bool@88,avatar:optional<bytes>@92,born:optional<date>@104}#112:8>@0}#8:4";
    /** The first byte of a frame with a reserved flag bit set (0x40): refused by the runtime. */
    private static final byte[] RESERVED_FLAG_PING = {0x00, 0x40, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};

    private RuntimeTestRoutes() {
    }

    static HbtpRouteTable build(byte[] usersResult) {
        return HbtpRouteTable.builder()
                .route(1, ex -> ex.respond(ex.alloc().buffer().writeBytes(usersResult)))
                .stream(2, stream -> {
                    for (int i = 0; i < 2; i++) {
                        stream.trySend(stream.alloc().buffer().writeBytes(usersResult));
                    }
                })
                .route(3, ex -> ex.respond(utf8(ex, USERS_LAYOUT)))
                .route(10, ex -> ex.respond(ex.arguments().retainedDuplicate()))
                .route(11, RuntimeTestRoutes::metadataEcho)
                .route(12, ex -> ex.fail(1001, "boom: " + text(ex.arguments())))
                .stream(13, RuntimeTestRoutes::creditedStream)
                .stream(14, stream -> stream.trySend(utf8(stream, "first")))
                .route(15, ex -> ex.channel().pipeline().get(HbtpControlHandler.class).ping().whenComplete((rtt, failure) -> {
                    if (failure == null) {
                        ex.respond(utf8(ex, "pong"));
                    } else {
                        ex.fail(1003, "no Pong: " + failure);
                    }
                }))
                .route(16, ex -> {
                    ex.channel().writeAndFlush(HbtpFrame.newInstance(HbtpOpcode.HTIP_BATCH, 0, 0, ex.arguments().retainedDuplicate()));
                    ex.respond(utf8(ex, "sent"));
                })
                .route(17, ex -> {
                    ex.channel().writeAndFlush(HbtpFrame.newInstance(HbtpOpcode.SERVER_EVENT, 0, 0, ex.arguments().retainedDuplicate()));
                    ex.respond(utf8(ex, "sent"));
                })
                .route(18, ex -> ex.respond(utf8(ex, hellos(ex.channel()))))
                .route(19, ex -> {
                    ex.respond(utf8(ex, "draining"));
                    ex.channel().pipeline().get(HbtpRouter.class).drain(3000);
                })
                .stream(20, stream -> stream.trySend(utf8(stream, "{\"connection\":" + RuntimeTestServer.connectionId(stream.channel()) + "}")))
                .route(21, ex -> {
                    ByteBuf args = ex.arguments().retainedDuplicate();
                    ex.channel().eventLoop().schedule(() -> ex.respond(args), 300, TimeUnit.MILLISECONDS);
                })
                .route(22, ex -> ex.channel().close())
                .route(23, ex -> ex.channel().pipeline().context("hbtpWs")
                        .writeAndFlush(new BinaryWebSocketFrame(ex.alloc().buffer().writeBytes(RESERVED_FLAG_PING))))
                .build();
    }

    /** Answers "ok" with every metadata entry of the call, in order, then {@code served-by: dx-test}. */
    private static void metadataEcho(HbtpExchange ex) {
        HbtpMetadata in = ex.metadata();
        HbtpMetadata.Builder out = HbtpMetadata.builder();
        for (int i = 0; i < in.size(); i++) {
            out.add(in.key(i), in.value(i));
        }
        out.add("served-by", "dx-test".getBytes(StandardCharsets.UTF_8));
        ex.respond(utf8(ex, "ok"), out.build());
    }

    /**
     * Sends N chunks (N the UTF-8 decimal arguments) while the client's credit lasts, each
     * {@code {"i": index, "credit": credit before sending}}, resuming on every grant, then ends.
     * Refuses a start without {@code hbtp-credit}.
     */
    private static void creditedStream(HbtpServerStream stream) {
        if (!stream.metadata().contains("hbtp-credit")) {
            stream.fail(1002, "the stream start carried no hbtp-credit");
            return;
        }
        int total = Integer.parseInt(text(stream.arguments()));
        AtomicInteger next = new AtomicInteger();
        Runnable pump = () -> {
            while (!stream.isDone() && stream.credit() > 0 && next.get() < total) {
                long credit = stream.credit();
                stream.trySend(utf8(stream, "{\"i\":" + next.getAndIncrement() + ",\"credit\":" + credit + "}"));
            }
            if (!stream.isDone() && next.get() == total) {
                stream.end();
            }
        };
        stream.onCredit(pump);
        pump.run();
    }

    private static String hellos(Channel ch) {
        List<String> seen = RuntimeTestServer.hellos(ch);
        return "{\"connection\":" + RuntimeTestServer.connectionId(ch) + ",\"hellos\":["
                + seen.stream().map(RuntimeTestRoutes::quote).collect(Collectors.joining(",")) + "]}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static ByteBuf utf8(HbtpExchange ex, String s) {
        return ByteBufUtil.writeUtf8(ex.alloc(), s);
    }
}
