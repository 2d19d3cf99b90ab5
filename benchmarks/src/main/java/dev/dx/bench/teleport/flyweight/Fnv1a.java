package dev.dx.bench.teleport.flyweight;

import java.nio.charset.StandardCharsets;

/**
 * FNV-1a 64 over UTF-8 (TELEPORT.md §4), for the hand-written fingerprints.
 */
public final class Fnv1a {

    private Fnv1a() {
    }

    /** @return FNV-1a 64 of {@code canonical}'s UTF-8 bytes */
    public static long hash(String canonical) {
        long h = 0xcbf2_9ce4_8422_2325L;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100_0000_01b3L;
        }
        return h;
    }
}
