package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.ED25519;
import static dev.dx.cim.jwt.JwtTestKeys.HS256;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.NOW;
import static dev.dx.cim.jwt.JwtTestKeys.RS256;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.publicSet;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;
import dev.dx.cim.TestExchange;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.Test;

class JwtAuthMiddlewareTest {

    private static final String MISSING = "Bearer realm=\"api\"";
    private static final String INVALID = "Bearer realm=\"api\", error=\"invalid_token\"";

    private final CountingVerifierFactory counting = new CountingVerifierFactory();
    private final JwtVerifierCacheTest.MovableClock clock = new JwtVerifierCacheTest.MovableClock(NOW);
    private final JwtVerifier verifier = JwtVerifier.builder().keys(publicSet()).issuer(ISSUER).audience(AUDIENCE)
            .clock(clock).verifierFactory(counting).build();
    private final JwtAuthMiddleware required = JwtAuthMiddleware.required(verifier, "api");
    private final JwtAuthMiddleware optional = JwtAuthMiddleware.optional(verifier, "api");

    private static String valid() {
        return sign(RS256, JWSAlgorithm.RS256, claims().build());
    }

    private static void assertRefused(TestExchange ex, String challenge) {
        assertThat(ex.status()).isEqualTo(401);
        assertThat(ex.body()).isEqualTo("unauthorized");
        assertThat(ex.answerHeaders()).containsEntry("www-authenticate", challenge);
        assertThat(ex.get(JwtAuthMiddleware.CLAIMS)).isNull();
    }

    @Test
    void validHttpBearerTokenSetsClaimsAndContinues() throws Exception {
        TestExchange ex = new TestExchange().header("Authorization", "Bearer " + valid());

        assertThat(required.before(ex)).isEqualTo(Middleware.CONTINUE);

        assertThat(ex.isAnswered()).isFalse();
        assertThat(ex.get(JwtAuthMiddleware.CLAIMS).getSubject()).isEqualTo("alice");
    }

    @Test
    void missingTokenIs401WithoutErrorCode() throws Exception {
        TestExchange ex = new TestExchange();
        assertThat(required.before(ex)).isEqualTo(Middleware.STOP);
        assertRefused(ex, MISSING);
    }

    @Test
    void invalidTokenIs401InvalidTokenWithoutTheReason() throws Exception {
        String expired = sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(Date.from(NOW.minusSeconds(5))).build());
        TestExchange ex = new TestExchange().header("authorization", "Bearer " + expired);

        assertThat(required.before(ex)).isEqualTo(Middleware.STOP);

        assertRefused(ex, INVALID);
        assertThat(ex.answerHeaders().toString()).doesNotContainIgnoringCase("expired");
    }

    @Test
    void garbageTokenIs401InvalidToken() throws Exception {
        TestExchange ex = new TestExchange().header("authorization", "Bearer not.a.jwt");
        assertThat(required.before(ex)).isEqualTo(Middleware.STOP);
        assertRefused(ex, INVALID);
    }

    @Test
    void optionalLetsARequestWithoutTokenThroughWithoutClaims() throws Exception {
        TestExchange ex = new TestExchange();
        assertThat(optional.before(ex)).isEqualTo(Middleware.CONTINUE);
        assertThat(ex.isAnswered()).isFalse();
        assertThat(ex.get(JwtAuthMiddleware.CLAIMS)).isNull();
        assertThat(optional.isRequired()).isFalse();
        assertThat(required.isRequired()).isTrue();
    }

    @Test
    void optionalStillRefusesAnInvalidToken() throws Exception {
        TestExchange ex = new TestExchange().header("authorization", "Bearer x.y.z");
        assertThat(optional.before(ex)).isEqualTo(Middleware.STOP);
        assertRefused(ex, INVALID);
    }

    @Test
    void optionalWithAValidTokenSetsClaims() throws Exception {
        TestExchange ex = new TestExchange().header("authorization", "Bearer " + valid());
        assertThat(optional.before(ex)).isEqualTo(Middleware.CONTINUE);
        assertThat(ex.get(JwtAuthMiddleware.CLAIMS).getSubject()).isEqualTo("alice");
    }

    @Test
    void hbtpAuthorizationMetadataWorksLikeTheHttpHeader() throws Exception {
        HbtpStyleExchange ok = new HbtpStyleExchange().metadata("authorization", "Bearer " + valid());
        assertThat(required.before(ok)).isEqualTo(Middleware.CONTINUE);
        assertThat(ok.get(JwtAuthMiddleware.CLAIMS).getSubject()).isEqualTo("alice");

        HbtpStyleExchange bad = new HbtpStyleExchange().metadata("authorization", "Bearer a.b.c");
        assertThat(required.before(bad)).isEqualTo(Middleware.STOP);
        assertThat(bad.rejection()).isEqualTo(Rejection.UNAUTHORIZED);
        assertThat(bad.answerMetadata()).containsExactly(
                java.util.Map.entry("www-authenticate", INVALID));

        HbtpStyleExchange none = new HbtpStyleExchange();
        assertThat(required.before(none)).isEqualTo(Middleware.STOP);
        assertThat(none.answerMetadata()).containsEntry("www-authenticate", MISSING);
    }

    @Test
    void schemeIsCaseInsensitiveAndOtherSchemesAreNoToken() throws Exception {
        String token = valid();
        for (String header : new String[] {"bearer " + token, "BEARER   " + token}) {
            TestExchange ex = new TestExchange().header("authorization", header);
            assertThat(required.before(ex)).as(header).isEqualTo(Middleware.CONTINUE);
        }
        for (String header : new String[] {"Basic dXNlcjpwYXNz", "Bearerx " + token, "Bear"}) {
            TestExchange ex = new TestExchange().header("authorization", header);
            assertThat(required.before(ex)).as(header).isEqualTo(Middleware.STOP);
            assertRefused(ex, MISSING);
        }
        TestExchange bare = new TestExchange().header("authorization", "Bearer");
        assertThat(required.before(bare)).isEqualTo(Middleware.STOP);
        assertRefused(bare, INVALID);
    }

    @Test
    void handshakeIdentityCarriesTheToken() throws Exception {
        String token = sign(ED25519, JWSAlgorithm.EdDSA, claims().build());
        JwtHandshakeAuthenticator authenticator = new JwtHandshakeAuthenticator(verifier, false);
        Object identity = authenticator.authenticate(token.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(identity).isInstanceOf(JwtIdentity.class);
        assertThat(identity.toString()).contains("alice").doesNotContain(token);

        for (Object id : new Object[] {identity, token, token.getBytes(StandardCharsets.US_ASCII)}) {
            HbtpStyleExchange ex = new HbtpStyleExchange().identity(id);
            assertThat(required.before(ex)).as(id.getClass().getSimpleName()).isEqualTo(Middleware.CONTINUE);
            assertThat(ex.get(JwtAuthMiddleware.CLAIMS).getSubject()).isEqualTo("alice");
        }
        HbtpStyleExchange other = new HbtpStyleExchange().identity(42);
        assertThat(required.before(other)).isEqualTo(Middleware.STOP);
        assertThat(other.answerMetadata()).containsEntry("www-authenticate", MISSING);
    }

    @Test
    void headerTokenWinsOverTheHandshakeIdentity() throws Exception {
        String bob = sign(HS256, JWSAlgorithm.HS256, claims().subject("bob").build());
        HbtpStyleExchange ex = new HbtpStyleExchange().identity(valid()).metadata("authorization", "Bearer " + bob);
        assertThat(required.before(ex)).isEqualTo(Middleware.CONTINUE);
        assertThat(ex.get(JwtAuthMiddleware.CLAIMS).getSubject()).isEqualTo("bob");
    }

    @Test
    void connectionOutlivingItsTokenIsRefused() throws Exception {
        String token = sign(HS256, JWSAlgorithm.HS256, claims().expirationTime(Date.from(NOW.plusSeconds(60))).build());
        Object identity = new JwtHandshakeAuthenticator(verifier, false)
                .authenticate(token.getBytes(StandardCharsets.US_ASCII), null);
        clock.set(NOW.plusSeconds(60));
        HbtpStyleExchange ex = new HbtpStyleExchange().identity(identity);
        assertThat(required.before(ex)).isEqualTo(Middleware.STOP);
        assertThat(ex.answerMetadata()).containsEntry("www-authenticate", INVALID);
    }

    @Test
    void repeatedTokenIsCheckedOnceAndRefusedOnceExpiredInTheCache() throws Exception {
        String token = sign(RS256, JWSAlgorithm.RS256, claims().expirationTime(Date.from(NOW.plusSeconds(60))).build());
        for (int i = 0; i < 3; i++) {
            TestExchange ex = new TestExchange().header("authorization", "Bearer " + token);
            assertThat(required.before(ex)).isEqualTo(Middleware.CONTINUE);
        }
        assertThat(counting.checks()).isEqualTo(1);

        clock.set(NOW.plusSeconds(60));
        TestExchange late = new TestExchange().header("authorization", "Bearer " + token);
        assertThat(required.before(late)).isEqualTo(Middleware.STOP);
        assertRefused(late, INVALID);
        assertThat(counting.checks()).as("refused from the cache entry").isEqualTo(1);
    }

    @Test
    void handshakeAuthenticatorRefusals() throws Exception {
        JwtHandshakeAuthenticator strict = new JwtHandshakeAuthenticator(verifier, false);
        JwtHandshakeAuthenticator lenient = new JwtHandshakeAuthenticator(verifier, true);
        assertThat(strict.authenticate(new byte[0], null)).isNull();
        assertThat(lenient.authenticate(new byte[0], null)).isSameAs(dev.dx.codec.hbtp.secure.HbtpAuthenticator.ANONYMOUS);
        assertThat(strict.authenticate("a.b.c".getBytes(StandardCharsets.US_ASCII), null)).isNull();
        assertThat(strict.authenticate("caf\u00e9.b.c".getBytes(StandardCharsets.UTF_8), null)).isNull();
        assertThat(strict.authenticate(new byte[JwtVerifier.MAX_TOKEN_LENGTH + 1], null)).isNull();
    }

    @Test
    void realmMustFitInAQuotedString() {
        assertThatThrownBy(() -> JwtAuthMiddleware.required(verifier, "a\"b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realm");
        assertThatThrownBy(() -> JwtAuthMiddleware.required(verifier, "a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtAuthMiddleware.required(verifier, "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void claimsKeyIsTyped() {
        assertThat(JwtAuthMiddleware.CLAIMS.type()).isEqualTo(JWTClaimsSet.class);
    }

}
