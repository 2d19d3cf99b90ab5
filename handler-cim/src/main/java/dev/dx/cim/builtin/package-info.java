/**
 * The built-in middlewares: CORS, rate limiting and timing. JWT authentication is in
 * {@code dev.dx.cim.jwt}.
 */
package dev.dx.cim.builtin;
