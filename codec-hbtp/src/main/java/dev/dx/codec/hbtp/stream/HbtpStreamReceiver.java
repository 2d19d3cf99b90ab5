package dev.dx.codec.hbtp.stream;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.internal.HbtpDrainState;
import dev.dx.codec.hbtp.internal.HbtpReadGate;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches incoming upload streams (spec §7) to the {@link HbtpStreamHandler}s of an
 * {@link HbtpRouteTable} (its {@link HbtpRouteTable.Builder#upload upload} routes, shared by every
 * connection, behind the table's interceptors) and their chunks to the stream's
 * {@link HbtpStreamConsumer} by sequence, as fast as each consumer asks for them.
 *
 * <pre>
 * HbtpRouteTable routes = HbtpRouteTable.builder().intercept(auth).route(7, echo).upload(3, uploadHandler).build();
 * ...
 * p.addLast("hbtp", new HbtpServerCodec(config));
 * p.addLast("control", new HbtpControlHandler());
 * p.addLast("streams", new HbtpStreamReceiver(64, routes).maxQueuedChunks(16).maxQueuedBytes(1 << 20));
 * p.addLast("router", new HbtpRouter(routes));
 * </pre>
 *
 * <h2>Starting a stream</h2>
 * Each RpcStreamStart on an upload route runs the route's interceptors over an {@link HbtpExchange} for
 * the start (its metadata, deadline, identity and arguments); an interceptor that answers it
 * ({@code fail(UNAUTHORIZED, ...)}) refuses the stream, and when the chain reaches the route's handler
 * the consumer opens. The chain must decide before it returns: a start that is neither let through nor
 * answered by then is answered {@code HANDLER_FAILED}. An {@code hbtp-timeout} on the start (§11.2) is a
 * deadline for the stream's answer: if it passes first, the stream ends with RpcError {@code TIMEOUT}.
 * An upload ends with one answer, like a call: the consumer sends it through
 * {@link HbtpStreamSubscription#exchange()} (typically from {@code onEnd}; an answer sent from
 * {@code onEnd} goes out before a drain's Close); the exchange completes with it
 * ({@link HbtpExchange#onComplete}), or with the code the receiver ended the stream with.
 *
 * <p>Consumes and releases RpcStreamStart, RpcStreamChunk and RpcStreamEnd frames, and RpcCancel for its
 * open streams (which end with RpcError {@code CANCELLED}, §11.2); passes every other frame on. A start on
 * a route without a handler is passed on when an {@link HbtpRouter} follows (it may be one of the route
 * table's server streams) and otherwise answered with RpcError {@code ROUTE_NOT_FOUND}; a
 * start beyond {@code maxOpenStreams}, or reusing the sequence of an open stream, with {@code BAD_FRAME}
 * as a non-fatal RpcError; chunks of an unknown sequence are dropped and counted. A consumer that throws
 * ends its stream with {@code HANDLER_FAILED}. Not {@code @Sharable}.
 *
 * <p>With {@link #files(HbtpStreamHandler)} set, FileChunk frames (§4) are streams too: the first
 * FileChunk of a sequence opens a consumer (with empty arguments), each FileChunk's whole body (file id
 * u32 ‖ offset u64 ‖ data) goes to {@code onChunk}, and the one with FINAL to {@code onEnd}. Without it
 * FileChunk frames are passed on like any other frame.
 *
 * <h2>Backpressure</h2>
 * A consumer receives chunks only while it has demand ({@link HbtpStreamSubscription#request}; by default
 * unlimited). Chunks that arrive without demand are kept, in order, in a queue per stream (the frames
 * themselves: no copy). When a stream's queue reaches {@link #maxQueuedChunks(int)} chunks or
 * {@link #maxQueuedBytes(long)} bytes of chunk bodies (counted after decompression), the receiver turns
 * the channel's {@code autoRead} off, so the sender is held back by TCP flow control; once every such
 * queue is down to half of both bounds again, it turns {@code autoRead} back on (only if it was the one
 * that turned it off). The read under way when {@code autoRead} goes off still delivers its frames, so a
 * queue can exceed the bounds by the frames of one read (the {@code RecvByteBufAllocator}'s read size
 * divided by the wire size of a frame; compressed frames are small on the wire, so a read can carry many
 * of them, and the byte bound is the one that holds their decompressed size). HBTP has no per-stream flow
 * control on the wire: pausing reads holds back every stream and call of the connection. Queued chunks
 * are released when their stream fails, when the channel closes and when this handler is removed.
 *
 * <p>The receiver pauses and resumes reading through the channel's shared read gate (the same one a
 * {@link dev.dx.codec.hbtp.HbtpWritabilityGate} uses), so {@code autoRead} stays off while either of
 * them still needs it off: draining a queue does not resume reading on a channel that is unwritable,
 * and the channel becoming writable does not resume reading while a queue is full.
 */
public final class HbtpStreamReceiver extends ChannelInboundHandlerAdapter {

    /** The default {@link #maxQueuedChunks(int)}. */
    public static final int DEFAULT_MAX_QUEUED_CHUNKS = 16;
    /** The default {@link #maxQueuedBytes(long)}: 1 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1 << 20;

    static final Logger LOG = LoggerFactory.getLogger(HbtpStreamReceiver.class);

    private final HbtpRouteTable routes;
    private final IntObjectHashMap<Stream> open = new IntObjectHashMap<>();
    /** Uploads whose consumer opened and that have no answer yet, open or past their RpcStreamEnd. */
    private final IntObjectHashMap<UploadExchange> unanswered = new IntObjectHashMap<>();
    private static final int FILE_KEY = 0x1_0000; // FileChunk streams and RPC streams never share a key
    private final int maxOpenStreams;
    private HbtpStreamHandler fileHandler;
    private int maxQueuedChunks = DEFAULT_MAX_QUEUED_CHUNKS;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private ChannelHandlerContext ctx;
    private long droppedChunks;
    private int queuedChunks;
    private int peakQueuedChunks;
    private long queuedBytes;
    private long peakQueuedBytes;
    private int streamsOverBound;

    /**
     * Creates a receiver of {@code routes}' upload streams that allows {@code maxOpenStreams} streams at
     * once on a connection. The table is shared, not copied: one per server, not per connection.
     */
    public HbtpStreamReceiver(int maxOpenStreams, HbtpRouteTable routes) {
        this.maxOpenStreams = checkPositive(maxOpenStreams, "maxOpenStreams");
        this.routes = checkNotNull(routes, "routes");
    }

    /** Creates a receiver with no upload routes, for {@link #files FileChunk streams} only. */
    public HbtpStreamReceiver(int maxOpenStreams) {
        this(maxOpenStreams, HbtpRouteTable.builder().build());
    }

    /** Receives FileChunk streams with {@code handler} (see the class comment); returns {@code this}. */
    public HbtpStreamReceiver files(HbtpStreamHandler handler) {
        this.fileHandler = checkNotNull(handler, "handler");
        return this;
    }

    /**
     * The number of undelivered chunks of one stream at which reading from the channel pauses (default
     * {@value #DEFAULT_MAX_QUEUED_CHUNKS}); set it before the handler is added. Returns {@code this}.
     */
    public HbtpStreamReceiver maxQueuedChunks(int maxQueuedChunks) {
        this.maxQueuedChunks = checkPositive(maxQueuedChunks, "maxQueuedChunks");
        return this;
    }

    /** The bound set by {@link #maxQueuedChunks(int)}. */
    public int maxQueuedChunks() {
        return maxQueuedChunks;
    }

    /**
     * The number of undelivered body bytes of one stream (after decompression) at which reading from
     * the channel pauses (default 1 MiB); set it before the handler is added. A single chunk larger
     * than this pauses reading until it is delivered. Returns {@code this}.
     */
    public HbtpStreamReceiver maxQueuedBytes(long maxQueuedBytes) {
        this.maxQueuedBytes = checkPositive(maxQueuedBytes, "maxQueuedBytes");
        return this;
    }

    /** The bound set by {@link #maxQueuedBytes(long)}. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** The number of open streams. */
    public int openStreams() {
        return open.size();
    }

    /** Chunks whose sequence belonged to no open stream. */
    public long droppedChunks() {
        return droppedChunks;
    }

    /** Chunks (and ends) received and not yet delivered, over all streams. */
    public int queuedChunks() {
        return queuedChunks;
    }

    /** The largest {@link #queuedChunks()} seen on this connection. */
    public int peakQueuedChunks() {
        return peakQueuedChunks;
    }

    /** Body bytes of the chunks (and ends) counted by {@link #queuedChunks()}. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** The largest {@link #queuedBytes()} seen on this connection. */
    public long peakQueuedBytes() {
        return peakQueuedBytes;
    }

    /**
     * Whether this receiver holds reading paused: some stream's queue reached a bound and has not yet
     * drained to half of both. Other reasons (a {@code HbtpWritabilityGate}) may keep {@code autoRead}
     * off after this turns {@code false}.
     */
    public boolean isReadingPaused() {
        return streamsOverBound > 0;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        HbtpDrainState.of(ctx.channel()).onEndUploads(this::shutDownAll);
    }

    /** The router's drain ran out of grace: every open stream ends with SHUTTING_DOWN (§11.4). */
    private void shutDownAll() {
        for (Stream s : new ArrayList<>(open.values())) {
            s.endWith(HbtpErrorCode.SHUTTING_DOWN, "grace period over");
        }
        for (UploadExchange e : new ArrayList<>(unanswered.values())) {
            e.end(HbtpErrorCode.SHUTTING_DOWN.code(), "grace period over", true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HbtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
        int op = frame.opcode();
        if (op == HbtpOpcode.RPC_STREAM_CHUNK.code() || op == HbtpOpcode.RPC_STREAM_END.code()) {
            Stream stream = open.get(frame.sequence());
            if (stream == null) {
                droppedChunks++;
                frame.release();
            } else {
                stream.offer(frame);
            }
        } else if (op == HbtpOpcode.FILE_CHUNK.code() && fileHandler != null) {
            Stream stream = open.get(FILE_KEY | frame.sequence());
            if (stream == null) {
                stream = openFile(ctx, frame.sequence());
            }
            if (stream == null) {
                frame.release();
            } else {
                stream.offer(frame);
            }
        } else if (op == HbtpOpcode.RPC_STREAM_START.code()) {
            if (routes.uploadHandler(frame.route()) == null && ctx.pipeline().get(HbtpRouter.class) != null) {
                ctx.fireChannelRead(frame); // not an upload route: the router may serve it as a server stream
                return;
            }
            try {
                start(ctx, frame, frame.sequence());
            } finally {
                frame.release();
            }
        } else if (op == HbtpOpcode.RPC_CANCEL.code() && open.containsKey(frame.sequence())) {
            int seq = frame.sequence();
            frame.release();
            open.get(seq).endWith(HbtpErrorCode.CANCELLED, "cancelled"); // §11.2
        } else if (op == HbtpOpcode.RPC_CANCEL.code() && unanswered.containsKey(frame.sequence())) {
            int seq = frame.sequence();
            frame.release();
            unanswered.get(seq).end(HbtpErrorCode.CANCELLED.code(), "cancelled", true); // §11.2: not yet answered
        } else {
            ctx.fireChannelRead(frame);
        }
    }

    private void start(ChannelHandlerContext ctx, HbtpFrame frame, int seq) {
        int route = frame.route();
        HbtpRouteHandler chain = routes.uploadHandler(route);
        if (chain == null) {
            error(seq, HbtpErrorCode.ROUTE_NOT_FOUND, "no stream route " + route);
            return;
        }
        if (HbtpDrainState.of(ctx.channel()).isDraining()) {
            error(seq, HbtpErrorCode.SHUTTING_DOWN, "GoAway sent: no new streams");
            return;
        }
        boolean inUse = open.containsKey(seq) || unanswered.containsKey(seq);
        if (inUse || open.size() >= maxOpenStreams) {
            error(seq, HbtpErrorCode.BAD_FRAME, inUse
                    ? "stream sequence " + seq + " is still waiting for its answer" : "too many open streams");
            return;
        }
        UploadExchange exchange = new UploadExchange(this, ctx.channel(), frame);
        if (exchange.deadlineNanos() != UploadExchange.NO_DEADLINE && exchange.remainingMillis() == 0) {
            exchange.end(HbtpErrorCode.TIMEOUT.code(), "deadline exceeded", true); // hbtp-timeout 0
            return;
        }
        try {
            chain.handle(exchange);
        } catch (Exception e) {
            LOG.warn("HBTP upload handler of route {} failed (stream {} on {})", route, seq, ctx.channel(), e);
            Stream stream = open.get(seq);
            if (stream != null && stream.exchange == exchange) {
                stream.fail(e);
            } else {
                exchange.end(HbtpErrorCode.HANDLER_FAILED.code(), "handler failed", false);
            }
        } finally {
            exchange.chainReturned();
        }
        if (!exchange.opened() && !exchange.isDone()) {
            LOG.warn("the interceptors of upload route {} neither let stream {} through nor answered it", route, seq);
            exchange.end(HbtpErrorCode.HANDLER_FAILED.code(), "upload start neither admitted nor answered", false);
        } else if (exchange.opened() && !exchange.isDone()) {
            exchange.armDeadline(ctx.executor());
        }
    }

    /** The innermost step of an upload route's chain: the handler gave {@code consumer} for the stream. */
    void openUpload(UploadExchange exchange, HbtpStreamConsumer consumer) {
        checkNotNull(consumer, "consumer");
        Stream stream = new Stream(exchange.sequence(), exchange.sequence(), consumer, exchange);
        open.put(exchange.sequence(), stream);
        unanswered.put(exchange.sequence(), exchange);
        HbtpDrainState.of(ctx.channel()).uploadOpened();
        stream.open();
    }

    /**
     * Sends an upload's one answer (from its exchange); if the stream is still open, it ends: what waits
     * is released and the consumer's {@code onAbort} runs.
     */
    void answer(HbtpFrame frame, UploadExchange exchange) {
        ctx.writeAndFlush(frame);
        answered(exchange);
        Stream stream = open.get(exchange.sequence());
        if (stream != null && stream.exchange == exchange) {
            stream.abort();
        }
    }

    private Stream openFile(ChannelHandlerContext ctx, int seq) {
        if (HbtpDrainState.of(ctx.channel()).isDraining()) {
            error(seq, HbtpErrorCode.SHUTTING_DOWN, "GoAway sent: no new streams");
            return null;
        }
        if (open.size() >= maxOpenStreams) {
            error(seq, HbtpErrorCode.BAD_FRAME, "too many open streams");
            return null;
        }
        HbtpStreamConsumer consumer;
        try {
            consumer = checkNotNull(fileHandler.open(ctx.channel(), seq, Unpooled.EMPTY_BUFFER), "consumer");
        } catch (Exception e) {
            error(seq, HbtpErrorCode.HANDLER_FAILED, String.valueOf(e.getMessage()));
            return null;
        }
        Stream stream = new Stream(FILE_KEY | seq, seq, consumer, null);
        open.put(FILE_KEY | seq, stream);
        HbtpDrainState.of(ctx.channel()).uploadOpened();
        stream.open();
        return stream.closed ? null : stream;
    }

    /** {@code exchange} has its outcome: its sequence may be used again. */
    void answered(UploadExchange exchange) {
        if (unanswered.get(exchange.sequence()) == exchange) {
            unanswered.remove(exchange.sequence());
        }
    }

    private void error(int seq, HbtpErrorCode code, String message) {
        ctx.writeAndFlush(HbtpFrame.rpcError(ctx.alloc(), seq, code.code(), message));
    }

    private void queued(int chunks, long bytes) {
        queuedChunks += chunks;
        queuedBytes += bytes;
        if (queuedChunks > peakQueuedChunks) {
            peakQueuedChunks = queuedChunks;
        }
        if (queuedBytes > peakQueuedBytes) {
            peakQueuedBytes = queuedBytes;
        }
    }

    private void overBound() {
        if (streamsOverBound++ == 0) {
            HbtpReadGate.of(ctx.channel()).pause(HbtpReadGate.STREAM_QUEUE);
        }
    }

    private void backUnderBound() {
        if (--streamsOverBound == 0) {
            HbtpReadGate.of(ctx.channel()).resume(HbtpReadGate.STREAM_QUEUE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abortAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        abortAll();
    }

    private void abortAll() {
        if (!open.isEmpty()) {
            for (Stream s : new ArrayList<>(open.values())) {
                s.abort();
            }
        }
        if (!unanswered.isEmpty()) {
            for (UploadExchange e : new ArrayList<>(unanswered.values())) {
                e.end(HbtpErrorCode.CANCELLED.code(), null, true); // the connection is gone: no answer
            }
        }
    }

    /** One open stream: its consumer, its demand and the frames waiting for demand. Event loop only. */
    private final class Stream implements HbtpStreamSubscription {
        private final int key;
        private final int sequence;
        private final HbtpStreamConsumer consumer;
        /** The upload's exchange, which sends its answers; null for a FileChunk stream. */
        final UploadExchange exchange;
        private ArrayDeque<HbtpFrame> queue;
        private long bytes;
        private long demand;
        private boolean draining;
        private boolean overBound;
        private boolean closed;

        Stream(int key, int sequence, HbtpStreamConsumer consumer, UploadExchange exchange) {
            this.key = key;
            this.sequence = sequence;
            this.consumer = consumer;
            this.exchange = exchange;
        }

        void open() {
            draining = true; // a request() from inside onOpen only adds demand
            try {
                consumer.onOpen(this);
            } catch (Exception e) {
                draining = false;
                fail(e);
                return;
            }
            draining = false;
            drain();
        }

        /** Takes ownership of a Chunk or End frame of this stream. */
        void offer(HbtpFrame frame) {
            if (queue == null) {
                queue = new ArrayDeque<>(Math.min(maxQueuedChunks, 64));
            }
            queue.add(frame);
            int size = frame.content().readableBytes();
            bytes += size;
            queued(1, size);
            drain();
            if (!closed && !overBound && (queue.size() >= maxQueuedChunks || bytes >= maxQueuedBytes)) {
                overBound = true;
                overBound();
            }
        }

        /** Delivers queued frames in order while there is demand (an End needs none). */
        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                ArrayDeque<HbtpFrame> q = queue;
                while (!closed && q != null && !q.isEmpty()) {
                    HbtpFrame next = q.peek();
                    boolean end = next.opcode() == HbtpOpcode.RPC_STREAM_END.code()
                            || next.opcode() == HbtpOpcode.FILE_CHUNK.code() && next.hasFlag(HbtpFlags.FINAL);
                    if (!end && demand == 0) {
                        break;
                    }
                    q.poll();
                    int size = next.content().readableBytes();
                    bytes -= size;
                    queued(-1, -size);
                    deliver(next, end);
                }
            } finally {
                draining = false;
            }
            if (overBound && (closed
                    || queue.size() <= maxQueuedChunks / 2 && bytes <= maxQueuedBytes / 2)) {
                overBound = false;
                backUnderBound();
            }
        }

        private void deliver(HbtpFrame frame, boolean end) {
            try {
                if (end) {
                    close(false); // anything queued behind the End broke the protocol: released
                    consumer.onEnd(frame.content());
                } else {
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                    consumer.onChunk(frame.content());
                }
            } catch (Exception e) {
                if (end) {
                    LOG.warn("HBTP upload consumer of stream {} on {} failed", sequence, ctx.channel(), e);
                    answer(HbtpErrorCode.HANDLER_FAILED, "handler failed", false);
                } else {
                    fail(e);
                }
            } finally {
                frame.release();
                if (end) {
                    // after onEnd and its answer, so that the drain's Close cannot overtake the answer
                    HbtpDrainState.of(ctx.channel()).uploadEnded();
                }
            }
        }

        /** The consumer threw: end the stream, release what waits, tell the consumer and the peer. */
        void fail(Exception e) {
            if (close()) {
                LOG.warn("HBTP upload consumer of stream {} on {} failed", sequence, ctx.channel(), e);
                consumer.onAbort();
                answer(HbtpErrorCode.HANDLER_FAILED, "handler failed", false);
            }
        }

        /**
         * Ends the stream from this side (RpcCancel §11.2, the drain's end §11.4): release what waits,
         * tell the consumer and the exchange's cancellation listeners, answer {@code code}.
         */
        void endWith(HbtpErrorCode code, String message) {
            if (close()) {
                consumer.onAbort();
                answer(code, message, true);
            }
        }

        /**
         * The connection went away, the receiver was removed, or the exchange answered: release what
         * waits and tell the consumer; no answer.
         */
        void abort() {
            if (close()) {
                consumer.onAbort();
                if (exchange != null) {
                    exchange.end(HbtpErrorCode.CANCELLED.code(), null, true);
                }
            }
        }

        /** The stream's one answer: through its exchange for an upload, directly for a FileChunk stream. */
        private void answer(HbtpErrorCode code, String message, boolean cancel) {
            if (exchange != null) {
                exchange.end(code.code(), message, cancel);
            } else {
                error(sequence, code, message);
            }
        }

        private boolean close() {
            return close(true);
        }

        /** Ends the stream here; tells the drain at once unless {@code countNow} is false. */
        private boolean close(boolean countNow) {
            if (closed) {
                return false;
            }
            closed = true;
            open.remove(key);
            if (countNow) {
                HbtpDrainState.of(ctx.channel()).uploadEnded();
            }
            if (queue != null) {
                for (HbtpFrame f; (f = queue.poll()) != null; ) {
                    queued(-1, -f.content().readableBytes());
                    f.release();
                }
                bytes = 0;
            }
            if (overBound) {
                overBound = false;
                backUnderBound();
            }
            return true;
        }

        @Override
        public void request(long n) {
            checkPositive(n, "n");
            if (ctx.executor().inEventLoop()) {
                addDemand(n);
            } else {
                ctx.executor().execute(() -> addDemand(n));
            }
        }

        private void addDemand(long n) {
            if (closed) {
                return;
            }
            long d = demand + n;
            demand = d < 0 || n == Long.MAX_VALUE ? Long.MAX_VALUE : d;
            drain();
        }

        @Override
        public int sequence() {
            return sequence;
        }

        @Override
        public HbtpExchange exchange() {
            return exchange;
        }

        @Override
        public int queuedChunks() {
            ArrayDeque<HbtpFrame> q = queue;
            return q == null ? 0 : q.size();
        }

        @Override
        public long queuedBytes() {
            return bytes;
        }
    }
}
