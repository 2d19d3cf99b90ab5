package dev.dx.cim.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Makes the nimbus signature checker for one key and the one algorithm it is used for. A seam for tests
 * (a counting factory shows whether a cached token was checked again); {@link #NIMBUS} is the real one.
 */
@FunctionalInterface
interface KeyVerifierFactory {

    /** nimbus' verifiers, built from the public half of asymmetric keys. */
    KeyVerifierFactory NIMBUS = (key, alg) -> {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            return new MACVerifier((OctetSequenceKey) key);
        }
        if (JWSAlgorithm.RS256.equals(alg)) {
            return new RSASSAVerifier(((RSAKey) key).toPublicJWK());
        }
        if (JWSAlgorithm.ES256.equals(alg)) {
            return new ECDSAVerifier(((ECKey) key).toPublicJWK());
        }
        if (JWSAlgorithm.EdDSA.equals(alg)) {
            return new Ed25519Verifier(((OctetKeyPair) key).toPublicJWK());
        }
        throw new JOSEException("unsupported algorithm " + alg);
    };

    /** The checker for signatures by {@code key} under {@code alg}; the key type already fits {@code alg}. */
    JWSVerifier create(JWK key, JWSAlgorithm alg) throws JOSEException;
}
