package dev.dx.devserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dx.cim.jwt.JwtVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The credentials of one dev-server run: an HS256 key made at start-up and never stored, the verifier
 * that {@code /api} checks tokens with, and one token signed with it, printed at start-up for tools such
 * as {@code curl}. A restart makes every earlier token invalid.
 */
final class DevToken {

    /** The {@code iss} and {@code aud} of the dev tokens. */
    static final String ISSUER = "dx-dev";
    static final String AUDIENCE = "dx-dev-api";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final OctetSequenceKey key;
    private final JwtVerifier verifier;
    private final String token;

    private DevToken(OctetSequenceKey key, Clock clock) throws JOSEException {
        this.key = key;
        this.verifier = JwtVerifier.builder()
                .keys(new JWKSet(key))
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .clock(clock)
                .build();
        this.token = sign("dx-dev", clock);
    }

    /** A fresh key, its verifier and a token for the subject {@code dx-dev}. */
    static DevToken generate(Clock clock) {
        try {
            OctetSequenceKey key = new OctetSequenceKeyGenerator(256)
                    .keyID("dx-dev")
                    .algorithm(JWSAlgorithm.HS256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            return new DevToken(key, clock);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the dev server's HS256 key", e);
        }
    }

    /** A token for {@code subject}, valid for {@link #LIFETIME} from now. */
    String sign(String subject, Clock clock) throws JOSEException {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    JwtVerifier verifier() {
        return verifier;
    }

    /** The token printed at start-up. */
    String token() {
        return token;
    }
}
