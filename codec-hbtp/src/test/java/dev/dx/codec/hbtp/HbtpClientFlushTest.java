package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.secure.HbtpClientHandshaker;
import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How {@link HbtpClientHandler} flushes (issue 26), over real sockets on {@link DxReactor} with an encrypted
 * HBTP/1.1 server: a burst of calls from another thread leaves in one write, one sealed Batch (§12); a lone
 * call is written and flushed at once; calls made by answer callbacks during a read are flushed when the
 * read completes, before the loop runs its tasks. A recorder first in the client's pipeline sees every
 * write (its first byte, the opcode) and flush that reaches the socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpClientFlushTest {

    private static final HbtpKeyPair SERVER_KEYS = HbtpKeyPair.generate();
    private static final int BATCH = HbtpOpcode.BATCH.code();
    private static final int RPC_CALL = HbtpOpcode.RPC_CALL.code();
    private static final List<String> SERVER_SAW = new CopyOnWriteArrayList<>();

    private static DxReactor reactor;
    private static Listener listener;

    private final Wire wire = new Wire();
    private HbtpClient client;

    /** First in the client's pipeline: what reaches the socket, write by write and flush by flush. */
    static final class Wire extends ChannelDuplexHandler {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ByteBuf b = (ByteBuf) msg;
            events.add("write:" + b.getUnsignedByte(b.readerIndex()));
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            events.add("flush");
            ctx.flush();
        }
    }

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> {
                    SERVER_SAW.add(ex.arguments().toString(StandardCharsets.UTF_8));
                    ex.respond(ex.arguments().retain());
                })
                .build();
        HbtpCodecConfig codec = new HbtpCodecConfig().encryptionRequired(true).peerVersion(HbtpVersion.V1_1);
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(codec),
                        new HbtpServerHandshaker(new HbtpHandshakeConfig().staticKeyPair(SERVER_KEYS)),
                        new HbtpControlHandler(), new HbtpRouter(routes));
            }
        });
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @BeforeEach
    void connect() throws Exception {
        HbtpClientConfig config = new HbtpClientConfig().codec(new HbtpCodecConfig().encryptionRequired(true))
                .handshake(new HbtpHandshakeConfig().remoteStaticKey(SERVER_KEYS.publicKey()));
        Channel ch = reactor.clientBootstrap().clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(wire);
                HbtpClient.initPipeline(ch.pipeline(), config);
            }
        }).connect(listener.localAddress()).sync().channel();
        ch.pipeline().get(HbtpClientHandshaker.class).handshakeFuture().sync();
        client = HbtpClient.wrap(ch);
        wire.events.clear();
        SERVER_SAW.clear();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        client.channel().closeFuture().await(10, TimeUnit.SECONDS);
    }

    /** Keeps the client's event loop busy until the returned latch is counted down. */
    private CountDownLatch holdLoop() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        client.channel().eventLoop().execute(() -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static String answer(CompletableFuture<ByteBuf> f) throws Exception {
        ByteBuf r = f.get(10, TimeUnit.SECONDS);
        try {
            return r.toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aBurstFromAnotherThreadLeavesInOneWriteAsOneSealedBatch() throws Exception {
        CountDownLatch release = holdLoop(); // the burst's tasks reach the loop together
        List<CompletableFuture<ByteBuf>> calls = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sent.add("call-" + i);
            calls.add(client.call(7, HbtpTestSupport.pooled("call-" + i)));
        }
        release.countDown();
        List<String> answers = new ArrayList<>();
        for (CompletableFuture<ByteBuf> f : calls) {
            answers.add(answer(f));
        }
        assertThat(answers).isEqualTo(sent);
        assertThat(SERVER_SAW).as("handled in the order called").isEqualTo(sent);
        assertThat(wire.events).containsExactly("write:" + BATCH, "flush");
    }

    @Test
    void aLoneCallIsWrittenAndFlushedAtOnce() throws Exception {
        assertThat(answer(client.call(7, HbtpTestSupport.pooled("alone")))).isEqualTo("alone");
        assertThat(wire.events).containsExactly("write:" + RPC_CALL, "flush");
    }

    /**
     * Calls made by an answer's callback (in channelRead, on the loop) are flushed by the read's
     * channelReadComplete: before a task the callback queued first runs, and as one Batch.
     */
    @Test
    void callsMadeDuringAReadAreFlushedWhenTheReadCompletes() throws Exception {
        CompletableFuture<List<String>> next = new CompletableFuture<>();
        CountDownLatch taskRan = new CountDownLatch(1);
        CountDownLatch release = holdLoop(); // the callback is registered before the answer can arrive
        client.call(7, HbtpTestSupport.pooled("first")).whenComplete((r, e) -> {
            r.release();
            if (!client.channel().eventLoop().inEventLoop()) {
                next.completeExceptionally(new AssertionError("callback off the loop"));
                return;
            }
            client.channel().eventLoop().execute(() -> {
                wire.events.add("task queued by the callback");
                taskRan.countDown();
            });
            List<CompletableFuture<ByteBuf>> more = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                more.add(client.call(7, HbtpTestSupport.pooled("next-" + i)));
            }
            CompletableFuture.allOf(more.toArray(new CompletableFuture<?>[0])).whenComplete((x, y) -> {
                List<String> texts = new ArrayList<>();
                for (CompletableFuture<ByteBuf> f : more) {
                    ByteBuf b = f.join();
                    texts.add(b.toString(StandardCharsets.UTF_8));
                    b.release();
                }
                next.complete(texts);
            });
        });
        release.countDown();
        assertThat(next.get(10, TimeUnit.SECONDS)).containsExactly("next-0", "next-1", "next-2");
        assertThat(taskRan.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wire.events).containsExactly("write:" + RPC_CALL, "flush",
                "write:" + BATCH, "flush", "task queued by the callback");
    }
}
