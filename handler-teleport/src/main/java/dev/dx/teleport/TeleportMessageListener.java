package dev.dx.teleport;

import io.netty.channel.ChannelHandlerContext;

/**
 * Receives each message a {@link TeleportDecoder} frames, through one flyweight the decoder
 * re-wraps per message: the receive path that allocates nothing per message.
 *
 * <pre>{@code
 * User_Teleport.View user = new User_Teleport.View(); // one per channel, like the decoder
 * p.addLast(new TeleportDecoder(config, (ctx, message) -> {
 *     if (user.wrap(message).active()) {
 *         ctx.fireUserEventTriggered(new ActiveUser(user.id()));
 *     }
 * }));
 * }</pre>
 *
 * <p>The flyweight, every view wrapped on it and every slice it hands out
 * ({@link TeleportMessageFlyweight#stringBytes(int)}) are valid only until this method returns:
 * then the decoder re-wraps the flyweight on the next message and may discard the bytes. To keep
 * a message, copy what is needed (a record through {@code X_Teleport.read}, or the bytes of
 * {@link TeleportMessageFlyweight#length()} from the flyweight). Called on the channel's event
 * loop, one message at a time.
 */
@FunctionalInterface
public interface TeleportMessageListener {

    /**
     * Called once per message, after its header, length and fingerprint were checked (the checks
     * of {@link TeleportMessageFlyweight#wrap}). An exception thrown here goes to the pipeline's
     * {@code exceptionCaught} and the decoder goes on with the next message: this message's bytes
     * are consumed whatever happens.
     *
     * @param ctx     the decoder's context, to write answers or fire events with
     * @param message the message, valid until this method returns
     */
    void onMessage(ChannelHandlerContext ctx, TeleportMessageFlyweight message) throws Exception;
}
