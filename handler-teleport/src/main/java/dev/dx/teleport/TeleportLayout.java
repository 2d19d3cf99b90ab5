package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import java.nio.charset.StandardCharsets;

/**
 * The layout of one struct type: its size, alignment, canonical layout string and the fingerprint
 * a message header carries for it.
 *
 * <p>The fingerprint is FNV-1a 64 (offset basis {@code 0xcbf29ce484222325}, prime
 * {@code 0x100000001b3}) over the UTF-8 bytes of the canonical string, for example
 * {@code struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8}. The annotation
 * processor computes it at compile time and emits it as a constant; this class computes it again at
 * run time from the canonical string, so the two can be compared. Instances are immutable.
 */
public final class TeleportLayout {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final String canonical;
    private final int size;
    private final int align;
    private final long fingerprint;

    private TeleportLayout(String canonical, int size, int align) {
        this.canonical = canonical;
        this.size = size;
        this.align = align;
        this.fingerprint = fingerprintOf(canonical);
    }

    /**
     * Returns the layout with this canonical string, which must end in {@code #<size>:<align>};
     * {@code align} is 1, 2, 4 or 8 and {@code size} a multiple of it.
     */
    public static TeleportLayout of(String canonical, int size, int align) {
        checkNotNull(canonical, "canonical");
        checkPositiveOrZero(size, "size");
        if (align != 1 && align != 2 && align != 4 && align != 8) {
            throw new IllegalArgumentException("align : " + align + " (expected: 1, 2, 4 or 8)");
        }
        if (size % align != 0) {
            throw new IllegalArgumentException(
                    "size : " + size + " (expected: a multiple of align " + align + ")");
        }
        if (!canonical.startsWith("struct ") || !canonical.endsWith("#" + size + ":" + align)) {
            throw new IllegalArgumentException("canonical : " + canonical
                    + " (expected: struct <Name>{...}#" + size + ":" + align + ")");
        }
        return new TeleportLayout(canonical, size, align);
    }

    /** FNV-1a 64 over the UTF-8 bytes of {@code canonical}. */
    public static long fingerprintOf(String canonical) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The canonical layout string (§4 of the format). */
    public String canonical() {
        return canonical;
    }

    /** The struct's size in bytes, a multiple of {@link #align()}. */
    public int size() {
        return size;
    }

    /** The struct's alignment: 1, 2, 4 or 8. */
    public int align() {
        return align;
    }

    /** The 64-bit fingerprint of the canonical string. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The struct's simple name, as written in the canonical string. */
    public String name() {
        return canonical.substring("struct ".length(), canonical.indexOf('{'));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeleportLayout && ((TeleportLayout) o).canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return canonical + " fingerprint=0x" + Long.toHexString(fingerprint);
    }
}
