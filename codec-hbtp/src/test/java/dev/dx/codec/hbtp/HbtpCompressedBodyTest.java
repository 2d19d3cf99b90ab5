package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HbtpCompressedBody}: a body compressed once (spec §5) and sent as is, with COMPRESSED, any number
 * of times: alone, inside a §12 Batch, encrypted, with a dictionary on the connection, and through the
 * router's exchanges; an answer with metadata (§11.1) takes the decompressing path.
 */
class HbtpCompressedBodyTest {

    private static final PooledByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;
    private static final HbtpMetadataKey<String> TAG = HbtpMetadataKey.ofString("x-tag");
    private static final byte[] PLAIN = text(8192, 1);

    private HbtpCompressedBody stored;

    @BeforeEach
    void compressOnce() {
        stored = HbtpCompressedBody.compress(POOLED, HbtpTestSupport.pooled(PLAIN), 3);
    }

    @AfterEach
    void releaseOnce() {
        assertThat(stored.refCnt()).as("no send kept or dropped a reference").isOne();
        assertThat(stored.release()).isTrue();
    }

    static byte[] text(int n, int seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        while (b.length() < n) {
            b.append("{\"id\":").append(r.nextInt(1000)).append(",\"name\":\"user-").append(r.nextInt(37))
                    .append("\",\"active\":true}\n");
        }
        return Arrays.copyOf(b.toString().getBytes(StandardCharsets.US_ASCII), n);
    }

    private static byte[] storedBytes(HbtpCompressedBody body) {
        return ByteBufUtil.getBytes(body.content());
    }

    /** One frame of the wire as written (no keys): header fields and body bytes. */
    private record Wire(int opcode, int flags, int sequence, byte[] body) {
    }

    private static List<Wire> parse(byte[] bytes) {
        List<Wire> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int length = (bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8 | (bytes[at + 6] & 0xFF) << 16
                    | (bytes[at + 7] & 0xFF) << 24;
            frames.add(new Wire(bytes[at] & 0xFF, bytes[at + 1] & 0xFF, (bytes[at + 2] & 0xFF) | (bytes[at + 3] & 0xFF) << 8,
                    Arrays.copyOfRange(bytes, at + HbtpHeader.SIZE, at + HbtpHeader.SIZE + length)));
            at += HbtpHeader.SIZE + length;
        }
        return frames;
    }

    /** Every buffer the channel wrote, each copied out and released. */
    private static List<byte[]> written(EmbeddedChannel ch) {
        List<byte[]> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out;
    }

    private static byte[] joined(List<byte[]> writes) {
        int n = writes.stream().mapToInt(b -> b.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] b : writes) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }

    /** Decodes {@code bytes} with {@code config} and returns "opcode/flags/sequence/plaintext" per frame. */
    private static List<String> decoded(byte[] bytes, HbtpCodecConfig config, boolean encrypted) {
        List<String> lines = new ArrayList<>();
        for (HbtpFrame f : HbtpTestSupport.decodeAll(bytes, config, encrypted)) {
            try {
                assertThat(f.flags() & HbtpFlags.PRECOMPRESSED).as("the decoder never sets the marker").isZero();
                lines.add(f.opcode() + "/" + HbtpFlags.toString(f.flags()) + "/" + f.sequence() + "/"
                        + f.content().toString(StandardCharsets.US_ASCII));
            } finally {
                f.release();
            }
        }
        return lines;
    }

    private static String plain() {
        return new String(PLAIN, StandardCharsets.US_ASCII);
    }

    // ---- the value ------------------------------------------------------------------------------

    @Test
    void compressKeepsTheZstdFrameWhenItIsSmaller() {
        assertThat(stored.isCompressed()).isTrue();
        assertThat(stored.plainLength()).isEqualTo(PLAIN.length);
        assertThat(stored.storedLength()).isLessThan(PLAIN.length / 2);
        byte[] frame = storedBytes(stored);
        assertThat(Zstd.getFrameContentSize(frame)).as("§5: the frame states its content size").isEqualTo(PLAIN.length);
        assertThat(Zstd.decompress(frame, PLAIN.length)).isEqualTo(PLAIN);
        ByteBuf plain = stored.plaintext(POOLED);
        try {
            assertThat(ByteBufUtil.getBytes(plain)).isEqualTo(PLAIN);
        } finally {
            plain.release();
        }
        assertThat(stored.toString()).contains("zstd", String.valueOf(PLAIN.length));
    }

    @Test
    void compressKeepsThePlaintextWhenZstdDoesNotShrinkIt() {
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        ByteBuf input = HbtpTestSupport.pooled(noise);
        HbtpCompressedBody body = HbtpCompressedBody.compress(POOLED, input);
        try {
            assertThat(body.isCompressed()).isFalse();
            assertThat(body.content()).as("the input itself is kept").isSameAs(input);
            assertThat(body.storedLength()).isEqualTo(noise.length);
            HbtpFrame frame = body.frame(HbtpOpcode.RPC_RESPONSE, 0, 9);
            assertThat(frame.flags()).isZero();
            frame.release();
            ByteBuf plain = body.plaintext(POOLED);
            assertThat(ByteBufUtil.getBytes(plain)).isEqualTo(noise);
            plain.release();
            assertThat(body.toString()).startsWith("HbtpCompressedBody(plain");
        } finally {
            assertThat(body.release()).isTrue();
        }
        assertThat(body.toString()).contains("released");
    }

    @Test
    void uncompressedKeepsEvenACompressibleBodyAsItIs() {
        ByteBuf input = HbtpTestSupport.pooled(PLAIN);
        HbtpCompressedBody body = HbtpCompressedBody.uncompressed(input);
        try {
            assertThat(body.isCompressed()).isFalse();
            assertThat(body.content()).isSameAs(input);
            assertThat(body.plainLength()).isEqualTo(PLAIN.length);
            HbtpFrame frame = body.frame(HbtpOpcode.RPC_RESPONSE, 0, 3);
            assertThat(frame.flags() & HbtpFlags.PRECOMPRESSED).isZero();
            frame.release();
        } finally {
            assertThat(body.release()).isTrue();
        }
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aLevelOutOfRangeIsRefusedAndTheBodyReleased() {
        ByteBuf input = HbtpTestSupport.pooled(PLAIN);
        assertThatThrownBy(() -> HbtpCompressedBody.compress(POOLED, input, 23))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void frameRefusesFlagsThatTheBodyDecides() {
        for (int flags : new int[] {HbtpFlags.COMPRESSED, HbtpFlags.HAS_METADATA, HbtpFlags.PRECOMPRESSED}) {
            assertThatThrownBy(() -> stored.frame(HbtpOpcode.RPC_RESPONSE, flags, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the body decides");
        }
    }

    @Test
    void theMarkerIsNoWireFlag() {
        assertThat(HbtpFlags.isValid(HbtpFlags.PRECOMPRESSED)).isFalse();
        assertThat(HbtpFlags.toString(HbtpFlags.PRECOMPRESSED | HbtpFlags.FINAL)).isEqualTo("FINAL|PRECOMPRESSED");
        assertThat(HbtpFlags.toString(HbtpFlags.PRECOMPRESSED)).isEqualTo("PRECOMPRESSED");
        assertThatThrownBy(() -> new HbtpFrame(HbtpOpcode.PING, 0x200, 1, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    }

    // ---- the encoder ----------------------------------------------------------------------------

    /** Five sends of one stored body: each puts exactly the stored bytes on the wire, with COMPRESSED. */
    @Test
    void sentManyTimesAsTheStoredBytesWithoutCompressingOrCopying() {
        // a threshold far below the stored size: only the marker keeps the encoder from compressing again
        HbtpEncoder encoder = new HbtpEncoder(new HbtpCodecConfig().compressionThreshold(16));
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        List<byte[]> writes = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            ch.writeOutbound(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, seq));
            ByteBuf out = ch.readOutbound();
            // no copy: the body is the composite's second component, on the stored bytes' memory
            assertThat(out).isInstanceOf(CompositeByteBuf.class);
            ByteBuf component = ((CompositeByteBuf) out).component(1);
            assertThat(component.memoryAddress()).isEqualTo(stored.content().memoryAddress());
            writes.add(ByteBufUtil.getBytes(out));
            out.release();
        }
        assertThat(encoder.compressions()).as("zstd never called").isZero();
        for (int i = 0; i < writes.size(); i++) {
            List<Wire> wire = parse(writes.get(i));
            assertThat(wire).hasSize(1);
            assertThat(wire.get(0).flags()).isEqualTo(HbtpFlags.COMPRESSED);
            assertThat(wire.get(0).sequence()).isEqualTo(i + 1);
            assertThat(wire.get(0).body()).as("the stored zstd frame, not compressed again").isEqualTo(storedBytes(stored));
        }
        assertThat(decoded(joined(writes), new HbtpCodecConfig(), false))
                .containsExactly("49/COMPRESSED/1/" + plain(), "49/COMPRESSED/2/" + plain(), "49/COMPRESSED/3/" + plain(),
                        "49/COMPRESSED/4/" + plain(), "49/COMPRESSED/5/" + plain());
        assertFalse(ch.finish());
    }

    @Test
    void encryptedEachSendSealsTheStoredBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig().checksumOnSend(true)));
        HbtpTestSupport.installLoopbackKeys(ch);
        ch.writeOutbound(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 1), stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 2));
        byte[] bytes = joined(written(ch));
        List<Wire> wire = parse(bytes);
        assertThat(wire).extracting(Wire::flags).containsExactly(HbtpFlags.COMPRESSED | HbtpFlags.ENCRYPTED,
                HbtpFlags.COMPRESSED | HbtpFlags.ENCRYPTED);
        assertThat(wire.get(0).body()).hasSize(stored.storedLength() + 16);
        assertThat(decoded(bytes, new HbtpCodecConfig(), true)).containsExactly(
                "49/COMPRESSED|ENCRYPTED/1/" + plain(), "49/COMPRESSED|ENCRYPTED/2/" + plain());
        assertFalse(ch.finish());
    }

    @Test
    void withAChecksumTheTrailerCoversTheStoredBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig().checksumOnSend(true)));
        ch.writeOutbound(stored.frame(HbtpOpcode.SERVER_EVENT, 0, 4));
        byte[] bytes = joined(written(ch));
        Wire wire = parse(bytes).get(0);
        assertThat(wire.flags()).isEqualTo(HbtpFlags.COMPRESSED | HbtpFlags.HAS_CHECKSUM);
        assertThat(Arrays.copyOf(wire.body(), stored.storedLength())).isEqualTo(storedBytes(stored));
        assertThat(decoded(bytes, new HbtpCodecConfig(), false)).containsExactly(
                "65/COMPRESSED|HAS_CHECKSUM/4/" + plain());
        assertFalse(ch.finish());
    }

    /** §12: inside a Batch each inner frame is the stored bytes with COMPRESSED, next to ordinary frames. */
    @Test
    void insideABatchTheInnerFramesAreTheStoredBytes() {
        HbtpCodecConfig config = new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1).batchPlaintext(true)
                .compressionThreshold(16);
        HbtpEncoder encoder = new HbtpEncoder(config);
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        ch.write(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 1));
        ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, 0, 2, HbtpTestSupport.pooled("p")));
        ch.write(stored.frame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, 3));
        ch.flush();
        assertThat(encoder.compressions()).as("zstd never called").isZero();
        List<byte[]> writes = written(ch);
        assertThat(writes).hasSize(1);
        Wire batch = parse(writes.get(0)).get(0);
        assertThat(batch.opcode()).isEqualTo(HbtpOpcode.BATCH.code());
        List<Wire> inner = parse(batch.body());
        assertThat(inner).extracting(Wire::flags).containsExactly(HbtpFlags.COMPRESSED, 0,
                HbtpFlags.COMPRESSED | HbtpFlags.FINAL);
        assertThat(inner.get(0).body()).isEqualTo(storedBytes(stored));
        assertThat(inner.get(2).body()).isEqualTo(storedBytes(stored));
        assertThat(decoded(writes.get(0), new HbtpCodecConfig(), false)).containsExactly(
                "49/COMPRESSED/1/" + plain(), "1/0/2/p", "53/COMPRESSED|FINAL/3/" + plain());
        assertFalse(ch.finish());
    }

    @Test
    void insideASealedBatchTheStoredBytesAreSealedOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1)));
        HbtpTestSupport.installLoopbackKeys(ch);
        ch.write(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 1));
        ch.write(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 2));
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(writes).hasSize(1);
        Wire batch = parse(writes.get(0)).get(0);
        assertThat(batch.opcode()).isEqualTo(HbtpOpcode.BATCH.code());
        assertThat(batch.flags()).isEqualTo(HbtpFlags.ENCRYPTED);
        assertThat(batch.body()).hasSize(2 * (HbtpHeader.SIZE + stored.storedLength()) + 16);
        assertThat(decoded(writes.get(0), new HbtpCodecConfig(), true)).containsExactly(
                "49/COMPRESSED|ENCRYPTED/1/" + plain(), "49/COMPRESSED|ENCRYPTED/2/" + plain());
        assertFalse(ch.finish());
    }

    /**
     * A connection with a zstd dictionary: the stored frame names none, and the receiver, which has the
     * dictionary loaded, still decodes it. Both kinds of dictionary: raw content, and one trained by zstd.
     */
    @Test
    void aReceiverWithADictionaryDecodesTheStoredFrame() {
        byte[][] samples = new byte[500][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = text(200 + i % 300, 100 + i);
        }
        byte[] trained = new byte[8192];
        trained = Arrays.copyOf(trained, (int) Zstd.trainFromBuffer(samples, trained));
        assertThat(Zstd.getDictIdFromDict(trained)).as("a trained dictionary has an id").isNotZero();
        for (byte[] dictionary : new byte[][] {text(4096, 2), trained}) {
            HbtpCodecConfig config = new HbtpCodecConfig().dictionary(dictionary);
            HbtpEncoder encoder = new HbtpEncoder(config);
            EmbeddedChannel ch = new EmbeddedChannel(encoder);
            ch.writeOutbound(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 1),
                    HbtpFrame.newInstance(HbtpOpcode.RPC_RESPONSE, 0, 2, HbtpTestSupport.pooled(text(4000, 3))));
            assertThat(encoder.compressions()).as("only the ordinary frame").isOne();
            byte[] bytes = joined(written(ch));
            assertThat(parse(bytes).get(0).body()).isEqualTo(storedBytes(stored));
            assertThat(decoded(bytes, config, false)).containsExactly("49/COMPRESSED/1/" + plain(),
                    "49/COMPRESSED/2/" + new String(text(4000, 3), StandardCharsets.US_ASCII));
            assertFalse(ch.finish());
        }
    }

    /** The marker on a body that is no zstd frame: the write fails, naming the problem, and nothing leaks. */
    @Test
    void theMarkerOnABodyThatIsNoZstdFrameFailsTheWrite() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec());
        ByteBuf notZstd = HbtpTestSupport.pooled("plain bytes, no zstd frame");
        ChannelFuture f = ch.writeAndFlush(new HbtpFrame(HbtpOpcode.RPC_RESPONSE, HbtpFlags.PRECOMPRESSED, 1, notZstd));
        assertThat(f.cause()).isInstanceOf(EncoderException.class).hasMessageContaining("not a zstd frame");
        assertThat(notZstd.refCnt()).isZero();
        ByteBuf tiny = HbtpTestSupport.pooled("ab");
        f = ch.writeAndFlush(new HbtpFrame(HbtpOpcode.RPC_RESPONSE, HbtpFlags.PRECOMPRESSED, 2, tiny));
        assertThat(f.cause()).hasMessageContaining("not a zstd frame (2 bytes");
        assertThat(tiny.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void theMarkerOnABodyThatIsNoZstdFrameFailsOnlyItsWriteInABatch() {
        HbtpCodecConfig config = new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1).batchPlaintext(true);
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        ByteBuf notZstd = HbtpTestSupport.pooled("plain bytes, no zstd frame");
        ChannelFuture bad = ch.write(new HbtpFrame(HbtpOpcode.RPC_RESPONSE, HbtpFlags.PRECOMPRESSED, 1, notZstd));
        ChannelFuture good1 = ch.write(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 2));
        ChannelFuture good2 = ch.write(stored.frame(HbtpOpcode.RPC_RESPONSE, 0, 3));
        ch.flush();
        assertThat(bad.cause()).hasMessageContaining("not a zstd frame");
        assertThat(notZstd.refCnt()).isZero();
        assertThat(good1.isSuccess() && good2.isSuccess()).isTrue();
        assertThat(decoded(joined(written(ch)), new HbtpCodecConfig(), false)).containsExactly(
                "49/COMPRESSED/2/" + plain(), "49/COMPRESSED/3/" + plain());
        assertFalse(ch.finish());
    }

    // ---- the router's exchanges -------------------------------------------------------------------

    private static EmbeddedChannel server(HbtpRouteTable routes) {
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
    }

    private static ByteBuf wire(HbtpFrame f) {
        EmbeddedChannel writer = new EmbeddedChannel(new HbtpClientCodec());
        writer.writeOutbound(f);
        ByteBuf out = HbtpTestSupport.drainOutbound(writer);
        writer.finishAndReleaseAll();
        return out;
    }

    private static ByteBuf call(int seq, int route) {
        return wire(HbtpFrame.rpcCall(POOLED, seq, route, HbtpTestSupport.pooled("q")));
    }

    private static ByteBuf streamStart(int seq, int route) {
        return wire(HbtpFrame.rpcStreamStart(POOLED, seq, route, HbtpMetadata.EMPTY, HbtpTestSupport.pooled("q")));
    }

    @Test
    void respondSendsTheStoredBytesForEveryCall() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder().route(7, ex -> ex.respond(stored)).build());
        for (int seq = 1; seq <= 3; seq++) {
            ch.writeInbound(call(seq, 7));
        }
        byte[] bytes = joined(written(ch));
        List<Wire> wire = parse(bytes);
        assertThat(wire).hasSize(3);
        for (Wire w : wire) {
            assertThat(w.opcode()).isEqualTo(HbtpOpcode.RPC_RESPONSE.code());
            assertThat(w.flags()).isEqualTo(HbtpFlags.COMPRESSED);
            assertThat(w.body()).isEqualTo(storedBytes(stored));
        }
        assertThat(decoded(bytes, new HbtpCodecConfig(), false)).hasSize(3).allMatch(l -> l.endsWith("/" + plain()));
        assertFalse(ch.finish());
    }

    /** §11.1: metadata lives inside the compressed plaintext, so the body is decompressed and sent behind it. */
    @Test
    void respondWithMetadataDecompressesAndPutsTheBlockInFront() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder()
                .route(7, ex -> ex.respond(stored, HbtpMetadata.of(TAG, "given"))).build());
        ch.writeInbound(call(1, 7));
        List<HbtpFrame> answers = HbtpTestSupport.decodeAll(joined(written(ch)), new HbtpCodecConfig(), false);
        try {
            assertThat(answers).hasSize(1);
            HbtpFrame answer = answers.get(0);
            assertThat(answer.flags()).isEqualTo(HbtpFlags.COMPRESSED | HbtpFlags.HAS_METADATA);
            assertThat(answer.metadata().get(TAG)).isEqualTo("given");
            assertThat(answer.payload().toString(StandardCharsets.US_ASCII)).isEqualTo(plain());
        } finally {
            answers.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void anAnswerHookThatAddsMetadataTakesTheDecompressingPath() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    ex.onAnswer((done, outcome) -> HbtpMetadata.of(TAG, "hook:" + outcome));
                    next.handle(ex);
                })
                .route(7, ex -> ex.respond(stored)).build());
        ch.writeInbound(call(1, 7));
        List<HbtpFrame> answers = HbtpTestSupport.decodeAll(joined(written(ch)), new HbtpCodecConfig(), false);
        try {
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).metadata().get(TAG)).isEqualTo("hook:0");
            assertThat(answers.get(0).payload().toString(StandardCharsets.US_ASCII)).isEqualTo(plain());
        } finally {
            answers.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void anAnswerHookThatThrowsAnswersHandlerFailedAndKeepsTheBody() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    ex.onAnswer((done, outcome) -> {
                        throw new IllegalStateException("hook broke");
                    });
                    next.handle(ex);
                })
                .route(7, ex -> ex.respond(stored)).build());
        ch.writeInbound(call(1, 7));
        List<HbtpFrame> answers = HbtpTestSupport.decodeAll(joined(written(ch)), new HbtpCodecConfig(), false);
        try {
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).errorCode()).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
        } finally {
            answers.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void aSecondAnswerIsDroppedWithoutTouchingTheBody() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder().route(7, ex -> {
            ex.respond(stored);
            ex.respond(stored);
            ex.respond(stored, HbtpMetadata.of(TAG, "late"));
        }).build());
        ch.writeInbound(call(1, 7));
        assertThat(parse(joined(written(ch)))).hasSize(1);
        assertFalse(ch.finish());
    }

    @Test
    void aServerStreamEndsWithTheStoredBytes() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder().stream(9, s -> s.respond(stored)).build());
        ch.writeInbound(streamStart(5, 9));
        byte[] bytes = joined(written(ch));
        Wire end = parse(bytes).get(0);
        assertThat(end.opcode()).isEqualTo(HbtpOpcode.RPC_STREAM_END.code());
        assertThat(end.flags()).isEqualTo(HbtpFlags.COMPRESSED | HbtpFlags.FINAL);
        assertThat(end.body()).isEqualTo(storedBytes(stored));
        assertThat(decoded(bytes, new HbtpCodecConfig(), false)).containsExactly("53/COMPRESSED|FINAL/5/" + plain());
        assertFalse(ch.finish());
    }

    @Test
    void aServerStreamWithMetadataEndsWithTheDecompressedBody() {
        EmbeddedChannel ch = server(HbtpRouteTable.builder()
                .stream(9, s -> s.respond(stored, HbtpMetadata.of(TAG, "end"))).build());
        ch.writeInbound(streamStart(5, 9));
        List<HbtpFrame> answers = HbtpTestSupport.decodeAll(joined(written(ch)), new HbtpCodecConfig(), false);
        try {
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).type()).isEqualTo(HbtpOpcode.RPC_STREAM_END);
            assertThat(answers.get(0).metadata().get(TAG)).isEqualTo("end");
            assertThat(answers.get(0).payload().toString(StandardCharsets.US_ASCII)).isEqualTo(plain());
        } finally {
            answers.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }
}
