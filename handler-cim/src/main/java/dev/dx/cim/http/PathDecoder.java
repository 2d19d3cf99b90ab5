package dev.dx.cim.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decodes one path segment as UTF-8. Unlike form decoding, {@code +} stays {@code +}. A
 * truncated or non-hex escape, or bytes that are not UTF-8, are rejected.
 */
final class PathDecoder {

    private PathDecoder() {
    }

    /**
     * The decoded {@code segment}.
     *
     * @throws IllegalArgumentException naming the problem when the escapes are malformed or not UTF-8
     */
    static String decode(String segment) {
        int first = segment.indexOf('%');
        if (first < 0) {
            return segment;
        }
        byte[] bytes = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("truncated percent escape in path segment at index " + i);
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent escape in path segment at index " + i);
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                throw new IllegalArgumentException("unencoded non-ASCII character in path segment at index " + i);
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment is not UTF-8 after percent decoding", e);
        }
    }
}
