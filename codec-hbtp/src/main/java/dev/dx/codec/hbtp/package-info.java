/**
 * HBTP/1, a binary request/response and push protocol with an 8-byte header, as Netty handlers:
 * {@link dev.dx.codec.hbtp.HbtpServerCodec} and {@link dev.dx.codec.hbtp.HbtpClientCodec} (frames and
 * the zstd / ChaCha20-Poly1305 / CRC32C body pipeline), {@link dev.dx.codec.hbtp.HbtpControlHandler}
 * (Ping, Pong, Close), {@link dev.dx.codec.hbtp.HbtpRouter} (O(1) RPC dispatch) and
 * {@link dev.dx.codec.hbtp.HbtpClient}, with {@link dev.dx.codec.hbtp.HbtpReconnectingClient} (opt-in) moving
 * across server instances on GoAway or a lost connection. The wire format is described in {@code docs/hbtp.md}.
 */
package dev.dx.codec.hbtp;
