package dev.dx.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The request/response protocol a {@link LoadGenerator} speaks. One instance per connection, used only
 * by that connection's event loop, so it may keep state (for example a request id counter).
 *
 * <p>The generator pipelines requests and expects responses in request order; it measures each
 * response's latency from the moment its request was written.
 */
public interface Protocol {

    /** Appends one request to {@code out}. */
    void writeRequest(ByteBuf out);

    /**
     * Returns the length of the complete response at {@code in.readerIndex()}, or 0 when the bytes
     * received so far do not yet hold a whole response. Must not move the indexes of {@code in}; the
     * generator skips the returned number of bytes.
     */
    int completeResponseLength(ByteBuf in);
}
