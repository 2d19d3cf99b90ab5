package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import dev.dx.codec.hbtp.secure.HbtpServerHandshaker;
import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.stream.ChunkedStream;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One {@link HbtpCompressedBody} answers pipelined calls on two encrypted HBTP/1.1 connections over real
 * sockets on {@link DxReactor} (answers sealed alone and in §12 Batches): every client reads the
 * plaintext, with and without answer metadata, and an upload answered from another thread; the stored
 * body's count is back to 1 afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpCompressedBodySocketTest {

    private static final HbtpKeyPair SERVER_KEYS = HbtpKeyPair.generate();
    private static final HbtpMetadataKey<String> TAG = HbtpMetadataKey.ofString("x-tag");
    private static final byte[] PLAIN = HbtpCompressedBodyTest.text(20_000, 5);

    private static DxReactor reactor;
    private static Listener listener;
    private static HbtpCompressedBody stored;

    @BeforeAll
    static void start() {
        stored = HbtpCompressedBody.compress(PooledByteBufAllocator.DEFAULT, HbtpTestSupport.pooled(PLAIN), 3);
        reactor = DxReactor.builder().workers(1).pinning(false).build().ignite();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> ex.respond(stored))
                .route(8, ex -> ex.respond(stored, HbtpMetadata.of(TAG, "meta")))
                .upload(9, (ch, seq, args) -> new AnswerFromAnotherThread())
                .build();
        HbtpCodecConfig codec = new HbtpCodecConfig().encryptionRequired(true).peerVersion(HbtpVersion.V1_1);
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(codec),
                        new HbtpServerHandshaker(new HbtpHandshakeConfig().staticKeyPair(SERVER_KEYS)),
                        new HbtpControlHandler(), new HbtpStreamReceiver(8, routes), new HbtpRouter(routes));
            }
        });
    }

    /** An upload's consumer that answers with the stored body from a thread of its own, off the event loop. */
    private static final class AnswerFromAnotherThread implements HbtpStreamConsumer {
        private HbtpStreamSubscription subscription;

        @Override
        public void onOpen(HbtpStreamSubscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onChunk(ByteBuf data) {
        }

        @Override
        public void onEnd(ByteBuf data) {
            HbtpExchange exchange = subscription.exchange();
            Thread answerer = new Thread(() -> exchange.respond(stored), "upload-answerer");
            answerer.start();
        }
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
        if (stored != null) {
            stored.release();
        }
    }

    @Test
    void oneStoredBodyAnswersManyCallsOnEncryptedConnections() throws Exception {
        assertThat(stored.isCompressed()).isTrue();
        HbtpClientConfig config = new HbtpClientConfig()
                .codec(new HbtpCodecConfig().encryptionRequired(true))
                .handshake(new HbtpHandshakeConfig().remoteStaticKey(SERVER_KEYS.publicKey()));
        List<HbtpClient> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            clients.add(HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(), config)
                    .get(30, TimeUnit.SECONDS));
        }
        List<CompletableFuture<ByteBuf>> plain = new ArrayList<>();
        List<CompletableFuture<HbtpResponse>> withMetadata = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HbtpClient client = clients.get(i % 2);
            plain.add(client.call(7, HbtpTestSupport.pooled("q" + i)));
            if (i % 4 == 0) {
                withMetadata.add(client.call(8, HbtpTestSupport.pooled("m" + i), HbtpCallOptions.DEFAULT));
            }
        }
        String expected = new String(PLAIN, StandardCharsets.US_ASCII);
        for (CompletableFuture<ByteBuf> f : plain) {
            ByteBuf r = f.get(30, TimeUnit.SECONDS);
            try {
                assertThat(r.toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
            } finally {
                r.release();
            }
        }
        for (CompletableFuture<HbtpResponse> f : withMetadata) {
            HbtpResponse r = f.get(30, TimeUnit.SECONDS);
            try {
                assertThat(r.metadata().get(TAG)).isEqualTo("meta");
                assertThat(r.result().toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
            } finally {
                r.release();
            }
        }
        HbtpResponse uploaded = clients.get(0).upload(9, HbtpTestSupport.pooled("up"),
                new ChunkedStream(new ByteArrayInputStream(new byte[3000])), HbtpCallOptions.DEFAULT)
                .get(30, TimeUnit.SECONDS);
        try {
            assertThat(uploaded.result().toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
        } finally {
            uploaded.release();
        }
        // sealing copies the stored bytes before the write, so every duplicate is gone once answers arrived;
        // the upload's hop to the event loop holds one more reference until its task has returned
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stored.refCnt() != 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(stored.refCnt()).isOne();
        for (HbtpClient c : clients) {
            c.close();
            c.channel().closeFuture().await(10, TimeUnit.SECONDS);
        }
    }
}
