/**
 * Hand-written flyweights over the Teleport/1 layout of the benchmark messages: the leanest code
 * that reads and writes the exact bytes the {@code @Teleport} processor's output reads and writes
 * (TELEPORT.md §1–§3), with the same checks, so the physical limit of the Teleport read path.
 * Absolute little-endian gets and sets on a {@link io.netty.buffer.ByteBuf}; indexes never move
 * on read; nothing is allocated except materialised strings.
 */
package dev.dx.bench.teleport.flyweight;
