/**
 * Non-API parts of the HBTP codec: the zstd, CRC32C and ChaCha20-Poly1305 stages of the body
 * pipeline (spec §5, §6), the per-channel security state, the Noise handshake state machine, and the
 * pooled body slice and pooling switch behind zero-allocation decoding.
 * Nothing here is a stable API.
 */
package dev.dx.codec.hbtp.internal;
