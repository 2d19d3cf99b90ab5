package dev.dx.example;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpConnectionTimeouts;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpWritabilityGate;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * HBTP and Teleport together: an HBTP route answers a {@link User} that the generated
 * {@code User_Teleport} codec writes straight into the answer buffer, and a client reads the answer
 * through the generated view, in the bytes the client's decoder handed on: no copy, no parse step.
 *
 * <pre>
 * UserService service = new UserService(users::get);
 * Listener listener = reactor.bind(address, service.serverInitializer());
 *
 * HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(),
 *         new HbtpClientConfig()).join();
 * String name = UserService.fetch(client, 42, User_Teleport.View::name).join();
 * </pre>
 *
 * <p>Route {@link #GET_USER} takes a user id (an i64, little-endian) and answers the user as one
 * Teleport/1 message, or RpcError {@link #USER_NOT_FOUND} / {@link #BAD_ARGUMENTS}. The server runs the
 * codec with the connection limits of the codec's README (idle and partial-frame timeouts, reads paused
 * while the channel is unwritable); the client is a plain {@link HbtpClient}. Run end to end, over
 * loopback sockets on {@code DxReactor}, by {@code UserServiceTest}.
 */
public final class UserService {

    /** The route that answers a user: arguments an i64 id (little-endian), answer a Teleport {@link User}. */
    public static final int GET_USER = 1;
    /** RpcError code (application-defined, spec §9: ≥ 1000) for an id with no user. */
    public static final int USER_NOT_FOUND = 1000;
    /** RpcError code for arguments that are not exactly one i64. */
    public static final int BAD_ARGUMENTS = 1001;

    /**
     * One writer per thread: a {@link TeleportWriter} is not thread-safe, and route handlers run on
     * their channel's event loop. The allocator is never used: every message goes {@code into} the
     * answer buffer.
     */
    private static final FastThreadLocal<TeleportWriter> WRITER = new FastThreadLocal<>() {
        @Override
        protected TeleportWriter initialValue() {
            return new TeleportWriter(ByteBufAllocator.DEFAULT);
        }
    };

    /** {@code @Sharable}: one for every channel. */
    private static final HbtpWritabilityGate WRITABILITY = new HbtpWritabilityGate();

    private final LongFunction<User> users;
    private final HbtpRouteTable routes;

    /**
     * A service that answers the users {@code users} finds ({@code null} when there is none). It is
     * called on the event loop of the connection that asked, so it must not block.
     */
    public UserService(LongFunction<User> users) {
        this.users = checkNotNull(users, "users");
        this.routes = HbtpRouteTable.builder()
                .route(GET_USER, this::getUser)
                .build();
    }

    /** The route table: {@link #GET_USER}. Immutable; shared by every connection. */
    public HbtpRouteTable routes() {
        return routes;
    }

    /**
     * The server pipeline for {@code DxReactor.bind} or a {@code ServerBootstrap}'s child handler
     * ({@code @Sharable}, as a {@link ChannelInitializer} is); see {@link #initServerPipeline}.
     */
    public ChannelInitializer<Channel> serverInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                initServerPipeline(ch.pipeline());
            }
        };
    }

    /**
     * Adds, in order: {@code hbtp} ({@link HbtpServerCodec}), {@code timeouts}
     * ({@link HbtpConnectionTimeouts} with its defaults: idle 5 min, partial frame 30 s),
     * {@code writability} ({@link HbtpWritabilityGate}), {@code control} ({@link HbtpControlHandler})
     * and {@code router} ({@link HbtpRouter} over {@link #routes()}, at most 4096 calls in flight).
     */
    public void initServerPipeline(ChannelPipeline p) {
        p.addLast("hbtp", new HbtpServerCodec(new HbtpCodecConfig()));
        p.addLast("timeouts", new HbtpConnectionTimeouts());
        p.addLast("writability", WRITABILITY);
        p.addLast("control", new HbtpControlHandler());
        p.addLast("router", new HbtpRouter(routes));
    }

    /** Route {@link #GET_USER}: runs on the channel's event loop and answers at once. */
    private void getUser(HbtpExchange ex) {
        ByteBuf args = ex.arguments();
        if (args.readableBytes() != Long.BYTES) {
            ex.fail(BAD_ARGUMENTS, "expected a user id (i64), got " + args.readableBytes() + " bytes");
            return;
        }
        long id = args.getLongLE(args.readerIndex());
        User user = users.apply(id);
        if (user == null) {
            ex.fail(USER_NOT_FOUND, "no user " + id);
            return;
        }
        // the message's exact length: header, the 24-byte struct, then the name's bytes
        ByteBuf answer = ex.alloc().buffer(
                TeleportMessage.HEADER_SIZE + User_Teleport.SIZE + ByteBufUtil.utf8Bytes(user.name()));
        try {
            TeleportWriter writer = WRITER.get();
            User_Teleport.write(writer.into(answer), user);
            writer.finish();                             // returns answer, the message now written in it
        } catch (RuntimeException e) {
            answer.release();                            // the router answers HANDLER_FAILED
            throw e;
        }
        ex.respond(answer);                              // the exchange releases it once written
    }

    /**
     * Calls {@link #GET_USER} for {@code id} and completes with what {@code reader} returns from a view
     * over the answer. The view reads the bytes the client's decoder handed on (the RpcResponse body: for
     * a plain answer like this one, neither compressed nor encrypted, a slice of what the socket read):
     * nothing is copied, and a field costs one read. It is valid only
     * while {@code reader} runs; the answer is released right after. {@code reader} runs on the
     * connection's event loop (or on the calling thread if the answer is already in) and must not block.
     *
     * <p>Fails with the server's RpcError as {@code HbtpRpcException} ({@link #USER_NOT_FOUND},
     * {@link #BAD_ARGUMENTS}), or with {@code TeleportFormatException} when the answer is not a
     * {@code User} message (the header and the layout's fingerprint are checked first).
     */
    public static <R> CompletableFuture<R> fetch(HbtpClient client, long id, Function<User_Teleport.View, R> reader) {
        checkNotNull(client, "client");
        checkNotNull(reader, "reader");
        ByteBuf args = client.channel().alloc().buffer(Long.BYTES).writeLongLE(id);
        return client.call(GET_USER, args).thenApply(result -> {
            TeleportMessage message;
            try {
                message = TeleportMessage.wrap(result, User_Teleport.LAYOUT); // takes over result
            } catch (RuntimeException e) {
                result.release();                        // a failed wrap leaves the buffer to us
                throw e;
            }
            try {
                return reader.apply(User_Teleport.view(message));
            } finally {
                message.release();
            }
        });
    }
}
