/**
 * Benchmarks of compile-time inlined middleware: a four-step chain generated, as Netty handlers, as a
 * list loop and inlined by hand.
 */
package dev.dx.bench.cim;
