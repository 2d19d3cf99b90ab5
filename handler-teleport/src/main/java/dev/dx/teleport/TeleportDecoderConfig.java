package dev.dx.teleport;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of a {@link TeleportDecoder}: the root types it accepts (at least one) and the largest
 * message it buffers. Final, with fluent setters that validate; the decoder copies the values when
 * it is created.
 */
public final class TeleportDecoderConfig {

    /** Default {@link #maxMessageSize(int)}: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    private final List<TeleportLayout> accepted = new ArrayList<>();
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

    /** Accepts messages whose root type is {@code layout} (matched by fingerprint). */
    public TeleportDecoderConfig accept(TeleportLayout layout) {
        checkNotNull(layout, "layout");
        for (TeleportLayout known : accepted) {
            if (known.fingerprint() == layout.fingerprint()) {
                if (!known.equals(layout)) {
                    throw new IllegalArgumentException("layout : " + layout
                            + " (expected: a fingerprint not already used by " + known + ")");
                }
                return this;
            }
        }
        accepted.add(layout);
        return this;
    }

    /** The accepted root types, in the order they were added. */
    public List<TeleportLayout> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * The largest message, 24 + D + S bytes, the decoder accepts; a header announcing more is a
     * {@link TeleportCheck#MESSAGE_SIZE} error before anything is buffered.
     */
    public TeleportDecoderConfig maxMessageSize(int maxMessageSize) {
        this.maxMessageSize = checkInRange(maxMessageSize, 24, Integer.MAX_VALUE, "maxMessageSize");
        return this;
    }

    /** See {@link #maxMessageSize(int)}. */
    public int maxMessageSize() {
        return maxMessageSize;
    }
}
