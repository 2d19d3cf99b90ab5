package dev.dx.teleport.internal;

import dev.dx.teleport.TeleportAccess;
import java.nio.ByteBuffer;

/**
 * Compares stored UTF-8 bytes, read through a message's {@link ByteBuffer} memory (absolute,
 * little-endian), with a {@link CharSequence} without decoding either.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Whether the {@code length} bytes at {@code index} are the UTF-8 encoding of {@code value}
     * (an unpaired surrogate encodes as {@code '?'}, as {@code TeleportWriter} writes it).
     */
    public static boolean equals(ByteBuffer memory, int index, int length, CharSequence value) {
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
            if (TeleportAccess.i64(memory, at) != packed) {
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
                if (TeleportAccess.i32(memory, at) != packed) {
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
