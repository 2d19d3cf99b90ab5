package dev.dx.teleport.internal;

import dev.dx.teleport.TeleportAccess;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compares a run of a message's bytes, read through its {@link ByteBuffer} memory, with expected
 * bytes: eight at a time, then one at a time. Callers have checked both ranges.
 */
public final class Bytes {

    private static final VarHandle ARRAY_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /** Whether {@code length} bytes at {@code at} equal those of {@code expected} at {@code from}. */
    public static boolean equal(ByteBuffer memory, int at, byte[] expected, int from, int length) {
        int i = 0;
        for (; length - i >= 8; i += 8) {
            if (TeleportAccess.i64(memory, at + i) != (long) ARRAY_LONGS.get(expected, from + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (memory.get(at + i) != expected[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code length} bytes at {@code at} equal those of {@code expected} at {@code from}. */
    public static boolean equal(ByteBuffer memory, int at, ByteBuf expected, int from, int length) {
        int i = 0;
        for (; length - i >= 8; i += 8) {
            if (TeleportAccess.i64(memory, at + i) != expected.getLongLE(from + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (memory.get(at + i) != expected.getByte(from + i)) {
                return false;
            }
        }
        return true;
    }
}
