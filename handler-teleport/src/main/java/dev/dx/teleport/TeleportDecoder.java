package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames Teleport/1 messages from a byte stream and hands each on, in one of two ways. The bytes
 * are never copied.
 *
 * <ul>
 * <li>Created without a listener, it passes each message down the pipeline as a
 *     {@link TeleportMessage} over a retained slice of the inbound buffer, which the next handler
 *     owns and releases: a message object, a slice and a {@code ByteBuffer} view per message.
 * <li>Created with a {@link TeleportMessageListener}, it calls the listener with one
 *     {@link TeleportMessageFlyweight} it re-wraps per message and passes nothing on: no
 *     allocation per message (a new inbound buffer in memory the previous one did not share costs
 *     one {@code ByteBuffer} view). The message is valid only during the call.
 * </ul>
 *
 * <pre>{@code
 * p.addLast("teleportDecoder", new TeleportDecoder(User_Teleport.LAYOUT));
 * p.addLast("handler", new UserHandler()); // reads User_Teleport.view(msg), then releases msg
 *
 * // or, allocating nothing per message:
 * User_Teleport.View user = new User_Teleport.View();
 * p.addLast("teleportDecoder", new TeleportDecoder(config, (ctx, m) -> handle(ctx, user.wrap(m))));
 * }</pre>
 *
 * <p>Framing: the 24-byte header carries D and S, so the decoder needs no length-field decoder in
 * front of it. As soon as a header is in, it checks magic, version, the reserved bytes, D's
 * alignment, the size against {@link TeleportDecoderConfig#maxMessageSize(int)}, the fingerprint
 * against the accepted types and that D holds the root struct, so an oversized or foreign message
 * is refused before its body is buffered. When all 24 + D + S bytes are in, it emits the message.
 *
 * <p>Goes right after the transport (or after TLS). It releases nothing it passes on: the next
 * handler owns each {@code TeleportMessage} and must release it. A listener owns nothing: the
 * decoder consumes the message's bytes, and an exception the listener throws goes to
 * {@code exceptionCaught} while decoding goes on with the next message. A failed check raises a
 * {@link TeleportFormatException} (a {@code DecoderException}) naming it through
 * {@code exceptionCaught}; the stream cannot be resynchronised after that, so the decoder then
 * discards all further input. Not {@code @Sharable}: it keeps the bytes of a partial message.
 */
public final class TeleportDecoder extends ByteToMessageDecoder {

    private final TeleportLayout[] accepted;
    private final int maxMessageSize;
    /** Null when messages are passed on as {@link TeleportMessage}s. */
    private final TeleportMessageListener listener;
    /** Re-wrapped on every message handed to {@link #listener}. */
    private final TeleportMessageFlyweight flyweight;
    private boolean failed;

    /** A decoder that accepts one root type, with the default maximum message size. */
    public TeleportDecoder(TeleportLayout layout) {
        this(new TeleportDecoderConfig().accept(layout));
    }

    /** A decoder with {@code config}'s accepted types and limits (copied now). */
    public TeleportDecoder(TeleportDecoderConfig config) {
        this(accepted(config), config.maxMessageSize(), null);
    }

    /**
     * A decoder with {@code config}'s accepted types and limits (copied now) that hands each
     * message to {@code listener} through a re-wrapped flyweight and passes nothing down the
     * pipeline.
     */
    public TeleportDecoder(TeleportDecoderConfig config, TeleportMessageListener listener) {
        this(accepted(config), config.maxMessageSize(), checkNotNull(listener, "listener"));
    }

    private TeleportDecoder(TeleportLayout[] accepted, int maxMessageSize, TeleportMessageListener listener) {
        this.accepted = accepted;
        this.maxMessageSize = maxMessageSize;
        this.listener = listener;
        this.flyweight = listener == null ? null : new TeleportMessageFlyweight();
    }

    private static TeleportLayout[] accepted(TeleportDecoderConfig config) {
        checkNotNull(config, "config");
        TeleportLayout[] accepted = config.accepted().toArray(new TeleportLayout[0]);
        if (accepted.length == 0) {
            throw new IllegalArgumentException("config.accepted : [] (expected: at least one layout)");
        }
        return accepted;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int available = in.readableBytes();
        if (available < TeleportRuntime.HEADER_SIZE) {
            return;
        }
        int index = in.readerIndex();
        TeleportLayout layout;
        try {
            layout = TeleportMessageFlyweight.checkHeader(in, index, available, null, accepted, maxMessageSize);
        } catch (TeleportFormatException e) {
            failed = true;
            in.skipBytes(available);
            throw e;
        }
        int total = (int) TeleportMessageFlyweight.totalLength(
                in.getLongLE(index + TeleportRuntime.DATA_LENGTH_OFFSET));
        if (available < total) {
            return;
        }
        if (listener == null) {
            out.add(TeleportMessage.wrapChecked(in.readRetainedSlice(total), layout));
            return;
        }
        TeleportMessageFlyweight message = flyweight.wrapFramed(in, index, total, layout);
        in.skipBytes(total); // consumed whatever the listener does; its bytes stay until decode returns
        try {
            listener.onMessage(ctx, message);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        } finally {
            message.unwrap(); // a flyweight kept past the call reads nothing
        }
    }
}
