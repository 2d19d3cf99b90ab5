package dev.dx.teleport;

import dev.dx.common.Checks;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Bytes that are not a valid Teleport/1 message of the expected type. {@link #check()} names the
 * check that failed; the message adds the values that failed it.
 */
public final class TeleportFormatException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    private final TeleportCheck check;

    /** Creates an exception for a failed {@code check}, with a detail naming the values seen. */
    public TeleportFormatException(TeleportCheck check, String detail) {
        super(Checks.checkNotNull(check, "check").name() + ": " + detail);
        this.check = check;
    }

    /** The check that failed. */
    public TeleportCheck check() {
        return check;
    }
}
