package dev.dx.codec.hbtp;

import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Helpers shared by the HBTP tests. */
final class HbtpTestSupport {

    static final byte[] KEY_A = new byte[32];
    static final byte[] KEY_B = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY_A[i] = (byte) i;
            KEY_B[i] = (byte) (0x80 + i);
        }
    }

    private HbtpTestSupport() {
    }

    /**
     * A copy of {@code bytes} in a pooled direct buffer. Netty's leak detector tracks those (never
     * {@code Unpooled} heap buffers), so a test that feeds its input this way fails the build when a
     * path it drives leaks the input or a slice of it.
     */
    static ByteBuf pooled(byte[] bytes) {
        return pooled(bytes, 0, bytes.length);
    }

    /** {@link #pooled(byte[])} of {@code length} bytes from {@code offset}. */
    static ByteBuf pooled(byte[] bytes, int offset, int length) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(bytes, offset, length);
    }

    /** {@link #pooled(byte[])} of a string's UTF-8 bytes. */
    static ByteBuf pooled(String s) {
        return pooled(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code frame} as it travels, header then body, in a pooled buffer (see {@link #pooled(byte[])});
     * releases the frame.
     */
    static ByteBuf wire(HbtpFrame frame) {
        ByteBuf b = pooledBuffer();
        HbtpHeader.write(b, frame.opcode(), frame.flags(), frame.sequence(), frame.content().readableBytes());
        b.writeBytes(frame.content());
        frame.release();
        return b;
    }

    /** An empty pooled direct buffer to write a test input into (see {@link #pooled(byte[])}). */
    static ByteBuf pooledBuffer() {
        return PooledByteBufAllocator.DEFAULT.directBuffer();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("\n", ""));
    }

    static String hex(ByteBuf b) {
        return ByteBufUtil.hexDump(b);
    }

    static String spaced(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format("%02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    static EmbeddedChannel codec(HbtpCodecConfig config, ChannelHandler... more) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        ch.pipeline().addLast(more);
        return ch;
    }

    /** Installs the same fixed keys as sender and receiver, so a channel can read what it wrote. */
    static void installLoopbackKeys(EmbeddedChannel ch) {
        HbtpChannelSecurity s = HbtpChannelSecurity.of(ch);
        s.installSender(new FrameCipher(KEY_A));
        s.installReceiver(new FrameCipher(KEY_A));
    }

    /** Encodes {@code frame} with a fresh codec and returns the bytes written. */
    static byte[] encode(HbtpCodecConfig config, HbtpFrame frame, boolean encrypted) {
        EmbeddedChannel ch = codec(config);
        if (encrypted) {
            installLoopbackKeys(ch);
        }
        ch.writeOutbound(frame);
        ByteBuf out = drainOutbound(ch);
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    /** Concatenates and releases everything the channel wrote. */
    static ByteBuf drainOutbound(EmbeddedChannel ch) {
        ByteBuf all = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (;;) {
            Object o = ch.readOutbound();
            if (o == null) {
                return all;
            }
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
    }

    /** Reads every inbound message. */
    static List<Object> drainInbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (;;) {
            Object o = ch.readInbound();
            if (o == null) {
                return out;
            }
            out.add(o);
        }
    }

    /** Decodes the outbound frames of a channel whose codec is a test reader (no keys). */
    static List<HbtpFrame> decodeAll(byte[] bytes, HbtpCodecConfig config, boolean encrypted) {
        EmbeddedChannel ch = codec(config);
        if (encrypted) {
            installLoopbackKeys(ch);
        }
        ch.writeInbound(pooled(bytes));
        List<HbtpFrame> frames = new ArrayList<>();
        for (Object o : drainInbound(ch)) {
            frames.add((HbtpFrame) o);
        }
        ch.finishAndReleaseAll();
        return frames;
    }

    /** Moves bytes written by {@code from} into {@code to}; returns whether anything moved. */
    static boolean pump(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (;;) {
            Object o = from.readOutbound();
            if (o == null) {
                return moved;
            }
            moved = true;
            if (to.isActive()) {
                to.writeInbound(o);
            } else {
                ((ByteBuf) o).release();
            }
        }
    }

    /** Pumps both ways until neither side writes anything more. */
    static void pumpAll(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 100; i++) {
            a.runPendingTasks();
            b.runPendingTasks();
            boolean moved = pump(a, b) | pump(b, a);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("channels kept talking");
    }
}
