/**
 * Compile-time inlined middleware (CIM): {@link dev.dx.cim.Middleware}, the {@link dev.dx.cim.Exchange}
 * it works on over HTTP and HBTP, and {@link dev.dx.cim.MiddlewareChain}, which the
 * {@code dx-handler-cim-processor} turns into one final class of straight-line calls per chain.
 */
package dev.dx.cim;
