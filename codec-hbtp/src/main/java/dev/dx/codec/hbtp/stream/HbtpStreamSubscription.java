package dev.dx.codec.hbtp.stream;

import dev.dx.codec.hbtp.HbtpExchange;

/**
 * Demand control of one incoming stream, handed to {@link HbtpStreamConsumer#onOpen}. The receiver calls
 * {@link HbtpStreamConsumer#onChunk} only while the consumer has asked for more chunks; chunks that arrive
 * meanwhile wait in a per-stream queue, in order, and when that queue reaches
 * {@link HbtpStreamReceiver#maxQueuedChunks(int) its chunk bound} or
 * {@link HbtpStreamReceiver#maxQueuedBytes(long) its byte bound} the receiver stops reading from the
 * channel until the consumer catches up.
 *
 * <p>Methods may be called from any thread; work is done on the channel's event loop.
 */
public interface HbtpStreamSubscription {

    /**
     * Asks for {@code n} more chunks ({@code n > 0}); demands add up, and {@link Long#MAX_VALUE} means "no
     * limit". May deliver queued chunks before returning when called on the event loop (also from inside
     * {@code onChunk}, where it takes effect after {@code onChunk} returns).
     */
    void request(long n);

    /** The sequence of the stream. */
    int sequence();

    /** Chunks of this stream received and not yet delivered (a snapshot when read off the event loop). */
    int queuedChunks();

    /** Body bytes (after decompression) of the chunks counted by {@link #queuedChunks()}. */
    long queuedBytes();

    /**
     * The upload's exchange (§7, §11): its metadata, deadline and cancellation, and where the stream's one
     * answer goes. An upload ends with one answer, as a call does: the consumer sends it with
     * {@link HbtpExchange#respond} or {@link HbtpExchange#fail},
     * typically from {@link HbtpStreamConsumer#onEnd} (from any thread, or later); answering before the
     * end stops the stream. The receiver answers by itself only when the stream fails (the consumer
     * threw: {@code HANDLER_FAILED}), is cancelled, times out or is cut off by a drain. {@code null} for a
     * FileChunk stream, which has no answer.
     */
    HbtpExchange exchange();
}
