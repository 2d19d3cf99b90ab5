/**
 * JMH benchmarks of Teleport/1 (issue 4) against SBE, protobuf-java, FlatBuffers and a
 * hand-written flyweight, on the same {@link dev.dx.bench.teleport.User} and
 * {@link dev.dx.bench.teleport.Car} values ({@link dev.dx.bench.teleport.Samples}).
 *
 * <p>Each benchmark class measures every library in the same run:
 * {@code *EncodeBenchmark} (value to bytes) and {@code *DecodeBenchmark} (bytes to every field
 * read and consumed, once with strings compared in place and once with strings materialised).
 * {@code EveryTypeBenchmark} encodes and decodes {@link dev.dx.bench.teleport.EveryType}, a record
 * with every Teleport type (the Teleport/1.1 types of §6 included), against protobuf-java only.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar 'dev.dx.bench.teleport.*' -prof gc};
 * results are in {@code benchmarks/results/teleport.md}.
 */
package dev.dx.bench.teleport;
