package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.XECPublicKey;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake benchmarks measure what they say: every X25519 variant computes the same shared secret,
 * and the in-memory NK handshake agrees on the transport keys.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeBenchmarksTest {

    @Test
    void everyX25519VariantComputesTheSameSecret() throws Exception {
        X25519Benchmark b = new X25519Benchmark();
        b.setup();
        byte[] expected = b.codecDh();
        assertThat(b.jdkDh()).isEqualTo(expected);
        assertThat(b.jdkReusedDh()).isEqualTo(expected);
        assertThat(b.jdkReusedDhKeysBuilt()).isEqualTo(expected);
        assertThat(b.bcDh()).isEqualTo(expected);
        assertThat(b.jdkKeyGen()).hasSize(32);
        assertThat(((XECPublicKey) b.jdkReusedKeyGen().getPublic()).getU().signum()).isPositive();
        assertThat(b.bcKeyGen()).hasSize(32).isNotEqualTo(b.bcKeyGenLadder());
        assertThat(b.codecKeyGen()).hasSize(32);
    }

    @Test
    void theInMemoryHandshakeAgreesOnTheTransportKeys() throws Exception {
        NoiseHandshakeBenchmark b = new NoiseHandshakeBenchmark();
        b.setup();
        byte[][] keys = b.handshake();
        assertThat(keys[0]).hasSize(32).isEqualTo(keys[1]); // server sends with what the client receives with
        assertThat(keys[2]).isEqualTo(keys[3]).isNotEqualTo(keys[0]);
        assertThat(b.responder()[0]).hasSize(32);
        assertThat(b.responderDerivingItsPublicKey()[0]).hasSize(32);
    }
}
