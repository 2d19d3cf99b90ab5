package dev.dx.codec.hbtp.internal;

import io.netty.util.ResourceLeakDetector;

/**
 * Whether decoded frames and their body slices are pooled (see {@code HbtpFrame}): on, unless Netty's leak
 * detector runs at PARANOID (so that a stale reference fails loudly instead of reading a later frame); the
 * system property {@value #PROPERTY} ({@code true} / {@code false}) overrides that.
 */
public final class Recycling {

    /** The system property that forces pooling on or off. */
    public static final String PROPERTY = "dev.dx.codec.hbtp.recycleFrames";

    private static final int AUTO = 0;
    private static final int ON = 1;
    private static final int OFF = 2;

    private static volatile int mode = initialMode();

    private Recycling() {
    }

    /** Whether objects created now should come from (and go back to) a pool. */
    public static boolean enabled() {
        int m = mode;
        return m == ON || m == AUTO && ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID;
    }

    /** For tests: {@code TRUE} forces pooling on, {@code FALSE} off, {@code null} restores the default. */
    public static void force(Boolean on) {
        mode = on == null ? initialMode() : on ? ON : OFF;
    }

    private static int initialMode() {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            return AUTO;
        }
        return Boolean.parseBoolean(v.trim()) ? ON : OFF;
    }
}
