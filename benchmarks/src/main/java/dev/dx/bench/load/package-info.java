/**
 * A closed-loop network load generator (Netty client, HdrHistogram): N connections, a message size,
 * a pipelining depth, a warm-up and a measured duration; it reports messages per second and latency
 * percentiles. The request/response protocol plugs in through {@link dev.dx.bench.load.Protocol}.
 */
package dev.dx.bench.load;
