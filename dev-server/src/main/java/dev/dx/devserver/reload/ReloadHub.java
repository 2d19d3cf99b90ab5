package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which open page shows which file, and pushes changes to them over HBTP-over-WebSocket (see
 * {@code docs/dev-server.md}): {@code css} and {@code reload} ServerEvents, and HtipBatch frames of patches.
 *
 * <pre>
 * ReloadHub hub = new ReloadHub();                       // one for the server: it is &#64;Sharable
 * HbtpWebSocket.addServerHandlers(p, codecConfig, ws, httpHandler)
 *     .addLast("control", new HbtpControlHandler())
 *     .addLast("reload", hub)
 *     .addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <p>Inbound it reads the ClientEvent {@code {"type":"hello","page":"/index.html"}} (released here) and
 * from then on counts the channel as a page showing that file, until the channel closes (a second hello
 * moves it to another file). A ClientEvent of another type is passed on, like every other message. A
 * ClientEvent over {@value PageEvents#MAX_CLIENT_EVENT} bytes, or one that is not such a JSON object, is
 * logged, counted ({@link #rejectedEvents()}) and released; the connection stays open.
 *
 * <p>The push methods may be called from any thread (the {@link SiteWatcher}'s): each builds its body once
 * and hands it to the event loop of every page it concerns, which writes a frame of its own (sequence 0, no
 * flags) and flushes; pushes reach a page in the order they were made. A page whose channel is not writable
 * when a push reaches it is owed one {@code reload} instead, sent as soon as the channel is writable again;
 * further pushes until then are dropped (they are all covered by that reload). So a slow page holds at most
 * one pending push, and never a growing queue.
 */
@ChannelHandler.Sharable
public final class ReloadHub extends ChannelInboundHandlerAdapter implements PageUpdates {

    /** The reason of the reload owed to a page that fell behind. */
    static final String FELL_BEHIND = "changes arrived while the page's connection was busy";

    private static final Logger LOG = LoggerFactory.getLogger(ReloadHub.class);

    private final ConcurrentHashMap<Channel, Page> pages = new ConcurrentHashMap<>();
    private final AtomicLong rejectedEvents = new AtomicLong();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame) || ((HbtpFrame) msg).opcode() != HbtpOpcode.CLIENT_EVENT.code()) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        PageEvents.ClientEvent event;
        try {
            ByteBuf body = frame.content();
            if (body.readableBytes() > PageEvents.MAX_CLIENT_EVENT) {
                throw new IllegalArgumentException("a ClientEvent of " + body.readableBytes() + " bytes (at most "
                        + PageEvents.MAX_CLIENT_EVENT + ")");
            }
            event = PageEvents.read(ByteBufUtil.getBytes(body));
        } catch (IllegalArgumentException e) {
            rejectedEvents.incrementAndGet();
            LOG.warn("{}: ignored {}", ctx.channel(), e.getMessage());
            frame.release();
            return;
        }
        if (!event.isHello()) {
            ctx.fireChannelRead(frame);
            return;
        }
        frame.release();
        register(ctx.channel(), HtmlPages.pagePath(event.page()));
    }

    private void register(Channel channel, String path) {
        Page page = new Page(channel, path);
        Page known = pages.putIfAbsent(channel, page);
        if (known != null) {
            known.path = path;
            return;
        }
        channel.closeFuture().addListener(f -> pages.remove(channel));
    }

    /** Sends the reload a page is owed once its channel is writable again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Page page = pages.get(ctx.channel());
        if (page != null && page.owesReload && ctx.channel().isWritable()) {
            page.owesReload = false;
            page.write(HbtpOpcode.SERVER_EVENT, PageEvents.reload(FELL_BEHIND));
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Tells every page that stylesheet {@code path} (as served, starting with {@code /}) changed; returns how many. */
    @Override
    public int css(String path) {
        return push(null, HbtpOpcode.SERVER_EVENT, PageEvents.css(checkNotNull(path, "path")));
    }

    /** Reloads every page; returns how many. */
    @Override
    public int reloadAll(String reason) {
        return push(null, HbtpOpcode.SERVER_EVENT, PageEvents.reload(checkNotNull(reason, "reason")));
    }

    /** Reloads the pages that show {@code page} (a {@link HtmlPages#pagePath}); returns how many. */
    @Override
    public int reload(String page, String reason) {
        return push(checkNotNull(page, "page"), HbtpOpcode.SERVER_EVENT, PageEvents.reload(checkNotNull(reason, "reason")));
    }

    /**
     * Sends {@code patches} as one HtipBatch to the pages that show {@code page}; returns how many. Nothing is
     * sent for an empty list.
     */
    @Override
    public int patch(String page, List<HtmlPatch> patches) {
        checkNotNull(page, "page");
        if (patches.isEmpty()) {
            return 0;
        }
        return push(page, HbtpOpcode.HTIP_BATCH, HtipBatchWriter.body(patches));
    }

    private int push(String path, HbtpOpcode opcode, byte[] body) {
        int n = 0;
        for (Page page : pages.values()) {
            if (path == null || path.equals(page.path)) {
                page.push(opcode, body);
                n++;
            }
        }
        return n;
    }

    /** The number of pages that said hello and are still connected. */
    public int pageCount() {
        return pages.size();
    }

    /** The number of connected pages that show {@code page}. */
    public int pagesShowing(String page) {
        int n = 0;
        for (Page p : pages.values()) {
            if (p.path.equals(page)) {
                n++;
            }
        }
        return n;
    }

    /** The number of ClientEvents refused as too long or malformed. */
    public long rejectedEvents() {
        return rejectedEvents.get();
    }

    /** One open page: its channel, the file it shows and whether it is owed a reload. */
    private static final class Page {
        final Channel channel;
        volatile String path;
        /** Event loop only: a push found the channel not writable; a reload goes out when it is. */
        boolean owesReload;

        Page(Channel channel, String path) {
            this.channel = channel;
            this.path = path;
        }

        /** From any thread: delivers on the channel's event loop. */
        void push(HbtpOpcode opcode, byte[] body) {
            try {
                channel.eventLoop().execute(() -> deliver(opcode, body));
            } catch (RejectedExecutionException e) {
                // the loop is shutting down, and the page's connection with it
            }
        }

        private void deliver(HbtpOpcode opcode, byte[] body) {
            if (!channel.isActive() || owesReload) {
                return;
            }
            if (!channel.isWritable()) {
                owesReload = true;
                return;
            }
            write(opcode, body);
        }

        void write(HbtpOpcode opcode, byte[] body) {
            ByteBuf buf = channel.alloc().buffer(body.length).writeBytes(body);
            channel.writeAndFlush(HbtpFrame.newInstance(opcode, 0, 0, buf));
        }
    }
}
