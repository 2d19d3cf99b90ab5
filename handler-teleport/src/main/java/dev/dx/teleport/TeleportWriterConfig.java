package dev.dx.teleport;

import static dev.dx.common.Checks.checkInRange;

/**
 * Options of a {@link TeleportWriter}. Final, with fluent setters that validate their argument; a
 * writer copies the values when it is created, so later edits do not reach it.
 */
public final class TeleportWriterConfig {

    private boolean deduplicateStrings;
    private int initialCapacity = 256;

    /**
     * Whether equal strings are stored once in the string table, all references pointing at the
     * first copy (§3 allows it as an option). Off by default: every occurrence is stored where the
     * depth-first walk meets it. Turning it on costs a hash lookup per non-empty string.
     */
    public TeleportWriterConfig deduplicateStrings(boolean deduplicateStrings) {
        this.deduplicateStrings = deduplicateStrings;
        return this;
    }

    /** See {@link #deduplicateStrings(boolean)}. */
    public boolean deduplicateStrings() {
        return deduplicateStrings;
    }

    /**
     * Initial capacity of the writer's scratch array for the header and data section (it grows as
     * needed; the output buffer is always taken at the message's exact length).
     */
    public TeleportWriterConfig initialCapacity(int initialCapacity) {
        this.initialCapacity = checkInRange(initialCapacity, 24, 1 << 30, "initialCapacity");
        return this;
    }

    /** See {@link #initialCapacity(int)}. */
    public int initialCapacity() {
        return initialCapacity;
    }
}
