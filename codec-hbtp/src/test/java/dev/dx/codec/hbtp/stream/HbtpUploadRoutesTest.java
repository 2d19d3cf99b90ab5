package dev.dx.codec.hbtp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCompressedBody;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Upload streams come from the one {@link HbtpRouteTable} (HBTP/1.1, spec §7 and §11.2): the table's
 * interceptors run over each RpcStreamStart, can refuse it, see its metadata, and observe the stream's
 * outcome; an {@code hbtp-timeout} on the start bounds the wait for RpcStreamEnd.
 */
class HbtpUploadRoutesTest {

    private static final int UPLOAD = 3;
    private static final HbtpMetadataKey<String> TENANT = HbtpMetadataKey.ofString("x-tenant");
    private static final ByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;

    /** Records what one stream's consumer saw. */
    private static class Sink implements HbtpStreamConsumer {
        final StringBuilder data = new StringBuilder();
        boolean ended;
        boolean aborted;

        @Override
        public void onChunk(ByteBuf chunk) {
            data.append(chunk.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd(ByteBuf last) {
            data.append(last.toString(StandardCharsets.UTF_8));
            ended = true;
        }

        @Override
        public void onAbort() {
            aborted = true;
        }
    }

    private final List<Sink> opened = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private HbtpStreamHandler sinks() {
        return (channel, seq, args) -> {
            log.add("open " + seq + " args=" + args.toString(StandardCharsets.UTF_8));
            Sink s = new Sink();
            opened.add(s);
            return s;
        };
    }

    /** Encodes frames as a client would and feeds them to {@code ch}. */
    private static void send(EmbeddedChannel ch, HbtpFrame... frames) {
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec());
        writer.writeOutbound((Object[]) frames);
        for (Object o; (o = writer.readOutbound()) != null; ) {
            ch.writeInbound(o);
        }
        writer.finishAndReleaseAll();
    }

    private static HbtpFrame start(int seq, HbtpMetadata metadata, String args) {
        return HbtpFrame.rpcStreamStart(POOLED, seq, UPLOAD, metadata, pooled(args));
    }

    private static HbtpFrame chunk(int seq, String data) {
        return HbtpFrame.rpcStreamChunk(seq, pooled(data));
    }

    private static HbtpFrame end(int seq, String data) {
        return new HbtpFrame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, seq, pooled(data));
    }

    private static ByteBuf pooled(String s) {
        ByteBuf b = POOLED.directBuffer();
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        return b;
    }

    /** Reads the one RpcError the server wrote and returns its code. */
    private static int errorCode(EmbeddedChannel ch, int seq) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).as("an answer").isNotNull();
        try {
            assertThat(out.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_ERROR.code());
            assertThat(out.getUnsignedShortLE(2)).isEqualTo(seq);
            return out.getUnsignedShortLE(8);
        } finally {
            out.release();
        }
    }

    private static EmbeddedChannel server(HbtpRouteTable routes) {
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpStreamReceiver(8, routes));
    }

    @Test
    void anInterceptorSeesTheStartsMetadataAndRefusesTheStream() {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    String tenant = ex.metadata().get(TENANT);
                    log.add("intercept route=" + ex.route() + " tenant=" + tenant);
                    if ("acme".equals(tenant)) {
                        next.handle(ex);
                    } else {
                        ex.fail(HbtpErrorCode.UNAUTHORIZED, "no tenant");
                    }
                })
                .upload(UPLOAD, sinks())
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(1, HbtpMetadata.of(TENANT, "other"), "a"), chunk(1, "dropped"), end(1, "!"));
        assertThat(errorCode(ch, 1)).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
        assertThat(opened).isEmpty();

        send(ch, start(2, HbtpMetadata.of(TENANT, "acme"), "b"), chunk(2, "x"), end(2, "y"));
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).data.toString()).isEqualTo("xy");
        assertThat(log).containsExactly("intercept route=3 tenant=other", "intercept route=3 tenant=acme",
                "open 2 args=b");
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theConsumerAnswersThroughTheExchangeAndAnUnansweredUploadCanStillBeCancelled() {
        List<String> outcomes = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    ex.onComplete(done -> outcomes.add(done.sequence() + ":" + done.outcome()));
                    next.handle(ex);
                })
                .upload(UPLOAD, (channel, seq, args) -> new Sink() {
                    HbtpStreamSubscription sub;

                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        sub = subscription;
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onEnd(ByteBuf last) {
                        super.onEnd(last);
                        if (seq == 1) { // stream 2 leaves its answer for later
                            sub.exchange().respond(pooled("got " + data));
                        }
                    }
                })
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(1, HbtpMetadata.EMPTY, ""), chunk(1, "x"));
        assertThat(outcomes).isEmpty();
        send(ch, end(1, "y"));
        ByteBuf answer = ch.readOutbound();
        try {
            assertThat(answer.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_RESPONSE.code());
            assertThat(answer.getUnsignedShortLE(2)).isEqualTo(1);
            assertThat(answer.toString(8, answer.readableBytes() - 8, StandardCharsets.UTF_8)).isEqualTo("got xy");
        } finally {
            answer.release();
        }

        send(ch, start(2, HbtpMetadata.EMPTY, ""), end(2, ""));
        assertThat((Object) ch.readOutbound()).as("no answer yet").isNull();
        send(ch, start(2, HbtpMetadata.EMPTY, "")); // its sequence still waits for the answer
        assertThat(errorCode(ch, 2)).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
        send(ch, HbtpFrame.rpcCancel(2)); // §11.2: no answer sent yet, so CANCELLED
        assertThat(errorCode(ch, 2)).isEqualTo(HbtpErrorCode.CANCELLED.code());

        assertThat(outcomes).containsExactly("1:0", "2:" + HbtpErrorCode.CANCELLED.code());
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    /**
     * Answer hooks run newest first when the upload's outcome is decided, before the answer is built:
     * their metadata rides on the response, and one that throws turns it into HANDLER_FAILED.
     */
    @Test
    void answerHooksShapeTheUploadsAnswer() {
        List<String> hooks = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    ex.onAnswer((done, outcome) -> {
                        hooks.add("outer:" + outcome);
                        return HbtpMetadata.of(TENANT, "outer");
                    });
                    next.handle(ex);
                })
                .intercept((ex, next) -> {
                    ex.onAnswer((done, outcome) -> {
                        hooks.add("inner:" + outcome);
                        if (done.sequence() == 2) {
                            throw new IllegalStateException("after-hook broke");
                        }
                        return HbtpMetadata.EMPTY;
                    });
                    next.handle(ex);
                })
                .upload(UPLOAD, (channel, seq, args) -> new Sink() {
                    HbtpStreamSubscription sub;

                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        sub = subscription;
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onEnd(ByteBuf last) {
                        super.onEnd(last);
                        sub.exchange().respond(pooled("got " + data));
                    }
                })
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(1, HbtpMetadata.EMPTY, ""), chunk(1, "x"), end(1, "y"));
        ByteBuf answer = ch.readOutbound();
        try {
            assertThat(answer.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_RESPONSE.code());
            assertThat(HbtpMetadata.read(answer, 8).get(TENANT)).isEqualTo("outer");
        } finally {
            answer.release();
        }
        assertThat(hooks).containsExactly("inner:0", "outer:0");

        send(ch, start(2, HbtpMetadata.EMPTY, ""), end(2, "z"));
        assertThat(errorCode(ch, 2)).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        assertThat(hooks).containsExactly("inner:0", "outer:0", "inner:0", "outer:0");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDeadlineThatPassesBeforeTheEndAnswersTimeoutAndSignalsCancellation() {
        List<HbtpExchange> exchanges = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    exchanges.add(ex);
                    ex.onCancel(() -> cancelled.add("seq " + ex.sequence()));
                    next.handle(ex);
                })
                .upload(UPLOAD, sinks())
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(5, HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 50L), ""), chunk(5, "x"), chunk(5, "y"));
        assertThat(exchanges.get(0).deadlineNanos()).isNotEqualTo(HbtpExchange.NO_DEADLINE);
        ch.advanceTimeBy(60, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(errorCode(ch, 5)).isEqualTo(HbtpErrorCode.TIMEOUT.code());
        assertThat(cancelled).containsExactly("seq 5");
        assertThat(opened.get(0).aborted).isTrue();
        assertThat(exchanges.get(0).outcome()).isEqualTo(HbtpErrorCode.TIMEOUT.code());
        send(ch, end(5, "late")); // the stream is gone: dropped, no second answer
        assertThat(opened.get(0).ended).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aZeroTimeoutIsAnsweredWithoutRunningTheChain() {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    log.add("intercepted");
                    next.handle(ex);
                })
                .upload(UPLOAD, sinks())
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(4, HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 0L), ""));

        assertThat(errorCode(ch, 4)).isEqualTo(HbtpErrorCode.TIMEOUT.code());
        assertThat(log).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aChainThatNeitherLetsTheStartThroughNorAnswersItIsAnsweredHandlerFailed() {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> log.add("forgot to continue"))
                .upload(UPLOAD, sinks())
                .build();
        EmbeddedChannel ch = server(routes);

        send(ch, start(6, HbtpMetadata.EMPTY, ""), chunk(6, "x"));

        assertThat(errorCode(ch, 6)).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        assertThat(opened).isEmpty();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void answeringAnOpenUploadEndsItAndReleasesWhatWaits() {
        List<HbtpExchange> exchanges = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    exchanges.add(ex);
                    next.handle(ex);
                })
                .upload(UPLOAD, (channel, seq, args) -> new Sink() {
                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        // no demand: chunks wait in the receiver's queue
                    }
                })
                .build();
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(8, routes);
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), receiver);
        send(ch, start(7, HbtpMetadata.EMPTY, ""), chunk(7, "a"), chunk(7, "b"));
        assertThat(receiver.queuedChunks()).isEqualTo(2);

        exchanges.get(0).fail(HbtpErrorCode.RATE_LIMITED, "slow down");

        assertThat(errorCode(ch, 7)).isEqualTo(HbtpErrorCode.RATE_LIMITED.code());
        assertThat(receiver.queuedChunks()).isZero();
        assertThat(receiver.openStreams()).isZero();
        exchanges.get(0).respond(pooled("too late")); // released, not sent
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void oneTableServesEveryConnectionAndCallsAndUploadsShareItsInterceptors() {
        List<String> seen = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    seen.add(ex.getClass().getSimpleName() + "@" + ex.route());
                    next.handle(ex);
                })
                .route(UPLOAD, ex -> ex.respond(Unpooled.EMPTY_BUFFER))
                .upload(UPLOAD, sinks())
                .build();
        assertThat(routes.size()).isEqualTo(1);
        assertThat(routes.hasUploads()).isTrue();
        EmbeddedChannel a = server(routes);
        EmbeddedChannel b = server(routes);

        send(a, start(1, HbtpMetadata.EMPTY, ""), end(1, ""));
        send(b, start(1, HbtpMetadata.EMPTY, ""), end(1, ""));

        assertThat(opened).hasSize(2).allMatch(s -> s.ended);
        assertThat(seen).containsExactly("UploadExchange@3", "UploadExchange@3");
        assertThat(a.finishAndReleaseAll()).isFalse();
        assertThat(b.finishAndReleaseAll()).isFalse();
    }

    /**
     * An upload answered with an {@link HbtpCompressedBody}: the stored zstd frame as is with COMPRESSED;
     * with answer metadata from a hook, the decompressed body behind the block. The stored body's count is
     * unchanged.
     */
    @Test
    void anUploadIsAnsweredWithAStoredCompressedBody() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 4000) {
            text.append("row ").append(text.length() % 17).append(" of a cached result\n");
        }
        HbtpCompressedBody stored = HbtpCompressedBody.compress(POOLED, pooled(text.toString()), 3);
        assertThat(stored.isCompressed()).isTrue();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    if (ex.sequence() == 2) {
                        ex.onAnswer((done, outcome) -> HbtpMetadata.of(TENANT, "hooked"));
                    }
                    next.handle(ex);
                })
                .upload(UPLOAD, (channel, seq, args) -> new Sink() {
                    HbtpStreamSubscription sub;

                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        sub = subscription;
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onEnd(ByteBuf last) {
                        super.onEnd(last);
                        sub.exchange().respond(stored);
                        sub.exchange().respond(stored); // a second answer is dropped
                    }
                })
                .build();
        EmbeddedChannel ch = server(routes);
        send(ch, start(1, HbtpMetadata.EMPTY, ""), end(1, "x"));
        ByteBuf answer = ch.readOutbound();
        try {
            assertThat(answer.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_RESPONSE.code());
            assertThat(answer.getUnsignedByte(1)).isEqualTo((short) HbtpFlags.COMPRESSED);
            assertThat(answer.slice(8, answer.readableBytes() - 8)).isEqualTo(stored.content());
        } finally {
            answer.release();
        }
        assertThat((Object) ch.readOutbound()).isNull();

        send(ch, start(2, HbtpMetadata.EMPTY, ""), end(2, "y"));
        EmbeddedChannel reader = new EmbeddedChannel(new HbtpClientCodec());
        reader.writeInbound((Object) ch.readOutbound());
        HbtpFrame decoded = reader.readInbound();
        try {
            assertThat(decoded.flags()).isEqualTo(HbtpFlags.COMPRESSED | HbtpFlags.HAS_METADATA);
            assertThat(decoded.metadata().get(TENANT)).isEqualTo("hooked");
            assertThat(decoded.payload().toString(StandardCharsets.UTF_8)).isEqualTo(text.toString());
        } finally {
            decoded.release();
        }
        assertThat(reader.finishAndReleaseAll()).isFalse();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(stored.refCnt()).isOne();
        stored.release();
    }
}
