package dev.dx.cim.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** nimbus' signature checkers, with every {@code verify} call counted: shows what the cache saves. */
final class CountingVerifierFactory implements KeyVerifierFactory {

    private final AtomicInteger checks = new AtomicInteger();

    /** How many signatures have been checked. */
    int checks() {
        return checks.get();
    }

    @Override
    public JWSVerifier create(JWK key, JWSAlgorithm alg) throws JOSEException {
        JWSVerifier real = KeyVerifierFactory.NIMBUS.create(key, alg);
        return new JWSVerifier() {
            @Override
            public boolean verify(JWSHeader header, byte[] input, Base64URL signature) throws JOSEException {
                checks.incrementAndGet();
                return real.verify(header, input, signature);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return real.supportedJWSAlgorithms();
            }

            @Override
            public JCAContext getJCAContext() {
                return real.getJCAContext();
            }
        };
    }
}
