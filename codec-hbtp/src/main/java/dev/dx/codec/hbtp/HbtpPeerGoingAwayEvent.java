package dev.dx.codec.hbtp;

/**
 * User event fired by {@link HbtpControlHandler} when the peer sent GoAway (§11.4: it takes nothing new
 * and will close once its work in flight is done) or Close (§8: it is closing now), with the code and
 * reason it gave. {@link HbtpClientHandler} turns it into the failure of new or waiting calls.
 *
 * @param close  whether the frame was a Close (otherwise a GoAway)
 * @param code   the u16 code, 0 when a Close had an empty body
 * @param reason the UTF-8 reason, possibly empty
 */
public record HbtpPeerGoingAwayEvent(boolean close, int code, String reason) {

    /** The §9 code, or {@code null} for 0 or an application code. */
    public HbtpErrorCode errorCode() {
        return HbtpErrorCode.of(code);
    }
}
