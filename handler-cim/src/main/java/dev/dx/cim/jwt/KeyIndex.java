package dev.dx.cim.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usable keys of one JWK Set, each bound to exactly one algorithm, with its signature checker built
 * once. Immutable; {@link JwtVerifier} swaps in a new index when the key source gives a new set.
 *
 * <h2>Which algorithm a key is for</h2>
 * A JWK with {@code alg} is used for that algorithm only, if it is one of {@link #ALGORITHMS} and fits
 * the key type (an {@code oct} key for HS*, RSA for RS256, EC P-256 for ES256, OKP Ed25519 for EdDSA).
 * A JWK without {@code alg} is used for the one algorithm its type allows here (RSA → RS256,
 * EC P-256 → ES256, OKP Ed25519 → EdDSA); an {@code oct} secret without {@code alg} is not used,
 * because HS256, HS384 and HS512 would all fit it. Keys marked {@code "use": "enc"}, HMAC secrets shorter
 * than their hash, and RSA keys under 2048 bits are not used either. Every key left out is logged as a
 * warning, never an error, so one bad key in a published set does not take the others down.
 */
final class KeyIndex {

    /** The algorithms a token may use. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
            JWSAlgorithm.HS512, JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    static final int MIN_RSA_BITS = 2048;

    private static final Logger log = LoggerFactory.getLogger(KeyIndex.class);

    /** One usable key: its id (maybe {@code null}), its algorithm and its checker. */
    record Entry(String kid, JWSAlgorithm alg, JWSVerifier verifier) {
    }

    private final JWKSet source;
    private final Map<String, List<Entry>> byKid;
    private final Map<JWSAlgorithm, List<Entry>> byAlg;
    private final int size;

    private KeyIndex(JWKSet source, List<Entry> entries) {
        this.source = source;
        Map<String, List<Entry>> kids = new HashMap<>();
        Map<JWSAlgorithm, List<Entry>> algs = new HashMap<>();
        for (Entry e : entries) {
            if (e.kid() != null) {
                kids.computeIfAbsent(e.kid(), k -> new ArrayList<>()).add(e);
            }
            algs.computeIfAbsent(e.alg(), k -> new ArrayList<>()).add(e);
        }
        kids.replaceAll((k, v) -> List.copyOf(v));
        algs.replaceAll((k, v) -> List.copyOf(v));
        this.byKid = Map.copyOf(kids);
        this.byAlg = Map.copyOf(algs);
        this.size = entries.size();
    }

    /** The index of the usable keys in {@code set}. */
    static KeyIndex of(JWKSet set, KeyVerifierFactory factory) {
        List<Entry> entries = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            String why = unusable(key);
            JWSAlgorithm alg = why == null ? algorithmOf(key) : null;
            if (alg == null) {
                log.warn("JWK kid={} not used: {}", key.getKeyID(), why != null ? why : "no algorithm fits it");
                continue;
            }
            String weak = weakness(key, alg);
            if (weak != null) {
                log.warn("JWK kid={} not used: {}", key.getKeyID(), weak);
                continue;
            }
            try {
                entries.add(new Entry(key.getKeyID(), alg, factory.create(key, alg)));
            } catch (JOSEException | RuntimeException e) {
                log.warn("JWK kid={} not used: {}", key.getKeyID(), e.toString());
            }
        }
        return new KeyIndex(set, entries);
    }

    /** The set this index was built from (compared by identity to notice a new set). */
    JWKSet source() {
        return source;
    }

    /** How many keys are usable. */
    int size() {
        return size;
    }

    /** The keys with id {@code kid}, whatever their algorithm; empty if none. */
    List<Entry> withKid(String kid) {
        return byKid.getOrDefault(kid, Collections.emptyList());
    }

    /** The keys for {@code alg}, with or without an id; empty if none. */
    List<Entry> withAlg(JWSAlgorithm alg) {
        return byAlg.getOrDefault(alg, Collections.emptyList());
    }

    private static String unusable(JWK key) {
        if (KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
            return "\"use\" is \"enc\"";
        }
        return null;
    }

    /** The one algorithm {@code key} is used for, or {@code null}. */
    private static JWSAlgorithm algorithmOf(JWK key) {
        KeyType type = key.getKeyType();
        JWSAlgorithm natural = null;
        if (KeyType.RSA.equals(type)) {
            natural = JWSAlgorithm.RS256;
        } else if (KeyType.EC.equals(type) && Curve.P_256.equals(((ECKey) key).getCurve())) {
            natural = JWSAlgorithm.ES256;
        } else if (KeyType.OKP.equals(type) && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
            natural = JWSAlgorithm.EdDSA;
        }
        if (key.getAlgorithm() == null) {
            return natural; // oct without alg: null, see the class comment
        }
        JWSAlgorithm declared = JWSAlgorithm.parse(key.getAlgorithm().getName());
        if (!ALGORITHMS.contains(declared)) {
            return null;
        }
        if (KeyType.OCT.equals(type)) {
            return JWSAlgorithm.Family.HMAC_SHA.contains(declared) ? declared : null;
        }
        return declared.equals(natural) ? declared : null;
    }

    /** Why {@code key} is too weak for {@code alg}, or {@code null}. */
    private static String weakness(JWK key, JWSAlgorithm alg) {
        if (key instanceof OctetSequenceKey secret) {
            int bits = secret.toByteArray().length * 8;
            int needed = Integer.parseInt(alg.getName().substring(2));
            return bits < needed ? "a " + bits + "-bit secret for " + alg + " (expected: >= " + needed + ")" : null;
        }
        if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
            return "a " + rsa.size() + "-bit RSA key (expected: >= " + MIN_RSA_BITS + ")";
        }
        return null;
    }
}
