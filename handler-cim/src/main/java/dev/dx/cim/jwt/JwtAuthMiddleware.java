package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.dx.cim.Exchange;
import dev.dx.cim.ExchangeKey;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates each request with a JWT and stores its claims in {@link #CLAIMS}; works over HTTP and
 * HBTP alike.
 *
 * <h2>Where the token comes from</h2>
 * <ol>
 *   <li>{@code exchange.header("authorization")}: the HTTP {@code Authorization} header or the HBTP
 *       {@code authorization} metadata entry, {@code Bearer <jwt>} (the scheme in any letter case, then
 *       one or more spaces). Another scheme ({@code Basic ...}) counts as no token.</li>
 *   <li>Otherwise {@code exchange.identity()}, the HBTP handshake's result: a {@link JwtIdentity} (from
 *       {@link JwtHandshakeAuthenticator}), a {@link CharSequence} or a {@code byte[]} holding the token.
 *       The token is verified again (a cache hit while it lasts), so an expired token stops working on a
 *       connection that outlives it. Other identity types count as no token.</li>
 * </ol>
 *
 * <h2>Answers</h2>
 * <ul>
 *   <li>A valid token: {@link #CLAIMS} is set and the chain continues.</li>
 *   <li>No token, when {@linkplain #required required}: 401 (HBTP: RpcError UNAUTHORIZED, the challenge in
 *       {@code www-authenticate} answer metadata) with
 *       {@code WWW-Authenticate: Bearer realm="..."} and no error code (RFC 6750 §3.1). When
 *       {@linkplain #optional optional}: the chain continues with no claims.</li>
 *   <li>A token that fails verification, required or optional: 401 with
 *       {@code WWW-Authenticate: Bearer realm="...", error="invalid_token"}. Why it failed is logged at
 *       debug with the peer's address, never sent.</li>
 * </ul>
 * Thread-safe and stateless apart from the verifier: one instance serves every core.
 */
public final class JwtAuthMiddleware implements Middleware<Exchange> {

    /** The verified claims of the request, or absent when an optional middleware saw no token. */
    public static final ExchangeKey<JWTClaimsSet> CLAIMS = ExchangeKey.of("jwt.claims", JWTClaimsSet.class);

    /** The answer header carrying the challenge (over HBTP the exchange writes it as {@code www-authenticate}). */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private static final Logger log = LoggerFactory.getLogger(JwtAuthMiddleware.class);
    private static final String BEARER = "bearer";

    private final JwtVerifier verifier;
    private final boolean required;
    private final String missingChallenge;
    private final String invalidChallenge;

    /**
     * A middleware checking tokens with {@code verifier}, challenging with {@code realm}; {@code required}
     * false lets requests without a token through (see {@link #optional}).
     */
    public JwtAuthMiddleware(JwtVerifier verifier, String realm, boolean required) {
        this.verifier = checkNotNull(verifier, "verifier");
        this.required = required;
        this.missingChallenge = "Bearer realm=\"" + checkRealm(realm) + "\"";
        this.invalidChallenge = missingChallenge + ", error=\"invalid_token\"";
    }

    /** A middleware that answers 401 to a request without a token. */
    public static JwtAuthMiddleware required(JwtVerifier verifier, String realm) {
        return new JwtAuthMiddleware(verifier, realm, true);
    }

    /** A middleware that lets a request without a token through with no claims (an invalid one still gets 401). */
    public static JwtAuthMiddleware optional(JwtVerifier verifier, String realm) {
        return new JwtAuthMiddleware(verifier, realm, false);
    }

    /** Whether a request without a token is refused. */
    public boolean isRequired() {
        return required;
    }

    @Override
    public boolean before(Exchange exchange) {
        String token = bearerToken(exchange.header("authorization"));
        if (token == null) {
            token = tokenOf(exchange.identity());
        }
        if (token == null) {
            if (!required) {
                return CONTINUE;
            }
            log.debug("no bearer token from {}", exchange.remoteAddress());
            return refuse(exchange, missingChallenge);
        }
        try {
            exchange.set(CLAIMS, verifier.verify(token));
            return CONTINUE;
        } catch (JwtVerificationException e) {
            log.debug("token from {} refused: {}", exchange.remoteAddress(), e.getMessage());
            return refuse(exchange, invalidChallenge);
        }
    }

    private static boolean refuse(Exchange exchange, String challenge) {
        exchange.answerHeader(WWW_AUTHENTICATE, challenge);
        exchange.reject(Rejection.UNAUTHORIZED, "unauthorized");
        return STOP;
    }

    /** The token of a {@code Bearer} credential, "" for a bare {@code Bearer}, {@code null} for none or another scheme. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        if (authorization.length() == BEARER.length()) {
            return "";
        }
        int i = BEARER.length();
        if (authorization.charAt(i) != ' ') {
            return null; // "Bearerx ...": another scheme
        }
        while (i < authorization.length() && authorization.charAt(i) == ' ') {
            i++;
        }
        return authorization.substring(i);
    }

    private static String tokenOf(Object identity) {
        if (identity instanceof JwtIdentity jwt) {
            return jwt.token();
        }
        if (identity instanceof CharSequence text) {
            return text.toString();
        }
        if (identity instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String checkRealm(String realm) {
        checkNotNull(realm, "realm");
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                throw new IllegalArgumentException("realm : " + realm
                        + " (expected: printable ASCII without '\"' or '\\')");
            }
        }
        return realm;
    }
}
