/**
 * HBTP encryption (spec §6): a Noise NK or XX handshake carried in AuthChallenge / AuthResponse /
 * AuthSuccess / AuthFailure frames, after which the codec seals every frame with ChaCha20-Poly1305.
 * Add {@link dev.dx.codec.hbtp.secure.HbtpServerHandshaker} or
 * {@link dev.dx.codec.hbtp.secure.HbtpClientHandshaker} right after the codec.
 */
package dev.dx.codec.hbtp.secure;
