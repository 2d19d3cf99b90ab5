package dev.dx.bench.teleport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * SBE writing into a Netty {@link ByteBuf}, as an SBE user on Netty would: one reused agrona
 * {@link UnsafeBuffer}, wrapped per message over the pooled direct buffer's memory from its writer
 * index, which then moves past the message. The encode benchmarks' {@code sbeByteBuf} uses it, so
 * that SBE pays the same buffer bookkeeping as Teleport's {@code into} (the plain {@code sbe} method
 * writes into an {@code UnsafeBuffer} over a direct {@code ByteBuffer} and moves no index).
 * Needs a buffer with a memory address (Netty's default on JDK 17). Not thread-safe.
 */
final class SbeOnByteBuf {

    /** Bytes reserved before each message: more than either sample message needs. */
    static final int RESERVE = 512;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    /** The reused buffer over {@code out}'s writable memory, after reserving {@link #RESERVE} bytes. */
    UnsafeBuffer wrap(ByteBuf out) {
        out.ensureWritable(RESERVE);
        buffer.wrap(out.memoryAddress() + out.writerIndex(), out.writableBytes());
        return buffer;
    }

    /** Moves {@code out}'s writer index past a message of {@code length} bytes; returns the length. */
    static int commit(ByteBuf out, int length) {
        out.writerIndex(out.writerIndex() + length);
        return length;
    }

    /**
     * Fails unless {@code out}'s readable bytes are the first {@code length} bytes of {@code sbe}
     * and fit in {@link #RESERVE}.
     */
    static void checkSame(UnsafeBuffer sbe, int length, ByteBuf out) {
        byte[] expected = new byte[length];
        sbe.getBytes(0, expected);
        String want = ByteBufUtil.hexDump(expected);
        String got = ByteBufUtil.hexDump(out);
        if (length > RESERVE || !want.equals(got)) {
            throw new IllegalStateException("SBE into a ByteBuf differs: " + got + ", expected " + want
                    + " (reserve " + RESERVE + ")");
        }
    }
}
