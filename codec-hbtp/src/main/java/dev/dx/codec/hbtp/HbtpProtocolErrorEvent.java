package dev.dx.codec.hbtp;

/**
 * User event fired by {@link HbtpFrameDecoder} when the peer broke the spec fatally (§9). By the time a
 * handler sees it the decoder has already answered Close and is closing the channel; the event lets the
 * application count or log the error.
 */
public final class HbtpProtocolErrorEvent {

    private final HbtpException cause;

    /** Creates the event for {@code cause}. */
    public HbtpProtocolErrorEvent(HbtpException cause) {
        this.cause = cause;
    }

    /** The error. */
    public HbtpException cause() {
        return cause;
    }

    /** The §9 code. */
    public HbtpErrorCode errorCode() {
        return cause.errorCode();
    }

    @Override
    public String toString() {
        return "HbtpProtocolErrorEvent(" + cause.getMessage() + ")";
    }
}
