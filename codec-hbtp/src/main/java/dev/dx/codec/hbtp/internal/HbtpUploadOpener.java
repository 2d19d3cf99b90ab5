package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.stream.HbtpStreamHandler;

/**
 * The exchange of an upload stream's RpcStreamStart, as the route table's innermost step sees it: when
 * the interceptors let the start through, the route's {@link HbtpStreamHandler} is opened on it. Only
 * {@code HbtpStreamReceiver}'s exchanges implement it; {@code HbtpRouteTable} calls it.
 */
public interface HbtpUploadOpener {

    /** Opens {@code handler}'s consumer for this stream; what {@code handler} throws goes to the caller. */
    void open(HbtpStreamHandler handler) throws Exception;
}
