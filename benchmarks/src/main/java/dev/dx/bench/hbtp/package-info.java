/**
 * HBTP benchmarks: JMH for the header, frame decoding, route dispatch and the AEAD (JDK vs
 * BouncyCastle), and a load comparison of HBTP RpcCall against HTTP/1.1 on Netty with the shared
 * load generator. Results go to {@code benchmarks/results/hbtp.md}.
 */
package dev.dx.bench.hbtp;
