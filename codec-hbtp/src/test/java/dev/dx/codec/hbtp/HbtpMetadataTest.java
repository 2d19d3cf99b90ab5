package dev.dx.codec.hbtp;

import static dev.dx.codec.hbtp.HbtpTestSupport.drainInbound;
import static dev.dx.codec.hbtp.HbtpTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §11.1: the metadata block, its limits, and the opcodes it may ride on. */
class HbtpMetadataTest {

    /** Bytes from the pooled direct allocator, so the leak gate tracks what the decoder does with them. */
    private static ByteBuf pooled(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** A frame header for {@code body}, then the body. */
    private static byte[] frame(int opcode, int flags, int seq, byte[] body) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            HbtpHeader.write(b, opcode, flags, seq, body.length);
            b.writeBytes(body);
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    private static byte[] block(HbtpMetadata md) {
        ByteBuf b = md.writeTo(PooledByteBufAllocator.DEFAULT.heapBuffer());
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Feeds {@code bytes} to a server codec; returns the first frame written back (decoded), or null. */
    private static HbtpFrame answerTo(HbtpCodecConfig config, byte[] bytes, List<Object> inbound) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        ch.writeInbound(pooled(bytes));
        inbound.addAll(drainInbound(ch));
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            List<HbtpFrame> frames = HbtpTestSupport.decodeAll(ByteBufUtil.getBytes(out), new HbtpCodecConfig(), false);
            assertThat(frames.size()).isLessThanOrEqualTo(1);
            return frames.isEmpty() ? null : frames.get(0);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aBlockRoundTripsWithOrderRepeatsAndTypedKeys() {
        HbtpMetadata md = HbtpMetadata.builder()
                .add(HbtpMetadataKey.AUTHORIZATION, "Bearer abc")
                .add("x-tag", new byte[] {1})
                .add("x-tag", new byte[] {2, 3})
                .add(HbtpMetadataKey.TIMEOUT, 900L)
                .add(HbtpMetadataKey.TIMEOUT, 250L)
                .build();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            md.writeTo(b);
            assertThat(b.readableBytes()).isEqualTo(md.encodedSize());
            assertThat(HbtpMetadata.blockLength(b, 0)).isEqualTo(md.encodedSize());
            HbtpMetadata back = HbtpMetadata.read(b, 0);
            assertThat(back).isEqualTo(md);
            assertThat(back.size()).isEqualTo(5);
            assertThat(back.key(1)).isEqualTo("x-tag");
            assertThat(back.get("x-tag")).containsExactly(1);
            assertThat(back.getAll(HbtpMetadataKey.ofBytes("x-tag"))).containsExactly(new byte[] {1}, new byte[] {2, 3});
            assertThat(back.get(HbtpMetadataKey.AUTHORIZATION)).isEqualTo("Bearer abc");
            // §11.2: when hbtp-timeout repeats, the smallest value applies
            assertThat(back.timeoutMillis()).isEqualTo(250);
            assertThat(HbtpMetadata.timeoutMillis(b, 0)).isEqualTo(250);
            assertThat(back.get(HbtpMetadataKey.TRACEPARENT)).isNull();
            assertThat(back.toString()).doesNotContain("Bearer");
        } finally {
            b.release();
        }
    }

    @Test
    void theBuilderRefusesWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> HbtpMetadata.builder().add("Upper", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a-z 0-9");
        assertThatThrownBy(() -> HbtpMetadata.builder().add("", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HbtpMetadata.builder().add("k".repeat(65), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-64");
        assertThatThrownBy(() -> HbtpMetadata.builder().add("k", new byte[65_536]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> HbtpMetadata.builder().add("hbtp-mine", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> HbtpMetadataKey.ofString("hbtp-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HbtpMetadata.builder().add("hbtp-timeout", new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 4");
        HbtpMetadata.Builder full = HbtpMetadata.builder();
        for (int i = 0; i < 32; i++) {
            full.add("k" + i, new byte[0]);
        }
        assertThatThrownBy(() -> full.add("k32", new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThat(HbtpMetadata.builder().build()).isSameAs(HbtpMetadata.EMPTY);
    }

    /** §11.1: every malformed block is BAD_FRAME (fatal): Close with code 1, naming the problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "count 0, 00 07 00, metadata count 0",
        "count 33, 21 07 00, metadata count 33",
        "key length 0, 01 00 00 00 07 00, metadata key length 0",
        "key length 65, 01 41, metadata key length 65",
        "upper-case key byte, 01 01 41 00 00 07 00, key byte 0x41",
        "space in key, 01 01 20 00 00 07 00, key byte 0x20",
        "key past the body, 01 05 61 62, runs past the body",
        "value past the body, 01 01 61 09 00 01 02, runs past the body",
        "entry past the body, 02 01 61 00 00, entry 1 runs past the body",
        "empty block, '', no room for the metadata count",
        "hbtp-timeout of 3 bytes, 01 0c 68 62 74 70 2d 74 69 6d 65 6f 75 74 03 00 fa 00 00 07 00, expected: 4",
        "hbtp-credit of 8 bytes, 01 0b 68 62 74 70 2d 63 72 65 64 69 74 08 00 01 00 00 00 00 00 00 00 07 00, expected: 4",
        "route missing after the block, 01 01 61 00 00, shorter than its 2 fixed bytes",
    })
    void aMalformedBlockIsBadFrame(String name, String body, String problem) {
        List<Object> inbound = new java.util.ArrayList<>();
        HbtpFrame close = answerTo(new HbtpCodecConfig(), frame(0x30, HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.HAS_METADATA,
                5, hex(body)), inbound);
        try {
            assertThat(inbound).isEmpty();
            assertThat(close).isNotNull();
            assertThat(close.type()).isEqualTo(HbtpOpcode.CLOSE);
            assertThat(close.errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
            assertThat(close.errorMessage()).contains(problem);
        } finally {
            close.release();
        }
    }

    /** §11.1: HAS_METADATA is allowed only on RpcCall, RpcResponse, RpcError, RpcStreamStart, RpcStreamEnd. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"PING", "PONG", "RPC_STREAM_CHUNK", "RPC_CANCEL", "RPC_STREAM_CREDIT", "GO_AWAY", "FILE_CHUNK",
        "BINARY_BLOB", "AUTH_CHALLENGE"})
    void metadataOnAnotherOpcodeIsBadFrame(HbtpOpcode op) {
        byte[] block = hex("01 01 61 00 00");
        byte[] body = concat(block, new byte[Math.max(op.fixedBodyLength(), 4)]);
        List<Object> inbound = new java.util.ArrayList<>();
        HbtpFrame close = answerTo(new HbtpCodecConfig(), frame(op.code(), HbtpFlags.HAS_METADATA, 1, body), inbound);
        try {
            assertThat(inbound).isEmpty();
            assertThat(close.type()).isEqualTo(HbtpOpcode.CLOSE);
            assertThat(close.errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
            assertThat(close.errorMessage()).contains("HAS_METADATA on " + op);
        } finally {
            close.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RPC_CALL", "RPC_RESPONSE", "RPC_ERROR", "RPC_STREAM_START", "RPC_STREAM_END"})
    void metadataOnTheFiveRpcOpcodesIsAccepted(HbtpOpcode op) {
        byte[] body = concat(hex("01 01 61 01 00 7a"), hex("0a 00 79"));
        List<Object> inbound = new java.util.ArrayList<>();
        HbtpFrame answer = answerTo(new HbtpCodecConfig(), frame(op.code(), HbtpFlags.HAS_METADATA, 1, body), inbound);
        try {
            assertThat(answer).isNull();
            assertThat(inbound).hasSize(1);
            HbtpFrame f = (HbtpFrame) inbound.get(0);
            assertThat(f.metadata().get("a")).containsExactly('z');
            assertThat(f.payloadIndex() - f.content().readerIndex()).isEqualTo(6);
            assertThat(ByteBufUtil.hexDump(f.payload())).isEqualTo("0a0079");
        } finally {
            inbound.forEach(io.netty.util.ReferenceCountUtil::release);
        }
    }

    /** §11.1 and §4: an opcode outside §4's table is handled as §4 says, whatever its flags. */
    @Test
    void metadataOnAnUnknownOpcodeIsUnknownOpcodeNotBadFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler());
        ch.writeInbound(pooled(frame(0x77, HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.HAS_METADATA, 9, hex("ff ff"))));
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        List<HbtpFrame> frames = HbtpTestSupport.decodeAll(ByteBufUtil.getBytes(out), new HbtpCodecConfig(), false);
        try {
            assertThat(ch.isOpen()).isTrue();
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).type()).isEqualTo(HbtpOpcode.RPC_ERROR);
            assertThat(frames.get(0).sequence()).isEqualTo(9);
            assertThat(frames.get(0).errorCode()).isEqualTo(HbtpErrorCode.UNKNOWN_OPCODE.code());
        } finally {
            out.release();
            frames.forEach(HbtpFrame::release);
            ch.finishAndReleaseAll();
        }
    }

    /** §11.1: a well-formed block above the limit fails that call only, with RESOURCE_EXHAUSTED. */
    @Test
    void aCallWithABlockAboveTheLimitIsRefusedAndTheConnectionStaysOpen() {
        HbtpCodecConfig config = new HbtpCodecConfig().maxMetadataLength(16);
        byte[] bigBlock = block(HbtpMetadata.builder().add("k", new byte[13]).build()); // 18 bytes
        byte[] okBlock = block(HbtpMetadata.builder().add("k", new byte[11]).build()); // 16 bytes
        assertThat(okBlock).hasSize(16);
        List<Object> inbound = new java.util.ArrayList<>();
        HbtpFrame error = answerTo(config, concat(
                frame(0x30, HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.HAS_METADATA, 3, concat(bigBlock, hex("07 00"))),
                frame(0x30, HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.HAS_METADATA, 4, concat(okBlock, hex("07 00")))),
                inbound);
        try {
            assertThat(error.type()).isEqualTo(HbtpOpcode.RPC_ERROR);
            assertThat(error.sequence()).isEqualTo(3);
            assertThat(error.errorCode()).isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED.code());
            assertThat(error.errorMessage()).contains("18 bytes exceeds the limit of 16");
            assertThat(inbound).hasSize(1); // the second call, at the limit, goes on
            assertThat(((HbtpFrame) inbound.get(0)).sequence()).isEqualTo(4);
        } finally {
            error.release();
            inbound.forEach(io.netty.util.ReferenceCountUtil::release);
        }
    }

    /** §11.1 on the receiving end of an answer: the call it answers ends with RESOURCE_EXHAUSTED. */
    @Test
    void anAnswerWithABlockAboveTheLimitBecomesResourceExhaustedForItsCall() {
        HbtpCodecConfig config = new HbtpCodecConfig().maxMetadataLength(8);
        HbtpMetadata md = HbtpMetadata.builder().add("trace", "0123456789".getBytes(StandardCharsets.US_ASCII)).build();
        byte[] bytes = frame(0x31, HbtpFlags.HAS_METADATA, 12, concat(block(md), new byte[] {'r'}));
        List<Object> inbound = new java.util.ArrayList<>();
        assertThat(answerTo(config, bytes, inbound)).isNull();
        try {
            assertThat(inbound).hasSize(1);
            HbtpFrame f = (HbtpFrame) inbound.get(0);
            assertThat(f.type()).isEqualTo(HbtpOpcode.RPC_ERROR);
            assertThat(f.sequence()).isEqualTo(12);
            assertThat(f.errorCode()).isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED.code());
        } finally {
            inbound.forEach(io.netty.util.ReferenceCountUtil::release);
        }
    }
}
