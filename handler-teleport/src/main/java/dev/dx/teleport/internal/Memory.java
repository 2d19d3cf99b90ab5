package dev.dx.teleport.internal;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Every access Teleport's readers make to a message's bytes: little-endian reads through a
 * {@link ByteBuffer} (absolute indexes, bounds-checked by the JDK against the buffer's limit),
 * comparisons of stored bytes with expected bytes or a {@link CharSequence}, and UTF-8 decoding.
 * Nothing here checks a Teleport rule (a reference, a bool, an ordinal); callers have checked the
 * ranges they pass. This class depends on no other Teleport package.
 *
 * <p>Reads go through {@code ByteBuffer} view {@link VarHandle}s, which do not depend on
 * {@code sun.misc.Unsafe}; loading this class first loads the JDK classes C2 needs to inline them
 * (see {@link SignatureClasses}).
 */
public final class Memory {

    private static final VarHandle I16 = littleEndian(short[].class);
    private static final VarHandle I32 = littleEndian(int[].class);
    private static final VarHandle I64 = littleEndian(long[].class);
    private static final VarHandle F32 = littleEndian(float[].class);
    private static final VarHandle F64 = littleEndian(double[].class);
    private static final VarHandle ARRAY_I64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of a long's eight bytes: set in a word of UTF-8 only by non-ASCII bytes. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** The longest string {@link #utf8} copies from direct memory a long at a time. */
    private static final int WORD_COPY_MAX = 64;
    private static final VarHandle ARRAY_I32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        // so that C2 inlines the reads above whatever else the JVM has loaded (see SignatureClasses)
        SignatureClasses.load();
    }

    private Memory() {
    }

    private static VarHandle littleEndian(Class<?> arrayType) {
        return MethodHandles.byteBufferViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    /** The byte at {@code index}. */
    public static byte i8(ByteBuffer memory, int index) {
        return memory.get(index);
    }

    /** The little-endian i16 at {@code index}. */
    public static short i16(ByteBuffer memory, int index) {
        return (short) I16.get(memory, index);
    }

    /** The little-endian i32 at {@code index}. */
    public static int i32(ByteBuffer memory, int index) {
        return (int) I32.get(memory, index);
    }

    /** The little-endian i64 at {@code index}. */
    public static long i64(ByteBuffer memory, int index) {
        return (long) I64.get(memory, index);
    }

    /** The little-endian f32 at {@code index}. */
    public static float f32(ByteBuffer memory, int index) {
        return (float) F32.get(memory, index);
    }

    /** The little-endian f64 at {@code index}. */
    public static double f64(ByteBuffer memory, int index) {
        return (double) F64.get(memory, index);
    }

    /**
     * Decodes the {@code length} UTF-8 bytes at {@code index} into a {@code String}, allocating
     * the {@code String} (with its own array) and nothing else when the bytes fit in
     * {@code scratch}. A heap {@code memory} is decoded straight from its array. From direct
     * memory, a string of at most {@value #WORD_COPY_MAX} bytes is copied into {@code scratch}
     * in words (eight bytes at a time for all but the shortest) while its high bits are gathered,
     * so that ASCII text needs no second pass and is built as Latin-1 (the JDK then copies the
     * bytes as they are, with no UTF-8 check); a longer one is copied in one bulk get and decoded
     * as UTF-8. A string longer than {@code scratch} is copied into a new array.
     */
    public static String utf8(ByteBuffer memory, int index, int length, byte[] scratch) {
        if (memory.hasArray()) {
            // the array is read directly: check against the limit ourselves
            Objects.checkFromIndexSize(index, length, memory.limit());
            return new String(memory.array(), memory.arrayOffset() + index, length, StandardCharsets.UTF_8);
        }
        if (length <= WORD_COPY_MAX && length <= scratch.length) {
            return copyWords(memory, index, length, scratch);
        }
        byte[] bytes = length <= scratch.length ? scratch : new byte[length];
        memory.get(index, bytes, 0, length);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Copies {@code length} bytes (at most {@value #WORD_COPY_MAX}) at {@code index} into
     * {@code scratch} in words, as {@link #equal(ByteBuffer, int, byte[], int, int)} compares them
     * (eight bytes at a time, the last word overlapping the one before), gathering their high bits,
     * and decodes them: as Latin-1 when no byte has its high bit set (ASCII, which Latin-1 and UTF-8
     * encode alike), else as UTF-8.
     */
    private static String copyWords(ByteBuffer memory, int index, int length, byte[] scratch) {
        long high;
        if (length >= Long.BYTES) {
            int last = length - Long.BYTES;
            high = 0;
            for (int i = 0; i < last; i += Long.BYTES) {
                long word = i64(memory, index + i);
                ARRAY_I64.set(scratch, i, word);
                high |= word;
            }
            long word = i64(memory, index + last);
            ARRAY_I64.set(scratch, last, word);
            high |= word;
        } else if (length >= Integer.BYTES) {
            int last = length - Integer.BYTES;
            int first = i32(memory, index);
            int end = i32(memory, index + last);
            ARRAY_I32.set(scratch, 0, first);
            ARRAY_I32.set(scratch, last, end);
            high = first | end;
        } else {
            high = 0;
            for (int i = 0; i < length; i++) {
                byte b = memory.get(index + i);
                scratch[i] = b;
                high |= b;
            }
        }
        return (high & HIGH_BITS) == 0 ? latin1(scratch, length)
                : new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The {@code String} of the first {@code length} bytes of {@code bytes} read as Latin-1 (each
     * byte one char). With compact strings (the JDK's default) that is one copy of the bytes.
     * {@code new String(bytes, 0, length, ISO_8859_1)} builds the same string, but through the
     * constructor that serves every charset, which is too large for C2 to inline: it is compiled
     * on its own and called, with its charset tests, for every string. The constructor with a
     * high byte (deprecated because it cannot encode anything but Latin-1, which is all this asks
     * of it) is a bounds check and the copy, and inlines.
     */
    @SuppressWarnings("deprecation")
    static String latin1(byte[] bytes, int length) {
        return new String(bytes, 0, 0, length);
    }

    /**
     * Whether {@code length} bytes at {@code at} equal those of {@code expected} at {@code from}.
     * A run of 8 bytes or more is compared eight at a time, its last eight overlapping the eight
     * before when its length is not a multiple of 8; a run of 4 to 7 as two overlapping four-byte
     * words; a shorter one byte by byte. No loop handles a tail of single bytes, which for the
     * short strings that messages carry cost more than the words themselves.
     */
    public static boolean equal(ByteBuffer memory, int at, byte[] expected, int from, int length) {
        if (length >= 8) {
            int last = length - 8;
            for (int i = 0; i < last; i += 8) {
                if (i64(memory, at + i) != (long) ARRAY_I64.get(expected, from + i)) {
                    return false;
                }
            }
            return i64(memory, at + last) == (long) ARRAY_I64.get(expected, from + last);
        }
        if (length >= 4) {
            int last = length - 4;
            return i32(memory, at) == (int) ARRAY_I32.get(expected, from)
                    && i32(memory, at + last) == (int) ARRAY_I32.get(expected, from + last);
        }
        for (int i = 0; i < length; i++) {
            if (memory.get(at + i) != expected[from + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * As {@link #equal(ByteBuffer, int, byte[], int, int)}, against bytes of a {@link ByteBuf}
     * (absolute gets: no index moves).
     */
    public static boolean equal(ByteBuffer memory, int at, ByteBuf expected, int from, int length) {
        if (length >= 8) {
            int last = length - 8;
            for (int i = 0; i < last; i += 8) {
                if (i64(memory, at + i) != expected.getLongLE(from + i)) {
                    return false;
                }
            }
            return i64(memory, at + last) == expected.getLongLE(from + last);
        }
        if (length >= 4) {
            int last = length - 4;
            return i32(memory, at) == expected.getIntLE(from)
                    && i32(memory, at + last) == expected.getIntLE(from + last);
        }
        for (int i = 0; i < length; i++) {
            if (memory.get(at + i) != expected.getByte(from + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the {@code length} bytes at {@code index} are the UTF-8 encoding of {@code value}
     * (an unpaired surrogate encodes as {@code '?'}, as {@code TeleportWriter} writes it), compared
     * without decoding either.
     */
    public static boolean utf8Equals(ByteBuffer memory, int index, int length, CharSequence value) {
        int end = index + length;
        int at = index;
        int n = value.length();
        if (length < n) {
            return false; // every char takes at least one UTF-8 byte
        }
        int i = 0;
        // ASCII fast path: eight chars against one 8-byte read
        while (n - i >= 8 && end - at >= 8) {
            long packed = 0;
            int high = 0;
            for (int k = 7; k >= 0; k--) {
                char c = value.charAt(i + k);
                high |= c;
                packed = packed << 8 | c;
            }
            if (high >= 0x80) {
                break;
            }
            if (i64(memory, at) != packed) {
                return false;
            }
            i += 8;
            at += 8;
        }
        if (n - i >= 4 && end - at >= 4) {
            int packed = 0;
            int high = 0;
            for (int k = 3; k >= 0; k--) {
                char c = value.charAt(i + k);
                high |= c;
                packed = packed << 8 | c;
            }
            if (high < 0x80) {
                if (i32(memory, at) != packed) {
                    return false;
                }
                i += 4;
                at += 4;
            }
        }
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (at >= end || memory.get(at++) != c) {
                    return false;
                }
            } else if (c < 0x800) {
                if (end - at < 2
                        || memory.get(at++) != (byte) (0xc0 | (c >> 6))
                        || memory.get(at++) != (byte) (0x80 | (c & 0x3f))) {
                    return false;
                }
            } else if (Character.isSurrogate(c)) {
                int cp;
                if (Character.isHighSurrogate(c) && i + 1 < n
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, value.charAt(++i));
                } else {
                    if (at >= end || memory.get(at++) != '?') {
                        return false;
                    }
                    continue;
                }
                if (end - at < 4
                        || memory.get(at++) != (byte) (0xf0 | (cp >> 18))
                        || memory.get(at++) != (byte) (0x80 | ((cp >> 12) & 0x3f))
                        || memory.get(at++) != (byte) (0x80 | ((cp >> 6) & 0x3f))
                        || memory.get(at++) != (byte) (0x80 | (cp & 0x3f))) {
                    return false;
                }
            } else {
                if (end - at < 3
                        || memory.get(at++) != (byte) (0xe0 | (c >> 12))
                        || memory.get(at++) != (byte) (0x80 | ((c >> 6) & 0x3f))
                        || memory.get(at++) != (byte) (0x80 | (c & 0x3f))) {
                    return false;
                }
            }
        }
        return at == end;
    }
}
