package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.CLOCK;
import static dev.dx.cim.jwt.JwtTestKeys.ED25519;
import static dev.dx.cim.jwt.JwtTestKeys.ES256;
import static dev.dx.cim.jwt.JwtTestKeys.HS256;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.RS256;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static dev.dx.cim.jwt.JwtVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import org.junit.jupiter.api.Test;

/** Which keys of a set are used, and for which algorithm. */
class KeyIndexTest {

    private static JwtVerifier verifierOf(JWK... keys) {
        return JwtVerifier.builder().keys(new JWKSet(java.util.List.of(keys))).issuer(ISSUER).audience(AUDIENCE)
                .clock(CLOCK).build();
    }

    private static KeyIndex indexOf(JWK... keys) {
        return KeyIndex.of(new JWKSet(java.util.List.of(keys)), KeyVerifierFactory.NIMBUS);
    }

    @Test
    void asymmetricKeysWithoutAlgGetTheOneAlgorithmTheirTypeAllows() throws Exception {
        RSAKey rsa = new RSAKey.Builder(RS256.toRSAPublicKey()).keyID("rs256").build();
        ECKey ec = new ECKey.Builder(ES256.toPublicJWK()).algorithm(null).build();
        OctetKeyPair ed = new OctetKeyPair.Builder(ED25519.toPublicJWK()).algorithm(null).build();
        JwtVerifier verifier = verifierOf(rsa, ec, ed);

        assertThat(verifier.verify(sign(RS256, JWSAlgorithm.RS256, claims().build())).getSubject()).isEqualTo("alice");
        assertThat(verifier.verify(sign(ES256, JWSAlgorithm.ES256, claims().build())).getSubject()).isEqualTo("alice");
        assertThat(verifier.verify(sign(ED25519, JWSAlgorithm.EdDSA, claims().build())).getSubject()).isEqualTo("alice");
        assertThat(indexOf(rsa, ec, ed).withKid("rs256")).extracting(KeyIndex.Entry::alg).containsExactly(JWSAlgorithm.RS256);
    }

    @Test
    void hmacSecretWithoutAlgIsNotUsed() {
        OctetSequenceKey noAlg = new OctetSequenceKey.Builder(HS256.toByteArray()).keyID("hs256").build();
        assertThat(indexOf(noAlg).size()).isZero();
        assertThat(reasonOf(verifierOf(noAlg), sign(HS256, JWSAlgorithm.HS256, claims().build())))
                .isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void declaredAlgMustFitTheKeyType() {
        RSAKey rsaClaimingHmac = new RSAKey.Builder(RS256.toPublicJWK()).algorithm(JWSAlgorithm.HS256).build();
        ECKey ecClaimingRsa = new ECKey.Builder(ES256.toPublicJWK()).algorithm(JWSAlgorithm.RS256).build();
        OctetSequenceKey hmacClaimingRsa = new OctetSequenceKey.Builder(HS256).algorithm(JWSAlgorithm.RS256).build();
        RSAKey unsupported = new RSAKey.Builder(RS256.toPublicJWK()).algorithm(JWSAlgorithm.PS256).build();
        RSAKey encryption = new RSAKey.Builder(RS256.toPublicJWK()).algorithm(new Algorithm("RSA-OAEP-256")).build();
        assertThat(indexOf(rsaClaimingHmac, ecClaimingRsa, hmacClaimingRsa, unsupported, encryption).size()).isZero();
    }

    @Test
    void encryptionKeysAreNotUsed() {
        RSAKey enc = new RSAKey.Builder(RS256.toPublicJWK()).keyUse(KeyUse.ENCRYPTION).build();
        RSAKey sig = new RSAKey.Builder(RS256.toPublicJWK()).keyUse(KeyUse.SIGNATURE).build();
        assertThat(indexOf(enc).size()).isZero();
        assertThat(indexOf(sig).size()).isOne();
    }

    @Test
    void hmacSecretShorterThanItsHashIsNotUsed() {
        OctetSequenceKey shortForHs512 = new OctetSequenceKey.Builder(HS256).algorithm(JWSAlgorithm.HS512).build();
        assertThat(indexOf(shortForHs512).size()).isZero();
        assertThat(indexOf(HS256, JwtTestKeys.HS384, JwtTestKeys.HS512).size()).isEqualTo(3);
    }

    @Test
    void privateKeysInTheSetVerifyWithTheirPublicHalf() throws Exception {
        JwtVerifier verifier = verifierOf(RS256, ES256, ED25519);
        assertThat(verifier.verify(sign(ED25519, JWSAlgorithm.EdDSA, claims().build())).getSubject()).isEqualTo("alice");
    }

    @Test
    void aKeyTheFactoryCannotBuildIsLeftOut() {
        KeyIndex index = KeyIndex.of(new JWKSet(HS256), (key, alg) -> {
            throw new com.nimbusds.jose.JOSEException("no");
        });
        assertThat(index.size()).isZero();
        assertThat(index.withAlg(JWSAlgorithm.HS256)).isEmpty();
    }
}
