package dev.dx.cim.http;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.handler.stream.ChunkedInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of an answer that is streamed rather than held in one buffer: a {@link FileRegion} (written
 * zero-copy by transports that can) or a {@link ChunkedInput} of buffers (written by a
 * {@code ChunkedWriteHandler}), with its length known up front, so the answer is framed by
 * {@code content-length}. Owns the body until it is written or {@linkplain #release() released}.
 */
final class StreamedBody {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedBody.class);

    private final Object content;
    private final long length;

    private StreamedBody(Object content, long length) {
        this.content = content;
        this.length = length;
    }

    /** A body of {@code region.count()} bytes. */
    static StreamedBody of(FileRegion region) {
        checkNotNull(region, "body");
        return new StreamedBody(region, region.count());
    }

    /**
     * A body of {@code input.length()} bytes.
     *
     * @throws IllegalArgumentException when the input does not know its length (it is closed first)
     */
    static StreamedBody of(ChunkedInput<ByteBuf> input) {
        checkNotNull(input, "body");
        long length = input.length();
        if (length < 0) {
            close(input);
            throw new IllegalArgumentException("body.length() : " + length + " (expected: >= 0, a known length)");
        }
        return new StreamedBody(input, length);
    }

    /** The {@link FileRegion} or {@link ChunkedInput} to write. */
    Object content() {
        return content;
    }

    /** The number of bytes the body writes. */
    long length() {
        return length;
    }

    /** Drops the body unwritten: releases the region or closes the input. */
    void release() {
        if (content instanceof FileRegion) {
            ((FileRegion) content).release();
        } else {
            close((ChunkedInput<?>) content);
        }
    }

    private static void close(ChunkedInput<?> input) {
        try {
            input.close();
        } catch (Exception e) {
            LOG.debug("closing an unwritten chunked body failed", e);
        }
    }
}
