package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.AUDIENCE;
import static dev.dx.cim.jwt.JwtTestKeys.CLOCK;
import static dev.dx.cim.jwt.JwtTestKeys.ES256;
import static dev.dx.cim.jwt.JwtTestKeys.ISSUER;
import static dev.dx.cim.jwt.JwtTestKeys.RS256;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static dev.dx.cim.jwt.JwtVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import dev.dx.cim.jwt.JwtVerificationException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keys from a file and from a URL refreshed in the background (a JDK HTTP server on loopback). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JwtKeySourceTest {

    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private URL url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static JwtVerifier verifierOf(JwtKeySource keys) {
        return JwtVerifier.builder().keys(keys).issuer(ISSUER).audience(AUDIENCE).clock(CLOCK).build();
    }

    @Test
    void fromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(RS256.toPublicJWK()).toString());
        JwtVerifier verifier = verifierOf(JwtKeySource.fromFile(file));
        assertThat(verifier.verify(sign(RS256, JWSAlgorithm.RS256, claims().build())).getSubject()).isEqualTo("alice");
    }

    @Test
    void fromFileRefusesWhatIsNotAJwkSet(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("a.json"), "not json");
        Path tooLarge = Files.write(dir.resolve("b.json"), new byte[JwtKeySource.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> JwtKeySource.fromFile(notJson)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JWK Set");
        assertThatThrownBy(() -> JwtKeySource.fromFile(tooLarge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: <=");
        assertThatThrownBy(() -> JwtKeySource.fromFile(dir.resolve("missing.json")))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void urlIsFetchedAtStartAndAgainOnRefresh() throws Exception {
        body.set(new JWKSet(RS256.toPublicJWK()).toString());
        try (RefreshingJwkSource keys = RefreshingJwkSource.start(url, Duration.ofHours(1))) {
            JwtVerifier verifier = verifierOf(keys);
            String rsToken = sign(RS256, JWSAlgorithm.RS256, claims().build());
            String esToken = sign(ES256, JWSAlgorithm.ES256, claims().build());
            assertThat(verifier.verify(rsToken).getSubject()).isEqualTo("alice");
            assertThat(reasonOf(verifier, esToken)).isEqualTo(Reason.UNKNOWN_KEY);

            body.set(new JWKSet(ES256.toPublicJWK()).toString()); // rotation: rs256 out, es256 in
            keys.refresh();

            assertThat(verifier.verify(esToken).getSubject()).isEqualTo("alice");
            assertThat(reasonOf(verifier, rsToken)).as("withdrawn key, cached token").isEqualTo(Reason.UNKNOWN_KEY);
        }
    }

    @Test
    void failedRefreshKeepsTheOldKeys() throws Exception {
        body.set(new JWKSet(RS256.toPublicJWK()).toString());
        try (RefreshingJwkSource keys = RefreshingJwkSource.start(url, Duration.ofHours(1))) {
            JWKSet before = keys.current();

            status.set(500);
            keys.refresh();
            status.set(200);
            body.set("{\"keys\": not json");
            keys.refresh();

            assertThat(keys.failedRefreshes()).isEqualTo(2);
            assertThat(keys.current()).isSameAs(before);
            assertThat(verifierOf(keys).verify(sign(RS256, JWSAlgorithm.RS256, claims().build())).getSubject())
                    .isEqualTo("alice");
        }
    }

    @Test
    void unchangedSetKeepsTheSameInstance() throws Exception {
        body.set(new JWKSet(RS256.toPublicJWK()).toString());
        try (RefreshingJwkSource keys = RefreshingJwkSource.start(url, Duration.ofHours(1))) {
            JWKSet before = keys.current();
            keys.refresh();
            assertThat(keys.current()).isSameAs(before);
            assertThat(keys.failedRefreshes()).isZero();
        }
    }

    @Test
    void refreshRunsOnItsOwnSchedule() throws Exception {
        body.set(new JWKSet(RS256.toPublicJWK()).toString());
        try (RefreshingJwkSource keys = RefreshingJwkSource.start(url, Duration.ofMillis(20))) {
            body.set(new JWKSet(ES256.toPublicJWK()).toString());
            while (keys.current().getKeyByKeyId("es256") == null) {
                Thread.sleep(10); // bounded by the class @Timeout
            }
            assertThat(requests.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void firstFetchMustSucceed() {
        status.set(404);
        body.set("{}");
        assertThatThrownBy(() -> RefreshingJwkSource.start(url, Duration.ofHours(1))).isInstanceOf(IOException.class);
        body.set("[]");
        status.set(200);
        assertThatThrownBy(() -> RefreshingJwkSource.start(url, Duration.ofHours(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("JWK Set");
    }

    @Test
    void periodMustBePositive() {
        assertThatThrownBy(() -> RefreshingJwkSource.start(url, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
    }
}
