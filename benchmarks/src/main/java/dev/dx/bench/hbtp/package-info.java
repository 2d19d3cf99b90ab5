/**
 * HBTP benchmarks: JMH for the header, frame decoding, route dispatch and the AEAD (JDK vs
 * BouncyCastle), and a load comparison of HBTP RpcCall against HTTP/1.1 on Netty with the shared
 * load generator. Results go to {@code benchmarks/results/hbtp.md}. Handshake cost (issue 26): JMH
 * {@link dev.dx.bench.hbtp.X25519Benchmark} (the JDK's XDH against BouncyCastle's X25519) and
 * {@link dev.dx.bench.hbtp.NoiseHandshakeBenchmark} (an NK handshake in memory), and the load driver
 * {@link dev.dx.bench.hbtp.HandshakeRate} (Noise NK against TLS 1.3 full handshakes per second).
 */
package dev.dx.bench.hbtp;
