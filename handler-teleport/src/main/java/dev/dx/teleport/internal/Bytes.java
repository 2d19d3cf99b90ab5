package dev.dx.teleport.internal;

import dev.dx.teleport.TeleportAccess;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compares a run of a message's bytes, read through its {@link ByteBuffer} memory, with expected
 * bytes. A run of 8 bytes or more is compared eight at a time, its last eight overlapping the
 * eight before when its length is not a multiple of 8; a run of 4 to 7 as two overlapping
 * four-byte words; a shorter one byte by byte. No loop handles a tail of single bytes, which for
 * the short strings that messages carry cost more than the words themselves. Callers have checked
 * both ranges.
 */
public final class Bytes {

    private static final VarHandle ARRAY_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /** Whether {@code length} bytes at {@code at} equal those of {@code expected} at {@code from}. */
    public static boolean equal(ByteBuffer memory, int at, byte[] expected, int from, int length) {
        if (length >= 8) {
            int last = length - 8;
            for (int i = 0; i < last; i += 8) {
                if (TeleportAccess.i64(memory, at + i) != (long) ARRAY_LONGS.get(expected, from + i)) {
                    return false;
                }
            }
            return TeleportAccess.i64(memory, at + last) == (long) ARRAY_LONGS.get(expected, from + last);
        }
        if (length >= 4) {
            int last = length - 4;
            return TeleportAccess.i32(memory, at) == (int) ARRAY_INTS.get(expected, from)
                    && TeleportAccess.i32(memory, at + last) == (int) ARRAY_INTS.get(expected, from + last);
        }
        for (int i = 0; i < length; i++) {
            if (memory.get(at + i) != expected[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code length} bytes at {@code at} equal those of {@code expected} at {@code from}. */
    public static boolean equal(ByteBuffer memory, int at, ByteBuf expected, int from, int length) {
        if (length >= 8) {
            int last = length - 8;
            for (int i = 0; i < last; i += 8) {
                if (TeleportAccess.i64(memory, at + i) != expected.getLongLE(from + i)) {
                    return false;
                }
            }
            return TeleportAccess.i64(memory, at + last) == expected.getLongLE(from + last);
        }
        if (length >= 4) {
            int last = length - 4;
            return TeleportAccess.i32(memory, at) == expected.getIntLE(from)
                    && TeleportAccess.i32(memory, at + last) == expected.getIntLE(from + last);
        }
        for (int i = 0; i < length; i++) {
            if (memory.get(at + i) != expected.getByte(from + i)) {
                return false;
            }
        }
        return true;
    }
}
