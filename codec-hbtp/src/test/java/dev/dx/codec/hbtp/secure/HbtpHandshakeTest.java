package dev.dx.codec.hbtp.secure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpClientCodec;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpException;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpProtocolErrorEvent;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.HbtpServerCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spec §6 over two EmbeddedChannels: the handshake in Auth* frames, then sealed frames. */
class HbtpHandshakeTest {

    private static final HbtpKeyPair SERVER_KEYS = HbtpKeyPair.generate();
    private static final HbtpKeyPair CLIENT_KEYS = HbtpKeyPair.generate();

    /** Collects frames and events reaching the end of a pipeline. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final List<HbtpFrame> frames = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add((HbtpFrame) msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        void release() {
            frames.forEach(HbtpFrame::release);
            frames.clear();
        }

        HbtpErrorCode protocolError() {
            for (Object e : events) {
                if (e instanceof HbtpProtocolErrorEvent) {
                    return ((HbtpProtocolErrorEvent) e).errorCode();
                }
            }
            return null;
        }
    }

    private final Sink serverSink = new Sink();
    private final Sink clientSink = new Sink();

    private EmbeddedChannel server(HbtpHandshakeConfig config) {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> ex.respond(ex.arguments().retain()))
                .route(8, ex -> ex.respond(ByteBufUtil.writeUtf8(ex.alloc(),
                        String.valueOf(HbtpPeerIdentity.of(ex.channel())))))
                .build();
        return new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig().encryptionRequired(true)),
                new HbtpServerHandshaker(config), new HbtpControlHandler(), new HbtpRouter(routes), serverSink);
    }

    private EmbeddedChannel client(HbtpHandshakeConfig config) {
        return new EmbeddedChannel(new HbtpClientCodec(new HbtpCodecConfig().encryptionRequired(true)),
                new HbtpClientHandshaker(config), new HbtpControlHandler(), clientSink);
    }

    private static HbtpHandshakeConfig serverConfig(HbtpNoisePattern p) {
        return new HbtpHandshakeConfig().pattern(p).staticKeyPair(SERVER_KEYS)
                .tokenValidator((token, key) -> new String(token, StandardCharsets.UTF_8).equals("let-me-in"));
    }

    private static HbtpHandshakeConfig clientConfig(HbtpNoisePattern p, String token) {
        HbtpHandshakeConfig c = new HbtpHandshakeConfig().pattern(p)
                .token(token.getBytes(StandardCharsets.UTF_8));
        return p == HbtpNoisePattern.NK ? c.remoteStaticKey(SERVER_KEYS.publicKey()) : c.staticKeyPair(CLIENT_KEYS);
    }

    private static void pumpAll(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 50; i++) {
            boolean moved = pump(a, b) | pump(b, a);
            if (!moved) {
                return;
            }
        }
    }

    private static boolean pump(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object o; (o = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(o);
            } else {
                ((ByteBuf) o).release();
            }
        }
        return moved;
    }

    private static HbtpFrame call(int seq, String args) {
        return call(seq, 7, args);
    }

    /** A copy in a pooled direct buffer, which the leak detector tracks (it never tracks Unpooled heap buffers). */
    private static ByteBuf pooled(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** A call whose buffers are pooled and direct, so the leak detector tracks them on every path. */
    private static HbtpFrame call(int seq, int route, String args) {
        return HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, seq, route,
                ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, args));
    }

    @ParameterizedTest
    @EnumSource(HbtpNoisePattern.class)
    void handshakeThenEncryptedCalls(HbtpNoisePattern pattern) {
        EmbeddedChannel server = server(serverConfig(pattern));
        EmbeddedChannel client = client(clientConfig(pattern, "let-me-in"));
        pumpAll(client, server);
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        assertThat(hs.handshakeFuture().isSuccess()).isTrue();
        HbtpHandshakeCompletionEvent done = (HbtpHandshakeCompletionEvent) serverSink.events.stream()
                .filter(e -> e instanceof HbtpHandshakeCompletionEvent).findFirst().orElseThrow();
        assertThat(done.isSuccess()).isTrue();
        assertThat(new String(done.token(), StandardCharsets.UTF_8)).isEqualTo("let-me-in");
        if (pattern == HbtpNoisePattern.XX) {
            assertThat(done.remoteStaticKey()).isEqualTo(CLIENT_KEYS.publicKey());
        }

        client.writeOutbound(call(1, "one"), call(2, "two"));
        // on the wire: ENCRYPTED, header length includes the tag
        ByteBuf wire = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (Object o; (o = client.readOutbound()) != null; ) {
            wire.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        assertThat(wire.getUnsignedByte(1) & HbtpFlags.ENCRYPTED).isEqualTo(HbtpFlags.ENCRYPTED);
        assertThat(wire.getUnsignedIntLE(4)).isEqualTo(2 + 3 + 16);
        ByteBuf plain = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("one".getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(ByteBufUtil.indexOf(plain, wire)).isEqualTo(-1);
        } finally {
            plain.release();
        }
        server.writeInbound(wire);
        pumpAll(server, client);
        assertThat(clientSink.frames).hasSize(2);
        assertThat(clientSink.frames.get(0).type()).isEqualTo(HbtpOpcode.RPC_RESPONSE);
        assertThat(clientSink.frames.get(0).hasFlag(HbtpFlags.ENCRYPTED)).isTrue();
        assertThat(clientSink.frames.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(clientSink.frames.get(1).content().toString(StandardCharsets.UTF_8)).isEqualTo("two");
        clientSink.release();
        assertThat(server.isOpen()).isTrue();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void refusedTokenIsAuthFailureUnauthorizedThenClose() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "wrong"));
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        pumpAll(client, server);
        assertThat(hs.handshakeFuture().isSuccess()).isFalse();
        assertThat(hs.handshakeFuture().cause()).isInstanceOf(HbtpRpcException.class);
        assertThat(((HbtpRpcException) hs.handshakeFuture().cause()).errorCode()).isEqualTo(HbtpErrorCode.UNAUTHORIZED);
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isFalse();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void wrongPinnedKeyFailsTheHandshakeInWords() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(new HbtpHandshakeConfig().remoteStaticKey(HbtpKeyPair.generate().publicKey())
                .token("let-me-in".getBytes(StandardCharsets.UTF_8)));
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        pumpAll(client, server);
        assertThat(hs.handshakeFuture().isSuccess()).isFalse();
        // the server cannot open the AuthChallenge (its key is not the pinned one) and says so (§6)
        assertThat(hs.handshakeFuture().cause())
                .isInstanceOf(HbtpException.class)
                .hasMessage("UNAUTHORIZED: server static key does not match");
        assertThat(((HbtpException) hs.handshakeFuture().cause()).errorCode()).isEqualTo(HbtpErrorCode.UNAUTHORIZED);
        assertThat(completion(serverSink).isSuccess()).isFalse();
        assertThat(completion(clientSink).cause()).isSameAs(hs.handshakeFuture().cause());
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isFalse();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    /** Relays the handshake through a man in the middle that swaps the server's ephemeral key. */
    @Test
    void anAuthResponseThatDoesNotOpenUnderThePinnedKeyIsAKeyMismatch() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        pump(client, server);
        ByteBuf response = server.readOutbound();
        ByteBuf forged = PooledByteBufAllocator.DEFAULT.directBuffer(response.readableBytes()).writeBytes(response);
        response.release();
        try {
            assertThat((int) forged.getUnsignedByte(0)).isEqualTo(HbtpOpcode.AUTH_RESPONSE.code());
            forged.setByte(HbtpHeader.SIZE, forged.getByte(HbtpHeader.SIZE) ^ 1); // first byte of the ephemeral key
            client.writeInbound(forged.retain());
            assertThat(hs.handshakeFuture().cause())
                    .isInstanceOf(HbtpException.class)
                    .hasMessage("UNAUTHORIZED: server static key does not match");
            assertThat(client.isOpen()).isFalse();
        } finally {
            forged.release();
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    /** Too short to be a Noise message: broken, not a key mismatch. */
    @Test
    void aTruncatedAuthResponseIsNotCalledAKeyMismatch() {
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        client.releaseOutbound();
        ByteBuf truncated = PooledByteBufAllocator.DEFAULT.directBuffer();
        HbtpHeader.write(truncated, HbtpOpcode.AUTH_RESPONSE.code(), 0, 0, 20);
        truncated.writeZero(20);
        client.writeInbound(truncated);
        assertThat(hs.handshakeFuture().cause())
                .isInstanceOf(HbtpRpcException.class)
                .hasMessageContaining("too short")
                .hasMessageNotContaining("does not match");
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
    }

    private static HbtpHandshakeCompletionEvent completion(Sink sink) {
        return (HbtpHandshakeCompletionEvent) sink.events.stream()
                .filter(e -> e instanceof HbtpHandshakeCompletionEvent).findFirst().orElseThrow();
    }

    /** A principal the authenticator derives from the token (NK) or the client's static key (XX). */
    private static HbtpHandshakeConfig authenticatingServer(HbtpNoisePattern p) {
        return new HbtpHandshakeConfig().pattern(p).staticKeyPair(SERVER_KEYS)
                .authenticator((token, clientKey) -> {
                    String t = new String(token, StandardCharsets.UTF_8);
                    if (!t.startsWith("user:")) {
                        return null;
                    }
                    return clientKey == null ? t : t + "/" + ByteBufUtil.hexDump(clientKey, 0, 4);
                });
    }

    @ParameterizedTest
    @EnumSource(HbtpNoisePattern.class)
    void theAuthenticatorsIdentityReachesTheChannelTheEventAndTheHandlers(HbtpNoisePattern pattern) {
        EmbeddedChannel server = server(authenticatingServer(pattern));
        EmbeddedChannel client = client(clientConfig(pattern, "user:alice"));
        assertThat(HbtpPeerIdentity.of(server)).isNull(); // not before the handshake
        pumpAll(client, server);
        assertThat(client.pipeline().get(HbtpClientHandshaker.class).handshakeFuture().isSuccess()).isTrue();
        String expected = pattern == HbtpNoisePattern.NK ? "user:alice"
                : "user:alice/" + ByteBufUtil.hexDump(CLIENT_KEYS.publicKey(), 0, 4);
        assertThat(HbtpPeerIdentity.of(server)).isEqualTo(expected);
        assertThat(completion(serverSink).identity()).isSameAs(HbtpPeerIdentity.of(server));
        assertThat(HbtpPeerIdentity.of(client)).isNull();
        assertThat(completion(clientSink).identity()).isNull();

        // a route handler reads it from its exchange's channel
        client.writeOutbound(call(3, 8, ""));
        pumpAll(client, server);
        assertThat(clientSink.frames).hasSize(1);
        assertThat(clientSink.frames.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        clientSink.release();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void anAuthenticatorThatReturnsNullRefusesTheClient() {
        EmbeddedChannel server = server(authenticatingServer(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "guest"));
        HbtpClientHandshaker hs = client.pipeline().get(HbtpClientHandshaker.class);
        pumpAll(client, server);
        assertThat(hs.handshakeFuture().cause()).isInstanceOf(HbtpRpcException.class).hasMessageContaining("token refused");
        assertThat(completion(serverSink).isSuccess()).isFalse();
        assertThat(completion(serverSink).identity()).isNull();
        assertThat(HbtpPeerIdentity.of(server)).isNull();
        assertThat(server.isOpen()).isFalse();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void aTokenValidatorAcceptsWithoutAnIdentity() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        pumpAll(client, server);
        assertThat(client.pipeline().get(HbtpClientHandshaker.class).handshakeFuture().isSuccess()).isTrue();
        assertThat(completion(serverSink).isSuccess()).isTrue();
        assertThat(completion(serverSink).identity()).isNull();
        assertThat(HbtpPeerIdentity.of(server)).isNull();
        client.writeOutbound(call(3, 8, ""));
        pumpAll(client, server);
        assertThat(clientSink.frames.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("null");
        clientSink.release();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void aChannelWithoutAHandshakeHasNoIdentity() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(HbtpPeerIdentity.of(ch)).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void theConfigKeepsTheLastOfValidatorAndAuthenticator() throws Exception {
        HbtpHandshakeConfig c = new HbtpHandshakeConfig();
        assertThat(c.authenticator().authenticate(new byte[0], null)).isSameAs(HbtpAuthenticator.ANONYMOUS);
        c.authenticator((token, key) -> token.length > 0 ? "someone" : null);
        assertThat(c.tokenValidator().validate(new byte[] {1}, null)).isTrue();
        assertThat(c.tokenValidator().validate(new byte[0], null)).isFalse();
        assertThat(c.snapshot().authenticator().authenticate(new byte[] {1}, null)).isEqualTo("someone");
        c.tokenValidator((token, key) -> false);
        assertThat(c.authenticator().authenticate(new byte[] {1}, null)).isNull();
        c.tokenValidator((token, key) -> true);
        assertThat(c.authenticator().authenticate(new byte[0], null)).isSameAs(HbtpAuthenticator.ANONYMOUS);
    }

    /** Handshakes, then captures two encrypted calls as raw frames. */
    private List<byte[]> handshakeAndCapture(EmbeddedChannel server, EmbeddedChannel client) {
        pumpAll(client, server);
        client.writeOutbound(call(1, "one"), call(2, "two"));
        List<byte[]> frames = new ArrayList<>();
        for (Object o; (o = client.readOutbound()) != null; ) {
            frames.add(ByteBufUtil.getBytes((ByteBuf) o));
            ((ByteBuf) o).release();
        }
        assertThat(frames).hasSize(2);
        return frames;
    }

    private void assertClosedWith(EmbeddedChannel server, HbtpErrorCode code) {
        assertThat(serverSink.protocolError()).isEqualTo(code);
        assertThat(server.isOpen()).isFalse();
        serverSink.release();
        server.finishAndReleaseAll();
    }

    @Test
    void forgedTagIsDecryptionFailed() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        List<byte[]> frames = handshakeAndCapture(server, client);
        byte[] forged = frames.get(0);
        forged[forged.length - 1] ^= 1;
        server.writeInbound(pooled(forged));
        assertClosedWith(server, HbtpErrorCode.DECRYPTION_FAILED);
        client.finishAndReleaseAll();
    }

    @Test
    void forgedHeaderIsDecryptionFailed() {
        // the header is the associated data: changing the sequence breaks the tag
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        List<byte[]> frames = handshakeAndCapture(server, client);
        byte[] forged = frames.get(0);
        forged[2] ^= 1;
        server.writeInbound(pooled(forged));
        assertClosedWith(server, HbtpErrorCode.DECRYPTION_FAILED);
        client.finishAndReleaseAll();
    }

    @Test
    void replayedFrameIsDecryptionFailed() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        List<byte[]> frames = handshakeAndCapture(server, client);
        server.writeInbound(pooled(frames.get(0)));
        assertThat(serverSink.protocolError()).isNull();
        server.writeInbound(pooled(Arrays.copyOf(frames.get(0), frames.get(0).length)));
        assertClosedWith(server, HbtpErrorCode.DECRYPTION_FAILED);
        client.finishAndReleaseAll();
    }

    @Test
    void reorderedFramesAreDecryptionFailed() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        List<byte[]> frames = handshakeAndCapture(server, client);
        server.writeInbound(pooled(frames.get(1)));
        assertClosedWith(server, HbtpErrorCode.DECRYPTION_FAILED);
        client.finishAndReleaseAll();
    }

    @Test
    void plaintextAfterTheHandshakeIsUnauthorized() {
        EmbeddedChannel server = server(serverConfig(HbtpNoisePattern.NK));
        EmbeddedChannel client = client(clientConfig(HbtpNoisePattern.NK, "let-me-in"));
        handshakeAndCapture(server, client);
        server.writeInbound(pooled(new byte[] {0x30, 0x04, 1, 0, 2, 0, 0, 0, 7, 0}));
        assertClosedWith(server, HbtpErrorCode.UNAUTHORIZED);
        client.finishAndReleaseAll();
    }
}
