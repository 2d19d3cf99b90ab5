/**
 * Non-API parts of the HBTP codec: the zstd, CRC32C and ChaCha20-Poly1305 stages of the body
 * pipeline (spec §5, §6), the per-channel security state and the Noise handshake state machine.
 * Nothing here is a stable API.
 */
package dev.dx.codec.hbtp.internal;
