package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.ES256;
import static dev.dx.cim.jwt.JwtTestKeys.HS256;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.NOW;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.publicSet;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static dev.dx.cim.jwt.JwtVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The verified-token cache: one signature check per token, and still no token past its exp. */
class JwtVerifierCacheTest {

    private final CountingVerifierFactory counting = new CountingVerifierFactory();
    private final MovableClock clock = new MovableClock(NOW);

    private JwtVerifier.Builder builder() {
        return JwtVerifier.builder().keys(publicSet()).issuer(ISSUER).audience(AUDIENCE).clock(clock)
                .verifierFactory(counting);
    }

    @Test
    void secondVerifyOfTheSameTokenDoesNotCheckTheSignatureAgain() throws Exception {
        JwtVerifier verifier = builder().build();
        String token = sign(ES256, JWSAlgorithm.ES256, claims().build());

        verifier.verify(token);
        assertThat(counting.checks()).isEqualTo(1);
        assertThat(verifier.verify(token).getSubject()).isEqualTo("alice");
        assertThat(counting.checks()).isEqualTo(1);
    }

    @Test
    void cachedTokenIsRefusedOnceExpired() throws Exception {
        JwtVerifier verifier = builder().clockSkew(Duration.ofSeconds(5)).build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(java.util.Date.from(NOW.plusSeconds(60))).build());
        verifier.verify(token);

        clock.set(NOW.plusSeconds(65).minusMillis(1));
        assertThat(verifier.verify(token).getSubject()).isEqualTo("alice");
        clock.set(NOW.plusSeconds(65));
        assertThat(reasonOf(verifier, token)).isEqualTo(Reason.EXPIRED);
        assertThat(counting.checks()).as("both answers came from the cache").isEqualTo(1);
    }

    @Test
    void cachedTokenIsRefusedIfTheClockGoesBackBeforeNbf() throws Exception {
        JwtVerifier verifier = builder().build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().notBeforeTime(java.util.Date.from(NOW)).build());
        verifier.verify(token);

        clock.set(NOW.minusMillis(1));
        assertThat(reasonOf(verifier, token)).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(counting.checks()).isEqualTo(1);
    }

    @Test
    void failuresAreNotCached() {
        JwtVerifier verifier = builder().build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().audience("other").build());
        reasonOf(verifier, token);
        reasonOf(verifier, token);
        assertThat(counting.checks()).isEqualTo(2);
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws Exception {
        JwtVerifier verifier = builder().cacheSize(0).build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        verifier.verify(token);
        verifier.verify(token);
        assertThat(counting.checks()).isEqualTo(2);
    }

    @Test
    void tokensWithoutExpAreNotCached() throws Exception {
        JwtVerifier verifier = builder().requireExpiration(false).build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(null).build());
        verifier.verify(token);
        verifier.verify(token);
        assertThat(counting.checks()).isEqualTo(2);
    }

    @Test
    void cacheIsBoundedInSize() throws Exception {
        JwtVerifier verifier = builder().cacheSize(1).build();
        String first = sign(HS256, JWSAlgorithm.HS256, claims().subject("a").build());
        verifier.verify(first);
        for (int i = 0; i < 50; i++) {
            verifier.verify(sign(HS256, JWSAlgorithm.HS256, claims().subject("other" + i).build()));
        }
        int before = counting.checks();
        verifier.verify(first);
        assertThat(counting.checks()).as("the first token was evicted and checked again").isEqualTo(before + 1);
    }

    @Test
    void newKeySetEmptiesTheCache() throws Exception {
        AtomicReference<JWKSet> keys = new AtomicReference<>(publicSet());
        JwtVerifier verifier = builder().keys(keys::get).build();
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        verifier.verify(token);

        keys.set(new JWKSet(ES256.toPublicJWK())); // hs256 withdrawn
        assertThat(reasonOf(verifier, token)).isEqualTo(Reason.UNKNOWN_KEY);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
