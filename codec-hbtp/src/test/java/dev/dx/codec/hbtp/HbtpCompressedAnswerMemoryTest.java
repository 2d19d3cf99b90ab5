package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers that are compressed (§5) hold buffers sized to their content, not zstd's
 * {@code compressBound} of the plaintext: a burst of small calls that decompress large, echoed and
 * queued until the flush, must not hold a plaintext-sized buffer per answer.
 */
class HbtpCompressedAnswerMemoryTest {

    /** Plaintext of each call's arguments: large, yet compressing to a few KiB (a random block repeated). */
    private static final int ARGUMENTS = 2 << 20;
    private static final int CALLS = 16;

    private static byte[] compressibleArguments() {
        byte[] block = new byte[4096];
        new Random(42).nextBytes(block);
        byte[] args = new byte[ARGUMENTS];
        for (int i = 0; i < args.length; i += block.length) {
            System.arraycopy(block, 0, args, i, Math.min(block.length, args.length - i));
        }
        return args;
    }

    /** One COMPRESSED RpcCall for route 1 on the wire, in a pooled direct buffer (leak-tracked). */
    private static ByteBuf compressedCall(int seq, byte[] args) {
        byte[] body = new byte[2 + args.length];
        body[0] = 1; // route 1, little-endian
        System.arraycopy(args, 0, body, 2, args.length);
        byte[] zstd = Zstd.compress(body, 3);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(HbtpHeader.SIZE + zstd.length);
        HbtpHeader.write(b, HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.COMPRESSED, seq,
                zstd.length);
        return b.writeBytes(zstd);
    }

    /** The bytes a buffer keeps allocated: for a composite, the capacity of each component's own buffer. */
    static long heldCapacity(ByteBuf b) {
        if (b instanceof CompositeByteBuf) {
            CompositeByteBuf c = (CompositeByteBuf) b;
            long sum = 0;
            for (int i = 0; i < c.numComponents(); i++) {
                sum += heldCapacity(c.internalComponent(i));
            }
            return sum;
        }
        ByteBuf u = b;
        while (u.unwrap() != null) {
            u = u.unwrap();
        }
        return u.capacity();
    }

    @Test
    void queuedCompressedEchoAnswersHoldBuffersSizedToTheirContent() {
        HbtpRouteTable routes = HbtpRouteTable.builder().route(1, ex -> ex.respond(ex.arguments().retain())).build();
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
        byte[] args = compressibleArguments();
        ByteBuf one = compressedCall(0, args);
        int callOnWire = one.readableBytes();
        one.release();
        try {
            for (int i = 0; i < CALLS; i++) {
                ch.writeInbound(compressedCall(i, args));
            }
            // nothing read: the answers wait in the channel's outbound queue, as in an unflushed burst
            assertThat(ch.outboundMessages()).hasSize(CALLS);
            long readable = 0;
            long held = 0;
            for (Object o : ch.outboundMessages()) {
                ByteBuf b = (ByteBuf) o;
                readable += b.readableBytes();
                held += heldCapacity(b);
            }
            // each answer is compressed like its call: a few KiB for 2 MiB of plaintext
            assertThat(readable).isLessThan((long) CALLS * callOnWire * 2);
            assertThat(held)
                    .as("capacity held by %d queued answers of %d readable bytes", CALLS, readable)
                    .isLessThanOrEqualTo(2 * readable + CALLS * 64L);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** The codec's own output, whatever the source's kind, is sized to the compressed bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"direct", "heap", "composite"})
    void compressReturnsABufferSizedToTheCompressedBytes(String kind) {
        byte[] args = compressibleArguments();
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        ByteBuf src;
        if (kind.equals("direct")) {
            src = alloc.directBuffer(args.length).writeBytes(args);
        } else if (kind.equals("heap")) {
            src = alloc.heapBuffer(args.length).writeBytes(args);
        } else {
            CompositeByteBuf c = alloc.compositeDirectBuffer();
            int half = args.length / 2;
            c.addComponent(true, alloc.directBuffer(half).writeBytes(args, 0, half));
            c.addComponent(true, alloc.directBuffer(args.length - half).writeBytes(args, half, args.length - half));
            src = c;
        }
        try (ZstdBodyCodec zstd = new ZstdBodyCodec(3, null)) {
            ByteBuf out = zstd.compress(alloc, src);
            try {
                assertThat(out.readableBytes()).isLessThan(args.length / 64);
                assertThat(heldCapacity(out)).isEqualTo(out.readableBytes());
                ByteBuf back = zstd.decompress(UnpooledByteBufAllocator.DEFAULT, out, args.length);
                try {
                    assertThat(back.capacity()).isEqualTo(args.length);
                    assertThat(io.netty.buffer.ByteBufUtil.getBytes(back)).isEqualTo(args);
                } finally {
                    back.release();
                }
            } finally {
                out.release();
            }
        } finally {
            src.release();
        }
    }
}
