package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

/**
 * Thrown by {@link JwtVerifier#verify} when a token is refused. {@link #reason()} says why, in a form a
 * program can test; the message adds the detail for a log. Neither is meant for the client:
 * {@link JwtAuthMiddleware} sends only {@code error="invalid_token"}.
 */
public final class JwtVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused, in the order {@link JwtVerifier} checks. */
    public enum Reason {
        /** Longer than {@link JwtVerifier#MAX_TOKEN_LENGTH} characters. */
        TOO_LARGE,
        /** Not three dot-separated segments, a header or payload that is not a JSON object, or unparseable claims. */
        MALFORMED,
        /** A segment with padding, a character outside the base64url alphabet, or non-zero trailing bits. */
        NON_CANONICAL_BASE64URL,
        /** {@code alg: none} (in any letter case): an unsecured token. */
        UNSECURED,
        /** An algorithm this verifier does not accept (anything but HS256/384/512, RS256, ES256, EdDSA). */
        UNSUPPORTED_ALGORITHM,
        /** A {@code crit} header: this verifier understands no extension, so every one is unknown. */
        UNKNOWN_CRITICAL_HEADER,
        /** The token's {@code kid} names no key in the set (or the set has no usable key at all). */
        UNKNOWN_KEY,
        /** The key named by {@code kid} is for another algorithm, or (without {@code kid}) no key has the token's {@code alg}. */
        ALGORITHM_MISMATCH,
        /** The signature does not verify with the key. */
        INVALID_SIGNATURE,
        /** No {@code exp} claim while the verifier requires one. */
        MISSING_EXPIRATION,
        /** The clock is at or after {@code exp} + skew. */
        EXPIRED,
        /** The clock is before {@code nbf} − skew. */
        NOT_YET_VALID,
        /** {@code iss} is missing or differs from the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} is missing or does not contain the configured audience. */
        WRONG_AUDIENCE
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with {@code message} as detail. */
    public JwtVerificationException(Reason reason, String message) {
        super(checkNotNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    /** A refusal for {@code reason} caused by {@code cause}. */
    public JwtVerificationException(Reason reason, String message, Throwable cause) {
        super(checkNotNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
