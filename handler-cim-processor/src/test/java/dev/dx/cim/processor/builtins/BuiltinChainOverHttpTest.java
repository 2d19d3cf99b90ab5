package dev.dx.cim.processor.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.http.CimHttpHandler;
import dev.dx.cim.jwt.JwtAuthMiddleware;
import dev.dx.cim.jwt.JwtVerifier;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated {@link ApiChain_Cim} with all four built-ins (timing, CORS, JWT, rate limit) in front of
 * an HTTP handler on {@link DxReactor}, over real sockets: what the module README promises, end to end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuiltinChainOverHttpTest {

    private static final String ORIGIN = "https://app.example.com";
    private static DxReactor reactor;
    private static Listener server;
    private static String token;
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        OctetSequenceKey key = new OctetSequenceKeyGenerator(256).keyID("k1").algorithm(JWSAlgorithm.HS256).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://issuer.test").audience("api").subject("ada")
                        .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
        jwt.sign(new MACSigner(key));
        token = jwt.serialize();
        JwtVerifier verifier = JwtVerifier.builder().keys(new JWKSet(key)).issuer("https://issuer.test")
                .audience("api").build();
        ApiChain chain = new ApiChain_Cim(new TimingMiddleware(reactor), JwtAuthMiddleware.required(verifier, "api"),
                new RateLimitMiddleware(reactor, 1_000, Duration.ofSeconds(1)));
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new CimHttpHandler(chain, x -> x.respond(HttpResponseStatus.OK,
                                ByteBufUtil.writeUtf8(x.channel().alloc(), "hello " + x.get(JwtAuthMiddleware.CLAIMS).getSubject()),
                                "text/plain")));
            }
        });
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(String path) {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    void anAuthorizedCrossOriginRequestPassesEveryMiddlewareAndCarriesTheirHeaders() throws Exception {
        HttpResponse<String> r = send(get("/users/1").header("Origin", ORIGIN).header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello ada");
        assertThat(r.headers().firstValue("x-response-time")).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d{3}"));
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(r.headers().firstValue("vary")).hasValue("Origin");
        assertThat(r.headers().firstValue("x-ratelimit-limit")).hasValue("1000");
        assertThat(r.headers().firstValue("x-ratelimit-remaining")).isPresent();
    }

    @Test
    void aRequestWithoutATokenIsRefusedAfterCorsAndTimingRan() throws Exception {
        HttpResponse<String> r = send(get("/users/1").header("Origin", ORIGIN));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"api\"");
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(r.headers().firstValue("x-response-time")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-limit")).isEmpty(); // the limiter never ran
    }

    @Test
    void aPreflightIsAnsweredByTheGeneratedCorsPolicy() throws Exception {
        HttpResponse<String> allowed = send(get("/users/1").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST"));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST");
        assertThat(allowed.headers().firstValue("access-control-max-age")).hasValue("300");
        HttpResponse<String> refused = send(get("/users/1").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("access-control-allow-origin")).isEmpty();
    }
}
