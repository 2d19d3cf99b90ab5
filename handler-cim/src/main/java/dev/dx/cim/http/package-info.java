/**
 * Compile-time inlined middleware over HTTP/1.1: {@link dev.dx.cim.http.HttpExchange} (one request and
 * its answer, held in one buffer or streamed from a {@code FileRegion} or {@code ChunkedInput}),
 * {@link dev.dx.cim.http.CimHttpHandler} (the Netty handler that runs a chain and a handler for every
 * aggregated request, answering in order) and {@link dev.dx.cim.http.CimHttpRouter} (exact and
 * {@code {param}} paths per method, with a chain per route or per prefix, and a fallback handler).
 */
package dev.dx.cim.http;
