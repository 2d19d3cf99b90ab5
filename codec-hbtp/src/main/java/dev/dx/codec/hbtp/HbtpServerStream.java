package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;

/**
 * A stream the client started with RpcStreamStart on a {@linkplain HbtpRouteTable.Builder#stream stream
 * route}, answered by the server with any number of RpcStreamChunk frames and one RpcStreamEnd (spec §7,
 * §11.3). It is an {@link HbtpExchange}: the same interceptors run in front of it, it has the start's
 * metadata, deadline and cancellation, and it ends exactly once.
 *
 * <pre>
 * HbtpRouteTable.builder()
 *         .stream(9, stream -&gt; {
 *             Runnable pump = () -&gt; {
 *                 while (stream.credit() &gt; 0 &amp;&amp; source.hasNext()) {
 *                     stream.trySend(source.next());      // one RpcStreamChunk per item
 *                 }
 *                 if (!source.hasNext()) {
 *                     stream.end();                      // RpcStreamEnd, FINAL
 *                 }
 *             };
 *             stream.onCredit(pump);                     // the client granted more (RpcStreamCredit)
 *             pump.run();
 *         })
 *         .build();
 * </pre>
 *
 * <h2>Credits (§11.3)</h2>
 * When the start carried {@code hbtp-credit}, the server may send only that many chunks until the client
 * grants more with RpcStreamCredit; a chunk beyond it would be a fatal {@code BAD_FRAME} at the client, so
 * {@link #trySend} never sends one. Without {@code hbtp-credit} chunks are not limited by credits, and
 * the connection's TCP back-pressure paces them.
 *
 * <h2>Ending</h2>
 * {@link #end()}, {@link #respond(ByteBuf)} or {@link #respond(HbtpCompressedBody)} sends RpcStreamEnd
 * (with data); {@link #fail(int, String)}
 * ends the stream with RpcError. A cancelled stream (RpcCancel, deadline, drain, closed connection) ends
 * with RpcError {@code CANCELLED} (or {@code TIMEOUT}, {@code SHUTTING_DOWN}); after any end,
 * {@link #trySend} releases its item and returns {@code false}. All methods may be called from any thread.
 */
public interface HbtpServerStream extends HbtpExchange {

    /** {@link #credit()} of a stream whose start carried no {@code hbtp-credit}. */
    long UNLIMITED = Long.MAX_VALUE;

    /** The chunks that may be sent now: what the client granted minus what was sent, or {@link #UNLIMITED}. */
    long credit();

    /**
     * Sends {@code item} (taken over) as one RpcStreamChunk if the stream is open and has credit, using
     * one credit; otherwise releases it and returns {@code false}.
     */
    boolean trySend(ByteBuf item);

    /**
     * Sets the handler run on the channel's event loop whenever a grant from the client raises the
     * credit from 0, so a producer can resume; replaces an earlier handler.
     */
    void onCredit(Runnable handler);

    /** Ends the stream with an empty RpcStreamEnd. */
    default void end() {
        respond(alloc().buffer(0));
    }

    /** Ends the stream with RpcStreamEnd carrying {@code data} (taken over). */
    @Override
    void respond(ByteBuf data);
}
