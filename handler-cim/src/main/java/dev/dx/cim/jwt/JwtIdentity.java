package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * The HBTP connection identity {@link JwtHandshakeAuthenticator} gives a client whose handshake token
 * verified: the token and the claims it had then. {@link JwtAuthMiddleware} verifies the token again for
 * each call (a cache hit while it lasts), so a connection outliving its token's {@code exp} stops being
 * let through.
 */
public final class JwtIdentity {

    private final String token;
    private final JWTClaimsSet claims;

    /** The identity of a client that presented {@code token}, verified to {@code claims}. */
    public JwtIdentity(String token, JWTClaimsSet claims) {
        this.token = checkNotNull(token, "token");
        this.claims = checkNotNull(claims, "claims");
    }

    /** The token from the handshake. */
    public String token() {
        return token;
    }

    /** The claims as verified during the handshake. */
    public JWTClaimsSet claims() {
        return claims;
    }

    /** The subject, without the token (a credential stays out of logs). */
    @Override
    public String toString() {
        return "JwtIdentity(sub=" + claims.getSubject() + ")";
    }
}
