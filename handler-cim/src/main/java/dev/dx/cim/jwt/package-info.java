/**
 * JWT authentication for handler-cim: {@link dev.dx.cim.jwt.JwtVerifier} checks a signed token against a
 * JWK Set (fixed, from a file, or refreshed from a URL) and caches what passed;
 * {@link dev.dx.cim.jwt.JwtAuthMiddleware} takes the token from an HTTP {@code Authorization: Bearer}
 * header, HBTP {@code authorization} metadata or the HBTP handshake, and stores the claims in
 * {@link dev.dx.cim.jwt.JwtAuthMiddleware#CLAIMS}.
 */
package dev.dx.cim.jwt;
