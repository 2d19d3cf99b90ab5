package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.CLOCK;
import static dev.dx.cim.jwt.JwtTestKeys.ES256;
import static dev.dx.cim.jwt.JwtTestKeys.HS256;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.NOW;
import static dev.dx.cim.jwt.JwtTestKeys.RS256;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static dev.dx.cim.jwt.JwtTestKeys.signRaw;
import static dev.dx.cim.jwt.JwtTestKeys.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {

    private final JwtVerifier verifier = verifier().build();

    static Reason reasonOf(JwtVerifier v, String token) {
        JwtVerificationException e = catchThrowableOfType(JwtVerificationException.class, () -> v.verify(token));
        assertThat(e).as("verify(%s...) should fail", token == null || token.length() < 60 ? token
                : token.substring(0, 60)).isNotNull();
        return e.reason();
    }

    private Reason reasonOf(String token) {
        return reasonOf(verifier, token);
    }

    // ---- algorithms

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512", "RS256", "ES256", "EdDSA"})
    void verifiesEveryAlgorithm(String name) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(name);
        String token = sign(JwtTestKeys.BY_ALG.get(alg), alg, claims().build());

        JWTClaimsSet claims = verifier.verify(token);

        assertThat(claims.getSubject()).isEqualTo("alice");
    }

    @Test
    void keyWithoutKidIsFoundByAlgorithm() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
        assertThat(verifier.verify(sign(ES256, header, claims().build())).getSubject()).isEqualTo("alice");
    }

    // ---- one test per rejection reason

    @Test
    void tooLarge() {
        String pad = "x".repeat(JwtVerifier.MAX_TOKEN_LENGTH);
        assertThat(reasonOf(sign(HS256, JWSAlgorithm.HS256, claims().claim("pad", pad).build())))
                .isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void sizeLimitIsInclusiveAt8KiB() throws Exception {
        // base64url lengths skip 1 mod 4, so vary the header too until both lengths are hit exactly
        String atLimit = null;
        String overLimit = null;
        int shortLength = sign(HS256, JWSAlgorithm.HS256, claims().claim("pad", "").build()).length();
        int start = (JwtVerifier.MAX_TOKEN_LENGTH - shortLength) * 3 / 4 - 8; // 3 payload bytes per 4 characters
        for (int x = 0; x < 4; x++) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hs256").customParam("x", "a".repeat(x)).build();
            for (int n = start; n < start + 24; n++) {
                String token = sign(HS256, header, claims().claim("pad", "x".repeat(n)).build());
                if (token.length() == JwtVerifier.MAX_TOKEN_LENGTH) {
                    atLimit = token;
                } else if (token.length() == JwtVerifier.MAX_TOKEN_LENGTH + 1) {
                    overLimit = token;
                }
            }
        }
        assertThat(atLimit).as("a token of exactly 8192 characters").isNotNull();
        assertThat(overLimit).as("a token of exactly 8193 characters").isNotNull();
        assertThat(verifier.verify(atLimit).getSubject()).isEqualTo("alice");
        assertThat(reasonOf(overLimit)).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void malformedSegments() {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        assertThat(reasonOf(token.substring(0, token.lastIndexOf('.')))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(token + ".AAAA")).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf("")).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(null)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void malformedHeader() {
        String notJson = Base64URL.encode("not json") + "." + Base64URL.encode("{}") + ".AAAA";
        String noAlg = Base64URL.encode("{\"kid\":\"hs256\"}") + "." + Base64URL.encode("{}") + ".AAAA";
        assertThat(reasonOf(notJson)).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(noAlg)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void malformedPayloadWithAValidSignature() {
        String input = Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"hs256\"}") + "." + Base64URL.encode("[1,2]");
        String token = input + "." + hmac(input);
        assertThat(reasonOf(token)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void nonCanonicalPadding() {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build()); // 32-byte MAC: 43 chars, pads to 44
        assertThat(reasonOf(token + "=")).isEqualTo(Reason.NON_CANONICAL_BASE64URL);
    }

    @Test
    void nonCanonicalCharacters() {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        String[] parts = token.split("\\.");
        // '+' and '/' are standard base64, not base64url; a space or a line break is outside any alphabet
        assertThat(reasonOf(parts[0] + "." + parts[1].replace('-', '+').replace('_', '/') + "+." + parts[2]))
                .isEqualTo(Reason.NON_CANONICAL_BASE64URL);
        assertThat(reasonOf(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "\n" + parts[2].substring(20)))
                .isEqualTo(Reason.NON_CANONICAL_BASE64URL);
        assertThat(reasonOf(parts[0] + " ." + parts[1] + "." + parts[2])).isEqualTo(Reason.NON_CANONICAL_BASE64URL);
    }

    @Test
    void nonCanonicalTrailingBitsThatNimbusAloneAccepts() throws Exception {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        String variant = withTrailingBitSet(token);
        assertThat(variant).isNotEqualTo(token);
        // why the check is ours: nimbus decodes the variant to the same MAC and accepts it
        assertThat(SignedJWT.parse(variant).verify(new MACVerifier(HS256))).isTrue();

        assertThat(reasonOf(variant)).isEqualTo(Reason.NON_CANONICAL_BASE64URL);
    }

    @Test
    void nonCanonicalTrailingBitsAfterTheCanonicalTokenWasCached() throws Exception {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().build());
        verifier.verify(token);
        assertThat(reasonOf(withTrailingBitSet(token))).isEqualTo(Reason.NON_CANONICAL_BASE64URL);
    }

    @Test
    void unsecuredAlgNone() {
        String payload = Base64URL.encode(claims().build().toString()).toString();
        assertThat(reasonOf(Base64URL.encode("{\"alg\":\"none\"}") + "." + payload + ".")).isEqualTo(Reason.UNSECURED);
        assertThat(reasonOf(Base64URL.encode("{\"alg\":\"NONE\",\"kid\":\"hs256\"}") + "." + payload + "."))
                .isEqualTo(Reason.UNSECURED);
    }

    @Test
    void unsupportedAlgorithm() {
        String token = signRaw(RS256, JWSAlgorithm.PS256, "{\"alg\":\"PS256\",\"kid\":\"rs256\"}", claims().build());
        assertThat(reasonOf(token)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void unknownCriticalHeader() {
        String token = signRaw(HS256, JWSAlgorithm.HS256,
                "{\"alg\":\"HS256\",\"kid\":\"hs256\",\"crit\":[\"x-policy\"],\"x-policy\":1}", claims().build());
        assertThat(reasonOf(token)).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    }

    @Test
    void unknownKid() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("nobody").build();
        assertThat(reasonOf(sign(HS256, header, claims().build()))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void emptyKeySet() {
        JwtVerifier empty = JwtVerifier.builder().keys(new JWKSet()).issuer(ISSUER).audience(AUDIENCE).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).build();
        assertThat(reasonOf(empty, sign(HS256, header, claims().build()))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void algorithmConfusionRsaPublicKeyAsHmacSecret() throws Exception {
        byte[] publicKeyBytes = RS256.toRSAPublicKey().getEncoded(); // what a confused verifier would use as secret
        OctetSequenceKey forged = new OctetSequenceKey.Builder(publicKeyBytes).keyID("rs256").build();
        String withKid = sign(forged, new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rs256").build(), claims().build());
        assertThat(reasonOf(withKid)).isEqualTo(Reason.ALGORITHM_MISMATCH);

        JwtVerifier rsaOnly = JwtVerifier.builder().keys(new JWKSet(RS256.toPublicJWK())).issuer(ISSUER)
                .audience(AUDIENCE).clock(CLOCK).build();
        String noKid = sign(forged, new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims().build());
        assertThat(reasonOf(rsaOnly, noKid)).isEqualTo(Reason.ALGORITHM_MISMATCH);
    }

    @Test
    void algorithmMismatchHeaderAlgDiffersFromKeyAlg() {
        // the HS512 secret, used for HS256: a real MAC by the right secret, but not under the key's own algorithm
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hs512").build();
        assertThat(reasonOf(sign(JwtTestKeys.HS512, header, claims().build()))).isEqualTo(Reason.ALGORITHM_MISMATCH);
    }

    @Test
    void invalidSignature() throws Exception {
        OctetSequenceKey other = new OctetSequenceKeyGenerator(256).keyID("hs256").generate();
        assertThat(reasonOf(sign(other, JWSAlgorithm.HS256, claims().build()))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void missingExpiration() throws Exception {
        JWTClaimsSet noExp = claims().expirationTime(null).build();
        String token = sign(HS256, JWSAlgorithm.HS256, noExp);
        assertThat(reasonOf(token)).isEqualTo(Reason.MISSING_EXPIRATION);
        assertThat(verifier().requireExpiration(false).build().verify(token).getSubject()).isEqualTo("alice");
    }

    @Test
    void expired() {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(Date.from(NOW.minusSeconds(1))).build());
        assertThat(reasonOf(token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void notYetValid() {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().notBeforeTime(Date.from(NOW.plusSeconds(1))).build());
        assertThat(reasonOf(token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void wrongIssuer() {
        assertThat(reasonOf(sign(HS256, JWSAlgorithm.HS256, claims().issuer("https://evil.test").build())))
                .isEqualTo(Reason.WRONG_ISSUER);
        assertThat(reasonOf(sign(HS256, JWSAlgorithm.HS256, claims().issuer(null).build())))
                .isEqualTo(Reason.WRONG_ISSUER);
    }

    @Test
    void wrongAudience() throws Exception {
        assertThat(reasonOf(sign(HS256, JWSAlgorithm.HS256, claims().audience("other").build())))
                .isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(reasonOf(sign(HS256, JWSAlgorithm.HS256, claims().audience((String) null).build())))
                .isEqualTo(Reason.WRONG_AUDIENCE);
        JWTClaimsSet several = claims().audience(List.of("other", AUDIENCE)).build();
        assertThat(verifier.verify(sign(HS256, JWSAlgorithm.HS256, several)).getAudience()).contains(AUDIENCE);
    }

    // ---- time boundaries: exp exclusive, nbf inclusive, both widened by the skew

    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Instant EXP = NOW.plusSeconds(100);
    private static final Instant NBF = NOW.minusSeconds(100);

    private static JwtVerifier at(Instant now, Duration skew) {
        return verifier().clock(Clock.fixed(now, ZoneOffset.UTC)).clockSkew(skew).cacheSize(0).build();
    }

    private static String withTimes() {
        return sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(Date.from(EXP)).notBeforeTime(Date.from(NBF)).build());
    }

    @Test
    void expBoundaryWithSkew() throws Exception {
        String token = withTimes();
        assertThat(at(EXP.plus(SKEW).minusMillis(1), SKEW).verify(token).getSubject()).isEqualTo("alice");
        assertThat(reasonOf(at(EXP.plus(SKEW), SKEW), token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void expBoundaryWithoutSkew() throws Exception {
        String token = withTimes();
        assertThat(at(EXP.minusMillis(1), Duration.ZERO).verify(token).getSubject()).isEqualTo("alice");
        assertThat(reasonOf(at(EXP, Duration.ZERO), token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void nbfBoundaryWithSkew() throws Exception {
        String token = withTimes();
        assertThat(at(NBF.minus(SKEW), SKEW).verify(token).getSubject()).isEqualTo("alice");
        assertThat(reasonOf(at(NBF.minus(SKEW).minusMillis(1), SKEW), token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void nbfBoundaryWithoutSkew() throws Exception {
        String token = withTimes();
        assertThat(at(NBF, Duration.ZERO).verify(token).getSubject()).isEqualTo("alice");
        assertThat(reasonOf(at(NBF.minusMillis(1), Duration.ZERO), token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    // ---- configuration

    @Test
    void builderRefusesMissingOrBadSettings() {
        assertThatThrownBy(() -> JwtVerifier.builder().issuer(ISSUER).audience(AUDIENCE).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> JwtVerifier.builder().clockSkew(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().cacheSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionCarriesReasonAndDetail() {
        JwtVerificationException e = new JwtVerificationException(Reason.EXPIRED, "detail", new RuntimeException());
        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e).hasMessage("EXPIRED: detail").hasCauseInstanceOf(RuntimeException.class);
    }

    static String hmac(String signingInput) {
        try {
            return new com.nimbusds.jose.crypto.MACSigner(HS256)
                    .sign(new JWSHeader(JWSAlgorithm.HS256), signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** The token with the lowest unused bit of its signature's last character set (43 chars: 2 unused bits). */
    static String withTrailingBitSet(String token) {
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        return token.substring(0, token.length() - 1) + alphabet.charAt(value | 1);
    }

    static JWK anyKey() {
        return HS256;
    }
}
