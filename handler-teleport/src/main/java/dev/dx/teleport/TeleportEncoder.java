package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes records of one {@link TeleportType} as Teleport/1 messages.
 *
 * <pre>{@code
 * p.addLast("teleportEncoder", new TeleportEncoder<>(User_Teleport.TYPE));
 * }</pre>
 *
 * <p>Goes after the handlers that write {@code User} records and before the transport: each
 * outbound {@code T} becomes one {@code ByteBuf} from the channel's allocator, holding exactly one
 * message (header, data section, string table), which is passed on to be written and released by
 * the transport. If writing a record fails, the partly written buffer is released and the
 * exception fails the write. Other outbound messages pass through untouched. The messages carry their own
 * lengths, so a {@link TeleportDecoder} at the other end needs no extra framing.
 *
 * <p>{@code @Sharable}: it keeps no message state between messages; each thread that encodes
 * reuses one {@link TeleportWriter} (and its scratch arrays), kept in a {@link ThreadLocal} of this
 * encoder.
 *
 * @param <T> the record type
 */
@Sharable
public final class TeleportEncoder<T> extends MessageToMessageEncoder<T> {

    private final TeleportType<T> type;
    private final TeleportWriterConfig config;
    /** One writer (and its scratch arrays) per event loop thread, reused for every message. */
    private final ThreadLocal<TeleportWriter> writers;

    /** An encoder for {@code type} with the default writer options. */
    public TeleportEncoder(TeleportType<T> type) {
        this(type, new TeleportWriterConfig());
    }

    /** An encoder for {@code type} whose writers use {@code config}'s options. */
    public TeleportEncoder(TeleportType<T> type, TeleportWriterConfig config) {
        super(checkNotNull(type, "type").javaType());
        this.type = type;
        this.config = checkNotNull(config, "config");
        TeleportWriterConfig snapshot = new TeleportWriterConfig()
                .deduplicateStrings(config.deduplicateStrings())
                .initialCapacity(config.initialCapacity());
        this.writers = ThreadLocal.withInitial(
                () -> new TeleportWriter(ByteBufAllocator.DEFAULT, snapshot));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, T msg, List<Object> out) {
        TeleportWriter writer = writers.get();
        if (writer.inProgress()) {
            // re-entered from a hand-written TeleportType on this thread: a writer of its own
            writer = new TeleportWriter(ctx.alloc(), config);
        }
        try {
            type.write(writer, msg);
        } catch (Throwable t) {
            // Generated write() aborts on failure already; a hand-written type may not.
            writer.abort();
            throw t;
        }
        out.add(writer.finish(ctx.alloc()));
    }
}
