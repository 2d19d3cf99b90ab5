package dev.dx.cim.jwt;

import static dev.dx.cim.jwt.JwtTestKeys.ES256;
import static dev.dx.cim.jwt.JwtTestKeys.NOW;
import static dev.dx.cim.jwt.JwtTestKeys.claims;
import static dev.dx.cim.jwt.JwtTestKeys.publicSet;
import static dev.dx.cim.jwt.JwtTestKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.dx.cim.Exchange;
import dev.dx.cim.ListChain;
import dev.dx.cim.Middleware;
import dev.dx.cim.hbtp.CimHbtp;
import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpResponse;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JwtAuthMiddleware} in a real HBTP chain ({@link CimHbtp} over sockets on {@link DxReactor}): the
 * token travels as {@code authorization} metadata, refusals come back as RpcError UNAUTHORIZED with the
 * challenge in {@code www-authenticate} answer metadata.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtHbtpSocketTest {

    private static final int ROUTE = 1;
    private static DxReactor reactor;
    private static Listener server;
    private HbtpClient client;

    /** Puts the verified subject into the answer, so the client can see the claims were set. */
    private static final class SubjectEcho implements Middleware<Exchange> {
        @Override
        public boolean before(Exchange exchange) {
            return CONTINUE;
        }

        @Override
        public void after(Exchange exchange) {
            JWTClaimsSet claims = exchange.get(JwtAuthMiddleware.CLAIMS);
            exchange.answerHeader("x-sub", claims == null ? "-" : claims.getSubject());
        }
    }

    @BeforeAll
    static void start() {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        JwtVerifier verifier = JwtVerifier.builder().keys(publicSet()).issuer(JwtTestKeys.ISSUER)
                .audience(JwtTestKeys.AUDIENCE).clock(JwtTestKeys.CLOCK).build();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(ROUTE, CimHbtp.wrap(new ListChain<Exchange>(new SubjectEcho(),
                        JwtAuthMiddleware.required(verifier, "api")), ex -> ex.respond(ex.arguments().retain())))
                .build();
        server = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
            }
        });
    }

    @AfterAll
    static void stop() {
        if (reactor != null) {
            reactor.shutdownGracefully(Duration.ofSeconds(10));
        }
    }

    @BeforeEach
    void connect() throws Exception {
        client = HbtpClient.connect(reactor.clientBootstrap(), server.localAddress(), new HbtpClientConfig())
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        client.closeFuture().get(10, TimeUnit.SECONDS);
    }

    private HbtpResponse call(String authorization) throws Exception {
        ByteBuf args = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("hi".getBytes(StandardCharsets.UTF_8));
        HbtpCallOptions options = HbtpCallOptions.DEFAULT;
        if (authorization != null) {
            options = options.withMetadata(HbtpMetadata.builder().add(HbtpMetadataKey.AUTHORIZATION, authorization).build());
        }
        return client.call(ROUTE, args, options).get(10, TimeUnit.SECONDS);
    }

    private HbtpRpcException refusal(String authorization) throws Exception {
        try {
            call(authorization).release();
            throw new AssertionError("answered");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HbtpRpcException.class);
            return (HbtpRpcException) e.getCause();
        }
    }

    @Test
    void validTokenInAuthorizationMetadataReachesTheHandlerWithClaims() throws Exception {
        HbtpResponse r = call("Bearer " + sign(ES256, JWSAlgorithm.ES256, claims().build()));
        try {
            assertThat(r.result().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
            assertThat(r.metadata().get(HbtpMetadataKey.ofString("x-sub"))).isEqualTo("alice");
        } finally {
            r.release();
        }
    }

    @Test
    void missingTokenIsUnauthorizedWithAPlainChallenge() throws Exception {
        HbtpRpcException e = refusal(null);
        assertThat(e.code()).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
        assertThat(e.metadata().get(HbtpMetadataKey.ofString("www-authenticate"))).isEqualTo("Bearer realm=\"api\"");
        assertThat(e.metadata().get(HbtpMetadataKey.ofString("x-sub"))).isEqualTo("-");
    }

    @Test
    void expiredTokenIsUnauthorizedWithInvalidToken() throws Exception {
        String expired = sign(ES256, JWSAlgorithm.ES256,
                claims().expirationTime(java.util.Date.from(NOW.minusSeconds(1))).build());
        HbtpRpcException e = refusal("Bearer " + expired);
        assertThat(e.code()).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
        assertThat(e.metadata().get(HbtpMetadataKey.ofString("www-authenticate")))
                .isEqualTo("Bearer realm=\"api\", error=\"invalid_token\"");
        assertThat(e.getMessage()).doesNotContainIgnoringCase("expired");
    }
}
