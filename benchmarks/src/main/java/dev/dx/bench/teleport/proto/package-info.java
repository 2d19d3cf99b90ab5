/**
 * protobuf-java peer of the Teleport benchmarks: {@code TeleportBenchProto} is generated at
 * build time by protoc from {@code src/main/proto/teleport_bench.proto}.
 */
package dev.dx.bench.teleport.proto;
