package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Verifies signed JWTs (JWS compact form) against a JWK Set and returns their claims. Thread-safe; build
 * one per issuer and share it.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *         .keys(JwtKeySource.fromFile(Path.of("jwks.json")))
 *         .issuer("https://idp.example").audience("api")
 *         .clockSkew(Duration.ofSeconds(30))
 *         .build();
 * JWTClaimsSet claims = verifier.verify(token);   // or JwtVerificationException naming the reason
 * }</pre>
 *
 * <h2>What is checked, in this order</h2>
 * Each failure throws {@link JwtVerificationException} with the {@link Reason} in brackets.
 * <ol>
 *   <li>At most {@link #MAX_TOKEN_LENGTH} characters [{@code TOO_LARGE}].</li>
 *   <li>A token seen before and still in the cache skips to the time check (7); nothing else.</li>
 *   <li>Exactly three segments [{@code MALFORMED}], each canonical unpadded base64url: no {@code =}, only
 *       {@code A-Z a-z 0-9 - _}, zero unused trailing bits [{@code NON_CANONICAL_BASE64URL}].</li>
 *   <li>The header is a JSON object with a string {@code alg} [{@code MALFORMED}]; not {@code none} in any
 *       case [{@code UNSECURED}]; one of HS256, HS384, HS512, RS256, ES256, EdDSA
 *       [{@code UNSUPPORTED_ALGORITHM}]; no {@code crit} at all, since this verifier understands no
 *       extension [{@code UNKNOWN_CRITICAL_HEADER}].</li>
 *   <li>The key. With a {@code kid}: the keys with that id [{@code UNKNOWN_KEY} if none], of those the ones
 *       for the token's {@code alg} [{@code ALGORITHM_MISMATCH} if none]. Without a {@code kid}: every key
 *       for the token's {@code alg} [{@code UNKNOWN_KEY} if the set has no usable key,
 *       {@code ALGORITHM_MISMATCH} if none is for that {@code alg}]. Each key is bound to one algorithm:
 *       see {@link KeyIndex} for keys without {@code alg}.</li>
 *   <li>The signature verifies with one of them [{@code INVALID_SIGNATURE}]; only then is the payload read,
 *       and it must be a JSON claims set [{@code MALFORMED}].</li>
 *   <li>Time, against the {@link Clock} in milliseconds, with skew {@code s} (default 0):
 *       {@code exp} is required unless {@link Builder#requireExpiration(boolean) turned off}
 *       [{@code MISSING_EXPIRATION}]; the token is expired when {@code now >= exp + s}, so it is still
 *       valid at {@code exp + s - 1 ms} (RFC 7519: the time must be before {@code exp}) [{@code EXPIRED}];
 *       it is not yet valid when {@code now < nbf - s}, so it is valid from {@code nbf - s} on (RFC 7519:
 *       at or after {@code nbf}) [{@code NOT_YET_VALID}]. {@code exp} and {@code nbf} are whole seconds
 *       (nimbus drops a fraction). {@code iat} is not checked.</li>
 *   <li>{@code iss} equals the issuer [{@code WRONG_ISSUER}]; {@code aud} (a string or an array) contains
 *       the audience [{@code WRONG_AUDIENCE}].</li>
 * </ol>
 *
 * <h2>Cache</h2>
 * A token that passed is kept, keyed by its exact string, until {@code exp + s} or until the cache is full
 * ({@link Builder#cacheSize}, default {@value #DEFAULT_CACHE_SIZE}; least recently used go first), so a
 * repeated token costs one lookup and the time check; an expired entry is refused even if it is still in
 * the cache. Tokens without {@code exp} are never cached. When the key source gives a new set, the cache
 * is emptied. Entries hold the token string (up to 8 KiB each) and its claims.
 */
public final class JwtVerifier {

    /** The longest token accepted, in characters (8 KiB). */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** The default number of verified tokens kept. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private static final int MAX_KID_IN_MESSAGE = 64;

    private final JwtKeySource keys;
    private final String issuer;
    private final String audience;
    private final long skewMillis;
    private final Clock clock;
    private final boolean requireExpiration;
    private final KeyVerifierFactory verifierFactory;
    private final Cache<String, VerifiedToken> cache;
    private volatile KeyIndex index;

    private JwtVerifier(Builder b) {
        this.keys = b.keys;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.skewMillis = b.clockSkew.toMillis();
        this.clock = b.clock;
        this.requireExpiration = b.requireExpiration;
        this.verifierFactory = b.verifierFactory;
        this.cache = b.cacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(b.cacheSize)
                .expireAfter(new UntilExpiry())
                .executor(Runnable::run) // evictions on the calling thread: no pool thread, bounds hold at once
                .build();
        JWKSet set = checkNotNull(keys.current(), "keys.current()");
        this.index = KeyIndex.of(set, verifierFactory);
    }

    /** A builder; keys, issuer and audience are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The claims of {@code token} if it passes every check in the class comment.
     *
     * @throws JwtVerificationException naming the first check it failed
     */
    public JWTClaimsSet verify(String token) throws JwtVerificationException {
        if (token == null) {
            throw new JwtVerificationException(Reason.MALFORMED, "no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new JwtVerificationException(Reason.TOO_LARGE,
                    token.length() + " characters (expected: <= " + MAX_TOKEN_LENGTH + ")");
        }
        KeyIndex keyIndex = currentIndex();
        if (cache != null) {
            VerifiedToken hit = cache.getIfPresent(token);
            if (hit != null) {
                checkTime(hit.expMillis(), hit.nbfMillis(), clock.millis());
                return hit.claims();
            }
        }
        VerifiedToken verified = verifyUncached(token, keyIndex);
        if (cache != null && verified.expMillis() != VerifiedToken.NONE && index == keyIndex) {
            cache.put(token, verified);
        }
        return verified.claims();
    }

    private VerifiedToken verifyUncached(String token, KeyIndex keyIndex) throws JwtVerificationException {
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new JwtVerificationException(Reason.MALFORMED, "expected three dot-separated segments");
        }
        checkSegment(token, 0, dot1, "header");
        checkSegment(token, dot1 + 1, dot2, "payload");
        checkSegment(token, dot2 + 1, token.length(), "signature");

        Base64URL encodedHeader = new Base64URL(token.substring(0, dot1));
        JWSHeader header = parseHeader(encodedHeader);
        List<KeyIndex.Entry> candidates = candidates(keyIndex, header);

        byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
        Base64URL signature = new Base64URL(token.substring(dot2 + 1));
        if (!anyVerifies(candidates, header, signingInput, signature)) {
            throw new JwtVerificationException(Reason.INVALID_SIGNATURE,
                    "the " + header.getAlgorithm() + " signature does not verify");
        }

        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(new Base64URL(token.substring(dot1 + 1, dot2)).decodeToString());
        } catch (ParseException e) {
            throw new JwtVerificationException(Reason.MALFORMED, "the payload is not a claims set: " + e.getMessage(), e);
        }
        long exp = millisOf(claims.getExpirationTime());
        long nbf = millisOf(claims.getNotBeforeTime());
        checkTime(exp, nbf, clock.millis());
        checkIssuerAndAudience(claims);
        return new VerifiedToken(claims, exp, nbf);
    }

    private static void checkSegment(String token, int from, int to, String name) throws JwtVerificationException {
        if (!CanonicalBase64Url.isCanonical(token, from, to)) {
            throw new JwtVerificationException(Reason.NON_CANONICAL_BASE64URL,
                    "the " + name + " segment is not canonical base64url (padding, a character outside the"
                            + " alphabet, or non-zero trailing bits)");
        }
    }

    private static JWSHeader parseHeader(Base64URL encoded) throws JwtVerificationException {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(encoded.decodeToString());
        } catch (ParseException e) {
            throw new JwtVerificationException(Reason.MALFORMED, "the header is not a JSON object", e);
        }
        if (!(json.get("alg") instanceof String alg)) {
            throw new JwtVerificationException(Reason.MALFORMED, "the header has no string \"alg\"");
        }
        if ("none".equalsIgnoreCase(alg)) {
            throw new JwtVerificationException(Reason.UNSECURED, "alg \"" + alg + "\": an unsecured token");
        }
        if (!KeyIndex.ALGORITHMS.contains(JWSAlgorithm.parse(alg))) {
            throw new JwtVerificationException(Reason.UNSUPPORTED_ALGORITHM,
                    "alg \"" + clip(alg) + "\" (expected: one of HS256, HS384, HS512, RS256, ES256, EdDSA)");
        }
        if (json.containsKey("crit")) {
            throw new JwtVerificationException(Reason.UNKNOWN_CRITICAL_HEADER,
                    "crit " + clip(String.valueOf(json.get("crit"))) + ": no extension is understood here");
        }
        try {
            return JWSHeader.parse(json, encoded);
        } catch (ParseException e) {
            throw new JwtVerificationException(Reason.MALFORMED, "bad JWS header: " + e.getMessage(), e);
        }
    }

    private static List<KeyIndex.Entry> candidates(KeyIndex keyIndex, JWSHeader header)
            throws JwtVerificationException {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        if (kid != null) {
            List<KeyIndex.Entry> withKid = keyIndex.withKid(kid);
            if (withKid.isEmpty()) {
                throw new JwtVerificationException(Reason.UNKNOWN_KEY, "no key has kid \"" + clip(kid) + "\"");
            }
            List<KeyIndex.Entry> fit = new ArrayList<>(withKid.size());
            for (KeyIndex.Entry e : withKid) {
                if (e.alg().equals(alg)) {
                    fit.add(e);
                }
            }
            if (fit.isEmpty()) {
                throw new JwtVerificationException(Reason.ALGORITHM_MISMATCH, "the token says " + alg
                        + " but key \"" + clip(kid) + "\" is for " + withKid.get(0).alg());
            }
            return fit;
        }
        if (keyIndex.size() == 0) {
            throw new JwtVerificationException(Reason.UNKNOWN_KEY, "the key set has no usable key");
        }
        List<KeyIndex.Entry> forAlg = keyIndex.withAlg(alg);
        if (forAlg.isEmpty()) {
            throw new JwtVerificationException(Reason.ALGORITHM_MISMATCH, "no key is for " + alg);
        }
        return forAlg;
    }

    private static boolean anyVerifies(List<KeyIndex.Entry> candidates, JWSHeader header, byte[] input,
                                       Base64URL signature) {
        for (KeyIndex.Entry e : candidates) {
            try {
                if (e.verifier().verify(header, input, signature)) {
                    return true;
                }
            } catch (JOSEException | RuntimeException ignored) {
                // a signature of the wrong shape for the key: not verified by this key
            }
        }
        return false;
    }

    private void checkTime(long exp, long nbf, long now) throws JwtVerificationException {
        if (exp == VerifiedToken.NONE) {
            if (requireExpiration) {
                throw new JwtVerificationException(Reason.MISSING_EXPIRATION, "no exp claim");
            }
        } else if (now - skewMillis >= exp) { // now >= exp + skew, without overflow
            throw new JwtVerificationException(Reason.EXPIRED, "now " + Instant.ofEpochMilli(now) + " is at or after exp "
                    + Instant.ofEpochMilli(exp) + " + skew " + Duration.ofMillis(skewMillis));
        }
        if (nbf != VerifiedToken.NONE && now + skewMillis < nbf) { // now < nbf - skew, without overflow
            throw new JwtVerificationException(Reason.NOT_YET_VALID, "now " + Instant.ofEpochMilli(now) + " is before nbf "
                    + Instant.ofEpochMilli(nbf) + " - skew " + Duration.ofMillis(skewMillis));
        }
    }

    private void checkIssuerAndAudience(JWTClaimsSet claims) throws JwtVerificationException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new JwtVerificationException(Reason.WRONG_ISSUER,
                    "iss " + (claims.getIssuer() == null ? "missing" : "\"" + clip(claims.getIssuer()) + "\""));
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new JwtVerificationException(Reason.WRONG_AUDIENCE,
                    "aud " + (aud == null || aud.isEmpty() ? "missing" : clip(aud.toString())));
        }
    }

    /** The index for the key source's current set, rebuilt (and the cache emptied) when the set changed. */
    private KeyIndex currentIndex() {
        JWKSet set = keys.current();
        KeyIndex current = index;
        if (set == null || current.source() == set) {
            return current;
        }
        synchronized (this) {
            current = index;
            if (current.source() != set) {
                current = KeyIndex.of(set, verifierFactory);
                index = current;
                if (cache != null) {
                    cache.invalidateAll();
                }
            }
            return current;
        }
    }

    private static long millisOf(Date date) {
        return date == null ? VerifiedToken.NONE : date.getTime();
    }

    private static String clip(String s) {
        return s.length() <= MAX_KID_IN_MESSAGE ? s : s.substring(0, MAX_KID_IN_MESSAGE) + "...";
    }

    /** A token that passed, with its time claims in milliseconds ({@link #NONE} when absent). */
    private record VerifiedToken(JWTClaimsSet claims, long expMillis, long nbfMillis) {
        static final long NONE = Long.MIN_VALUE;
    }

    /** Keeps an entry until its {@code exp + skew} by the verifier's clock. */
    private final class UntilExpiry implements Expiry<String, VerifiedToken> {
        @Override
        public long expireAfterCreate(String key, VerifiedToken value, long currentTime) {
            long start = clock.millis() - skewMillis;
            long exp = value.expMillis();
            long left = exp <= start ? 0 : exp - start; // no overflow: start is near the present
            return Math.min(left, Long.MAX_VALUE / 1_000_000) * 1_000_000;
        }

        @Override
        public long expireAfterUpdate(String key, VerifiedToken value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, VerifiedToken value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Configures a {@link JwtVerifier}. */
    public static final class Builder {
        private JwtKeySource keys;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private long cacheSize = DEFAULT_CACHE_SIZE;
        private boolean requireExpiration = true;
        private KeyVerifierFactory verifierFactory = KeyVerifierFactory.NIMBUS;

        private Builder() {
        }

        /** Where the keys come from: a fixed set, a file, or a refreshed URL. */
        public Builder keys(JwtKeySource source) {
            this.keys = checkNotNull(source, "keys");
            return this;
        }

        /** A fixed JWK Set (public keys and HMAC secrets). */
        public Builder keys(JWKSet set) {
            return keys(JwtKeySource.of(set));
        }

        /** The {@code iss} every token must carry, compared exactly. */
        public Builder issuer(String issuer) {
            this.issuer = checkNotNull(issuer, "issuer");
            return this;
        }

        /** The value {@code aud} must be or contain. */
        public Builder audience(String audience) {
            this.audience = checkNotNull(audience, "audience");
            return this;
        }

        /** Tolerance for clocks that differ, applied to {@code exp} and {@code nbf}; 0 to 10 minutes, default 0. */
        public Builder clockSkew(Duration skew) {
            checkNotNull(skew, "clockSkew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clockSkew : " + skew + " (expected: 0 to PT10M)");
            }
            this.clockSkew = skew;
            return this;
        }

        /** The clock for {@code exp} and {@code nbf}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = checkNotNull(clock, "clock");
            return this;
        }

        /** How many verified tokens to keep; 0 turns the cache off. Default {@value JwtVerifier#DEFAULT_CACHE_SIZE}. */
        public Builder cacheSize(long size) {
            this.cacheSize = checkPositiveOrZero(size, "cacheSize");
            return this;
        }

        /** Whether a token without {@code exp} is refused; default {@code true}. */
        public Builder requireExpiration(boolean require) {
            this.requireExpiration = require;
            return this;
        }

        /** Test seam: how signature checkers are made. */
        Builder verifierFactory(KeyVerifierFactory factory) {
            this.verifierFactory = checkNotNull(factory, "verifierFactory");
            return this;
        }

        /**
         * The verifier, with the keys indexed now.
         *
         * @throws IllegalStateException if keys, issuer or audience is missing
         */
        public JwtVerifier build() {
            if (keys == null || issuer == null || audience == null) {
                throw new IllegalStateException("keys, issuer and audience are required");
            }
            return new JwtVerifier(this);
        }
    }
}
