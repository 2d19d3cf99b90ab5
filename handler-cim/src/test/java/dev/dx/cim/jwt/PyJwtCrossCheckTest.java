package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.NOW;
import static dev.dx.cim.jwt.JwtVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens signed by PyJWT (Debian's {@code python3-jwt}, with {@code python3-cryptography}), an
 * implementation nobody here wrote, from keys this test generates: they verify, and tampered copies fail
 * with the reason the tampering deserves. Runs {@code src/test/resources/jwt/pyjwt_sign.py}.
 *
 * <p>Needs a {@code python3} that can {@code import jwt, cryptography}: the first of the system property
 * {@code dx.python3}, {@code python3} on the PATH and {@code /usr/bin/python3} that can. Without one the
 * test fails and says what to install; it does not skip.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PyJwtCrossCheckTest {

    private static final List<JWSAlgorithm> ALGORITHMS =
            List.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    /** For each algorithm, another one the same kid does not allow. */
    private static final Map<JWSAlgorithm, String> SWAPPED = Map.of(JWSAlgorithm.HS256, "HS512",
            JWSAlgorithm.RS256, "HS256", JWSAlgorithm.ES256, "RS256", JWSAlgorithm.EdDSA, "ES256");

    private static Map<JWSAlgorithm, String> tokens;

    private final JwtVerifier verifier = JwtTestKeys.verifier().build();

    @BeforeAll
    static void signWithPyJwt(@TempDir Path dir) throws Exception {
        String python = findPython();
        Path script = dir.resolve("pyjwt_sign.py");
        try (InputStream in = PyJwtCrossCheckTest.class.getResourceAsStream("/jwt/pyjwt_sign.py")) {
            assertThat(in).as("resource /jwt/pyjwt_sign.py").isNotNull();
            Files.copy(in, script);
        }
        List<Object> requests = new ArrayList<>();
        for (JWSAlgorithm alg : ALGORITHMS) {
            JWK key = JwtTestKeys.BY_ALG.get(alg);
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("aud", AUDIENCE);
            claims.put("sub", "alice");
            claims.put("exp", NOW.getEpochSecond() + 600);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("alg", alg.getName());
            request.put("jwk", key.toJSONObject()); // with its private part: PyJWT signs with it
            request.put("kid", key.getKeyID());
            request.put("claims", claims);
            requests.add(request);
        }
        String output = run(python, script, JSONArrayUtils.toJSONString(requests));
        List<Object> signed = JSONArrayUtils.parse(output);
        assertThat(signed).hasSize(ALGORITHMS.size());
        tokens = new LinkedHashMap<>();
        for (int i = 0; i < ALGORITHMS.size(); i++) {
            tokens.put(ALGORITHMS.get(i), (String) signed.get(i));
        }
    }

    @Test
    void pyJwtTokensVerify() throws Exception {
        for (JWSAlgorithm alg : ALGORITHMS) {
            String token = tokens.get(alg);
            assertThat(JSONObjectUtils.parse(part(token, 0).decodeToString())).containsEntry("alg", alg.getName());
            assertThat(verifier.verify(token).getSubject()).as(alg.getName()).isEqualTo("alice");
        }
    }

    @Test
    void oneChangedPayloadByteFails() {
        for (JWSAlgorithm alg : ALGORITHMS) {
            String token = tokens.get(alg);
            byte[] payload = part(token, 1).decode();
            String json = new String(payload, StandardCharsets.UTF_8);
            int at = json.indexOf("alice") + 4;
            payload[at] = (byte) 'f'; // "alice" -> "alicf"
            String tampered = part(token, 0) + "." + Base64URL.encode(payload) + "." + part(token, 2);
            assertThat(reasonOf(verifier, tampered)).as(alg.getName()).isEqualTo(Reason.INVALID_SIGNATURE);
        }
    }

    @Test
    void oneFlippedSignatureBitFails() {
        for (JWSAlgorithm alg : ALGORITHMS) {
            String token = tokens.get(alg);
            byte[] signature = part(token, 2).decode();
            signature[signature.length / 2] ^= 0x01;
            String tampered = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(signature);
            assertThat(reasonOf(verifier, tampered)).as(alg.getName()).isEqualTo(Reason.INVALID_SIGNATURE);
        }
    }

    @Test
    void swappedAlgFails() throws Exception {
        for (JWSAlgorithm alg : ALGORITHMS) {
            String token = tokens.get(alg);
            Map<String, Object> header = JSONObjectUtils.parse(part(token, 0).decodeToString());
            header.put("alg", SWAPPED.get(alg));
            String swapped = Base64URL.encode(JSONObjectUtils.toJSONString(header)) + token.substring(token.indexOf('.'));
            assertThat(reasonOf(verifier, swapped)).as(alg.getName()).isEqualTo(Reason.ALGORITHM_MISMATCH);

            header.put("alg", "none");
            String unsecured = Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "." + part(token, 1) + ".";
            assertThat(reasonOf(verifier, unsecured)).as(alg.getName()).isEqualTo(Reason.UNSECURED);
        }
    }

    private static Base64URL part(String token, int index) {
        return new Base64URL(token.split("\\.", -1)[index]);
    }

    private static String findPython() throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("dx.python3");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import jwt, cryptography")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException notThere) {
                // try the next one
            }
        }
        throw new AssertionError("the PyJWT cross-check needs python3 with PyJWT and cryptography: on Debian,"
                + " apt-get install python3 python3-jwt python3-cryptography (or point -Ddx.python3 at such a"
                + " python3). Tried " + candidates);
    }

    private static String run(String python, Path script, String stdin) throws Exception {
        Process p = new ProcessBuilder(python, script.toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python exit; stderr: %s", new String(err, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
