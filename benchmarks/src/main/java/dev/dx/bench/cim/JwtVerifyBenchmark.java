package dev.dx.bench.cim;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dx.cim.jwt.JwtVerificationException;
import dev.dx.cim.jwt.JwtVerifier;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to verify one JWT with {@link JwtVerifier}, per algorithm: {@code uncached} checks the segments,
 * header, signature and claims every time (a verifier built with {@code cacheSize(0)}); {@code cached}
 * is a repeated token answered from the verified-token cache (one lookup and the exp/nbf check).
 * One key and one token per algorithm, made in {@link #setUp}; the token is valid for a day.
 *
 * <p>Compare the two modes and the algorithms within one run; report ratios, and absolute numbers only
 * next to the JDK, flags and machine that produced them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JwtVerifyBenchmark {

    @Param({"HS256", "RS256", "ES256", "EdDSA"})
    public String alg;

    private String token;
    private JwtVerifier uncached;
    private JwtVerifier cached;

    @Setup
    public void setUp() throws Exception {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
        JWK key = generate(algorithm);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://issuer.bench").audience("api")
                .subject("alice").expirationTime(Date.from(Instant.now().plusSeconds(86_400))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
        jwt.sign(signer(key));
        token = jwt.serialize();

        JWKSet keys = new JWKSet(key instanceof OctetSequenceKey ? key : key.toPublicJWK());
        uncached = JwtVerifier.builder().keys(keys).issuer("https://issuer.bench").audience("api")
                .cacheSize(0).build();
        cached = JwtVerifier.builder().keys(keys).issuer("https://issuer.bench").audience("api").build();
        cached.verify(token); // fill the cache
    }

    @Benchmark
    public JWTClaimsSet uncached() throws JwtVerificationException {
        return uncached.verify(token);
    }

    @Benchmark
    public JWTClaimsSet cached() throws JwtVerificationException {
        return cached.verify(token);
    }

    private static JWK generate(JWSAlgorithm alg) throws JOSEException {
        String kid = "bench-" + alg.getName();
        if (JWSAlgorithm.HS256.equals(alg)) {
            return new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(alg).generate();
        }
        if (JWSAlgorithm.RS256.equals(alg)) {
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).generate();
        }
        if (JWSAlgorithm.ES256.equals(alg)) {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).generate();
        }
        return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(alg).generate();
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof OctetSequenceKey k) {
            return new MACSigner(k);
        }
        if (key instanceof RSAKey k) {
            return new RSASSASigner(k);
        }
        if (key instanceof ECKey k) {
            return new ECDSASigner(k);
        }
        return new Ed25519Signer((OctetKeyPair) key);
    }
}
