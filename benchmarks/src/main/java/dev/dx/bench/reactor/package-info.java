/**
 * Reactor benchmarks: an echo server in several setups (DxReactor, plain Netty NIO, epoll, raw
 * io_uring), the echo comparison driver and the idle-connection memory driver. Results:
 * {@code benchmarks/results/reactor.md}.
 */
package dev.dx.bench.reactor;
