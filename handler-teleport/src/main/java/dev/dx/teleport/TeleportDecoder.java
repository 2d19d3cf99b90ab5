package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames Teleport/1 messages from a byte stream and passes each on as a {@link TeleportMessage}
 * over a retained slice of the inbound buffer: the bytes are never copied.
 *
 * <pre>{@code
 * p.addLast("teleportDecoder", new TeleportDecoder(User_Teleport.LAYOUT));
 * p.addLast("handler", new UserHandler()); // reads User_Teleport.view(msg), then releases msg
 * }</pre>
 *
 * <p>Framing: the 24-byte header carries D and S, so the decoder needs no length-field decoder in
 * front of it. As soon as a header is in, it checks magic, version, the reserved bytes, D's
 * alignment, the size against {@link TeleportDecoderConfig#maxMessageSize(int)}, the fingerprint
 * against the accepted types and that D holds the root struct, so an oversized or foreign message
 * is refused before its body is buffered. When all 24 + D + S bytes are in, it emits the message.
 *
 * <p>Goes right after the transport (or after TLS). It releases nothing it passes on: the next
 * handler owns each {@code TeleportMessage} and must release it. A failed check raises a
 * {@link TeleportFormatException} (a {@code DecoderException}) naming it through
 * {@code exceptionCaught}; the stream cannot be resynchronised after that, so the decoder then
 * discards all further input. Not {@code @Sharable}: it keeps the bytes of a partial message.
 */
public final class TeleportDecoder extends ByteToMessageDecoder {

    private final TeleportLayout[] accepted;
    private final int maxMessageSize;
    private boolean failed;

    /** A decoder that accepts one root type, with the default maximum message size. */
    public TeleportDecoder(TeleportLayout layout) {
        this(new TeleportDecoderConfig().accept(layout));
    }

    /** A decoder with {@code config}'s accepted types and limits (copied now). */
    public TeleportDecoder(TeleportDecoderConfig config) {
        checkNotNull(config, "config");
        this.accepted = config.accepted().toArray(new TeleportLayout[0]);
        if (accepted.length == 0) {
            throw new IllegalArgumentException("config.accepted : [] (expected: at least one layout)");
        }
        this.maxMessageSize = config.maxMessageSize();
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
        out.add(TeleportMessage.wrapChecked(in.readRetainedSlice(total), layout));
    }
}
