package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HbtpExchange#onAnswer}: hooks that run when the outcome is decided and before the answer is
 * built (the after-hooks of a middleware chain), on calls and server streams; uploads are covered in
 * {@code HbtpUploadRoutesTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpAnswerHookTest {

    private static final HbtpMetadataKey<String> STEP = HbtpMetadataKey.ofString("x-step");

    private static EmbeddedChannel channel(HbtpRouteTable routes) {
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
    }

    private static ByteBuf wire(HbtpFrame f) {
        return HbtpTestSupport.wire(f);
    }

    private static ByteBuf call(int seq, int route, HbtpMetadata metadata) {
        return wire(HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, seq, route, metadata, HbtpTestSupport.pooled("abc")));
    }

    private static HbtpFrame onlyAnswer(EmbeddedChannel ch) {
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        List<HbtpFrame> frames = new ArrayList<>(HbtpTestSupport.decodeAll(bytes, new HbtpCodecConfig(), false));
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    /** Two interceptors each register a hook: the inner one's runs first, and both add metadata. */
    @Test
    void hooksRunNewestFirstBeforeTheAnswerAndAddMetadata() {
        List<String> order = new CopyOnWriteArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(hookAdding("outer", order))
                .intercept(hookAdding("inner", order))
                .route(7, ex -> {
                    order.add("handler");
                    ex.respond(ex.arguments().retain());
                })
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(1, 7, HbtpMetadata.EMPTY));
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(order).containsExactly("handler", "inner:0", "outer:0");
            assertThat(answer.type()).isEqualTo(HbtpOpcode.RPC_RESPONSE);
            assertThat(answer.metadata().getAll(STEP)).containsExactly("inner", "outer");
            assertThat(answer.payload().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    /** §9: a hook that throws on a response turns it into HANDLER_FAILED, and the body is released. */
    @Test
    void aHookThatThrowsTurnsAResponseIntoHandlerFailed() {
        AtomicReference<ByteBuf> body = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    ex.onAnswer((e, outcome) -> {
                        throw new IllegalStateException("after-hook broke");
                    });
                    next.handle(ex);
                })
                .route(7, ex -> {
                    ByteBuf b = ex.alloc().directBuffer().writeBytes(new byte[] {1, 2, 3});
                    body.set(b);
                    ex.respond(b);
                })
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(3, 7, HbtpMetadata.EMPTY));
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(answer.type()).isEqualTo(HbtpOpcode.RPC_ERROR);
            assertThat(answer.errorCode()).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
            assertThat(answer.sequence()).isEqualTo(3);
            assertThat(body.get().refCnt()).isZero();
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    /** An error answer keeps its code when a hook throws, and still carries what the other hooks add. */
    @Test
    void anErrorKeepsItsCodeWhenAHookThrows() {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(hookAdding("outer", new ArrayList<>()))
                .intercept((ex, next) -> {
                    ex.onAnswer((e, outcome) -> {
                        throw new IllegalStateException("after-hook broke");
                    });
                    next.handle(ex);
                })
                .route(7, ex -> ex.fail(HbtpErrorCode.RATE_LIMITED, "slow down"))
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(4, 7, HbtpMetadata.EMPTY));
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(answer.errorCode()).isEqualTo(HbtpErrorCode.RATE_LIMITED.code());
            assertThat(answer.metadata().get(STEP)).isEqualTo("outer");
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    /** §11.2: when the deadline passes, the hooks see TIMEOUT and their metadata rides on the RpcError. */
    @Test
    void hooksRunWithTheRoutersOwnEndings() {
        List<String> order = new CopyOnWriteArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(hookAdding("outer", order))
                .route(7, ex -> { }) // never answers
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(5, 7, HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 20L)));
        ch.advanceTimeBy(25, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(answer.errorCode()).isEqualTo(HbtpErrorCode.TIMEOUT.code());
            assertThat(order).containsExactly("outer:" + HbtpErrorCode.TIMEOUT.code());
            assertThat(answer.metadata().get(STEP)).isEqualTo("outer");
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    /** A server stream's hooks run before its RpcStreamEnd, whose metadata carries what they add. */
    @Test
    void aServerStreamsHooksShapeItsEnd() {
        List<String> order = new CopyOnWriteArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept(hookAdding("outer", order))
                .stream(9, stream -> stream.respond(stream.alloc().directBuffer().writeByte(42)))
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(wire(HbtpFrame.rpcStreamStart(PooledByteBufAllocator.DEFAULT, 6, 9, HbtpMetadata.EMPTY,
                HbtpTestSupport.pooled("s"))));
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(answer.type()).isEqualTo(HbtpOpcode.RPC_STREAM_END);
            assertThat(answer.metadata().get(STEP)).isEqualTo("outer");
            assertThat(order).containsExactly("outer:0");
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    /** A hook registered once the answer is decided runs at once; the answer is not sent twice. */
    @Test
    void aHookRegisteredAfterTheAnswerRunsAtOnce() {
        List<String> order = new CopyOnWriteArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> {
                    ex.respond(ex.arguments().retain());
                    ex.onAnswer((e, outcome) -> {
                        order.add("late:" + outcome);
                        return HbtpMetadata.of(STEP, "dropped");
                    });
                })
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(8, 7, HbtpMetadata.EMPTY));
        HbtpFrame answer = onlyAnswer(ch);
        try {
            assertThat(order).containsExactly("late:0");
            assertThat(answer.metadata().isEmpty()).isTrue();
        } finally {
            answer.release();
        }
        assertFalse(ch.finish());
    }

    private static HbtpRouteInterceptor hookAdding(String name, List<String> order) {
        return (ex, next) -> {
            ex.onAnswer((e, outcome) -> {
                order.add(name + ":" + outcome);
                return HbtpMetadata.of(STEP, name);
            });
            next.handle(ex);
        };
    }
}
