package dev.dx.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UserService} end to end over loopback sockets on {@link DxReactor}: the route writes a
 * {@link User} with the generated codec into its answer, the client reads it through the generated view.
 * The README's "HBTP and Teleport together" section shows this code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserServiceTest {

    private static final User ADA = new User(42, "Ada", (byte) 36, true);
    private static final User GRACE = new User(7, "Grace Brewster Murray Hopper ✓", (byte) 85, false);
    private static final Map<Long, User> USERS = Map.of(ADA.id(), ADA, GRACE.id(), GRACE);

    private static DxReactor reactor;
    private static Listener listener;
    private static HbtpClient client;

    @BeforeAll
    static void start() throws Exception {
        reactor = DxReactor.builder().workers(2).pinning(false).build().ignite();
        listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0), new UserService(USERS::get).serverInitializer());
        // pooled direct buffers, which the paranoid leak detector tracks, for what the client sends and reads
        client = HbtpClient.connect(reactor.clientBootstrap().option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT),
                listener.localAddress(), new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
                client.channel().closeFuture().await(10, TimeUnit.SECONDS);
            }
        } finally {
            if (reactor != null) {
                assertThat(reactor.shutdownGracefully(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void clientReadsTheAnsweredUserThroughTheView() throws Exception {
        assertThat(UserService.fetch(client, 42, User_Teleport::read).get(10, TimeUnit.SECONDS)).isEqualTo(ADA);
        assertThat(UserService.fetch(client, 7, User_Teleport::read).get(10, TimeUnit.SECONDS)).isEqualTo(GRACE);

        // single fields, compared in place: no String is decoded
        assertThat(UserService.fetch(client, 42, user -> user.nameEquals("Ada") && user.active() && user.age() == 36)
                .get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(UserService.fetch(client, 7, User_Teleport.View::nameLength).get(10, TimeUnit.SECONDS))
                .isEqualTo(GRACE.name().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void answerIsExactlyOneTeleportUserMessage() throws Exception {
        ByteBuf args = PooledByteBufAllocator.DEFAULT.directBuffer(Long.BYTES).writeLongLE(42);
        ByteBuf result = client.call(UserService.GET_USER, args).get(10, TimeUnit.SECONDS);
        try {
            assertThat(result.readableBytes()).isEqualTo(TeleportMessage.HEADER_SIZE + User_Teleport.SIZE + 3);
            assertThat(new TeleportMessageFlyweight().wrap(result, User_Teleport.LAYOUT).length())
                    .isEqualTo(result.readableBytes());
            assertThat(result.getLongLE(8)).isEqualTo(User_Teleport.FINGERPRINT);
        } finally {
            result.release();
        }
    }

    @Test
    void unknownIdAndBadArgumentsAreRpcErrors() {
        assertThatThrownBy(() -> UserService.fetch(client, 99, User_Teleport::read).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(HbtpRpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(UserService.USER_NOT_FOUND);
                    assertThat(e.rawMessage()).isEqualTo("no user 99");
                });

        ByteBuf threeBytes = PooledByteBufAllocator.DEFAULT.directBuffer(3).writeMedium(1);
        assertThatThrownBy(() -> client.call(UserService.GET_USER, threeBytes).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(HbtpRpcException.class,
                        e -> assertThat(e.code()).isEqualTo(UserService.BAD_ARGUMENTS));
    }

    @Test
    void pipelinedCallsAreEachAnsweredWithTheirUser() throws Exception {
        long[] ids = {42, 7, 99};
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(UserService.fetch(client, ids[i % ids.length], User_Teleport.View::id)
                    .exceptionally(t -> -1L));
        }
        for (int i = 0; i < answers.size(); i++) {
            long id = ids[i % ids.length];
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(USERS.containsKey(id) ? id : -1L);
        }
    }
}
