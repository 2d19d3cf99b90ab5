/**
 * FlatBuffers peer of the Teleport benchmarks. {@code User}, {@code Car} and {@code FuelFigure}
 * here are flatc 25.2.10 output for {@code src/main/fbs/teleport_bench.fbs}, committed because
 * flatc is not on Maven Central; regenerate them with {@code src/main/fbs/generate.mjs} (its
 * header gives the command). Do not edit them by hand.
 */
package dev.dx.bench.teleport.fbs;
