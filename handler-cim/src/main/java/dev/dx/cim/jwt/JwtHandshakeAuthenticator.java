package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.dx.codec.hbtp.secure.HbtpAuthenticator;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the JWT a client sends as its HBTP handshake token (spec §6) and names the client with a
 * {@link JwtIdentity}, which {@link JwtAuthMiddleware} then finds in {@code exchange.identity()}.
 *
 * <pre>{@code
 * new HbtpHandshakeConfig().staticKeyPair(serverKeys)
 *         .authenticator(new JwtHandshakeAuthenticator(verifier, false));
 * }</pre>
 *
 * A token that is not ASCII, or that fails {@link JwtVerifier#verify}, refuses the client (the reason is
 * logged at debug). An empty token refuses it too, unless anonymous clients are allowed.
 */
public final class JwtHandshakeAuthenticator implements HbtpAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(JwtHandshakeAuthenticator.class);

    private final JwtVerifier verifier;
    private final boolean allowAnonymous;

    /**
     * An authenticator over {@code verifier}; with {@code allowAnonymous} a client without a token is
     * accepted as {@link HbtpAuthenticator#ANONYMOUS}.
     */
    public JwtHandshakeAuthenticator(JwtVerifier verifier, boolean allowAnonymous) {
        this.verifier = checkNotNull(verifier, "verifier");
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public Object authenticate(byte[] token, byte[] clientStaticKey) {
        if (token == null || token.length == 0) {
            return allowAnonymous ? ANONYMOUS : null;
        }
        if (token.length > JwtVerifier.MAX_TOKEN_LENGTH) {
            log.debug("handshake token refused: {} bytes (expected: <= {})", token.length, JwtVerifier.MAX_TOKEN_LENGTH);
            return null;
        }
        for (byte b : token) {
            if (b < 0x21 || b > 0x7E) {
                log.debug("handshake token refused: not printable ASCII");
                return null;
            }
        }
        String text = new String(token, StandardCharsets.US_ASCII);
        try {
            JWTClaimsSet claims = verifier.verify(text);
            return new JwtIdentity(text, claims);
        } catch (JwtVerificationException e) {
            log.debug("handshake token refused: {}", e.getMessage());
            return null;
        }
    }
}
