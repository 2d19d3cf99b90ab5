/**
 * HBTP streams (spec §7) and file transfer (§4 FileChunk): senders are Netty {@code ChunkedInput}s, so
 * {@code ChunkedWriteHandler} pulls the next chunk only while the channel is writable; the receiving side
 * dispatches RpcStreamStart / Chunk / End by sequence to per-stream consumers, as fast as each consumer
 * asks for chunks ({@link dev.dx.codec.hbtp.stream.HbtpStreamSubscription}), pausing reads from the
 * connection while a stream has a full queue.
 */
package dev.dx.codec.hbtp.stream;
