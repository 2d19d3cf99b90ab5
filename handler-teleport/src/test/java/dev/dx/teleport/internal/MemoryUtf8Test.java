package dev.dx.teleport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Memory#utf8}: whatever path a string takes (heap array, words copied from direct memory
 * with the ASCII test gathered on the way, or a bulk copy), it decodes exactly as the JDK decodes
 * the same bytes as UTF-8.
 */
class MemoryUtf8Test {

    /** Lengths around every word boundary of the word copy, and past its end (64). */
    private static final int MAX_LENGTH = 80;

    @Test
    void everyLengthAndEveryNonAsciiPositionDecodesAsTheJdkDoes() {
        ByteBuffer direct = ByteBuffer.allocateDirect(MAX_LENGTH + 8);
        ByteBuffer heap = ByteBuffer.allocate(MAX_LENGTH + 8);
        for (int length = 0; length <= MAX_LENGTH; length++) {
            // -1: all ASCII; else a lone 0x80 at that position, which UTF-8 decodes as U+FFFD and
            // Latin-1 as U+0080, so a high bit missed at any position shows
            for (int bad = -1; bad < length; bad++) {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) ('a' + i % 26);
                }
                if (bad >= 0) {
                    bytes[bad] = (byte) 0x80;
                }
                String expected = new String(bytes, StandardCharsets.UTF_8);
                for (int at : new int[] {0, 3}) {
                    for (ByteBuffer memory : new ByteBuffer[] {direct, heap}) {
                        memory.clear().put(at, bytes, 0, length).limit(at + length);
                        for (byte[] scratch : new byte[][] {new byte[length], new byte[64], new byte[1]}) {
                            assertThat(Memory.utf8(memory, at, length, scratch))
                                    .as("length %d, 0x80 at %d, index %d, %s, scratch %d", length, bad, at,
                                            memory.isDirect() ? "direct" : "heap", scratch.length)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void multiByteCharactersInTheWordCopyDecodeAsUtf8() {
        ByteBuffer direct = ByteBuffer.allocateDirect(128);
        for (String text : new String[] {"h\u00e9llo", "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0",
                "Mercedes-Benz 300 SL Roadster \ud83d\ude97", "abc\u00ff"}) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            direct.clear().put(utf8).flip();
            assertThat(Memory.utf8(direct, 0, utf8.length, new byte[64])).isEqualTo(text);
        }
    }

    @Test
    void theWordCopyReadsNothingPastTheLimit() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(new byte[64]).limit(20);
        byte[] scratch = new byte[64];
        for (int length : new int[] {3, 7, 20}) {
            assertThat(Memory.utf8(direct, 20 - length, length, scratch)).hasSize(length);
        }
        for (int length : new int[] {3, 7, 12}) {
            int at = 21 - length;
            assertThatThrownBy(() -> Memory.utf8(direct, at, length, scratch))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
