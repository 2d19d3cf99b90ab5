package dev.dx.cim.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
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
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Keys generated once per test JVM (one per algorithm, with private parts), a fixed clock, and signing
 * helpers that build tokens the way an issuer would, or deliberately wrong.
 */
final class JwtTestKeys {

    static final String ISSUER = "https://issuer.test";
    static final String AUDIENCE = "api";
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final OctetSequenceKey HS256 = secret("hs256", JWSAlgorithm.HS256, 256);
    static final OctetSequenceKey HS384 = secret("hs384", JWSAlgorithm.HS384, 384);
    static final OctetSequenceKey HS512 = secret("hs512", JWSAlgorithm.HS512, 512);
    static final RSAKey RS256 = generate(() -> new RSAKeyGenerator(2048).keyID("rs256").algorithm(JWSAlgorithm.RS256).generate());
    static final ECKey ES256 = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("es256").algorithm(JWSAlgorithm.ES256).generate());
    static final OctetKeyPair ED25519 = generate(() -> new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed25519")
            .algorithm(JWSAlgorithm.EdDSA).generate());

    /** Every key with its algorithm. */
    static final Map<JWSAlgorithm, JWK> BY_ALG = Map.of(JWSAlgorithm.HS256, HS256, JWSAlgorithm.HS384, HS384,
            JWSAlgorithm.HS512, HS512, JWSAlgorithm.RS256, RS256, JWSAlgorithm.ES256, ES256,
            JWSAlgorithm.EdDSA, ED25519);

    private JwtTestKeys() {
    }

    /** The verifier's set: public halves of the asymmetric keys, the HMAC secrets as they are. */
    static JWKSet publicSet() {
        List<JWK> keys = new ArrayList<>();
        for (JWK k : List.of(HS256, HS384, HS512, RS256, ES256, ED25519)) {
            keys.add(k.isPrivate() && !(k instanceof OctetSequenceKey) ? k.toPublicJWK() : k);
        }
        return new JWKSet(keys);
    }

    static JwtVerifier.Builder verifier() {
        return JwtVerifier.builder().keys(publicSet()).issuer(ISSUER).audience(AUDIENCE).clock(CLOCK);
    }

    /** Valid claims: right issuer and audience, exp ten minutes after {@link #NOW}. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** Signs {@code header.payload} as given (already base64url), for headers nimbus would not build. */
    static String signRaw(JWK key, JWSAlgorithm alg, String headerJson, JWTClaimsSet claims) {
        String input = Base64URL.encode(headerJson) + "." + Base64URL.encode(claims.toString());
        try {
            Base64URL sig = signer(key).sign(new JWSHeader(alg), input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return input + "." + sig;
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static JWSSigner signer(JWK key) throws JOSEException {
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

    private static OctetSequenceKey secret(String kid, JWSAlgorithm alg, int bits) {
        return generate(() -> new OctetSequenceKeyGenerator(bits).keyID(kid).algorithm(alg).generate());
    }

    private interface Generator<K> {
        K generate() throws JOSEException;
    }

    private static <K> K generate(Generator<K> g) {
        try {
            return g.generate();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }
}
