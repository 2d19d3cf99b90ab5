/**
 * HBTP streams (spec §7) and file transfer (§4 FileChunk): senders are Netty {@code ChunkedInput}s, so
 * {@code ChunkedWriteHandler} pulls the next chunk only while the channel is writable; the receiving side
 * dispatches RpcStreamStart / Chunk / End by sequence to per-stream consumers.
 */
package dev.dx.codec.hbtp.stream;
