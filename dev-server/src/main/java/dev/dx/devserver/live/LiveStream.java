package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpServerStream;
import dev.dx.dbteleport.CachedResult;
import dev.dx.dbteleport.DbTeleport;
import dev.dx.dbteleport.DbTeleportInvalidation;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One page's subscription to a query (route 2): sends the result now, and again after every
 * invalidation that touches the query's tables, as RpcStreamChunk frames holding the plain §7 message.
 *
 * <h2>Credits (HBTP §11.3)</h2>
 * A chunk goes out only while the stream has credit. A result that finds none waits as the one
 * <em>pending</em> result; a newer result replaces it (the older one is closed unsent), so a page that
 * stops granting holds at most one result on the server however many commits go by, and gets the
 * latest when it grants again ({@link HbtpServerStream#onCredit}).
 *
 * <h2>Fetching</h2>
 * At most one {@code DbTeleport.get} is in flight; an invalidation that arrives meanwhile marks the
 * result stale and one more get follows when it completes, so bursts of commits cost one query each
 * way, and the last result sent is read after the last invalidation heard.
 *
 * <h2>Threads</h2>
 * Every field is touched on the channel's event loop only (a few are volatile so that tests can look);
 * {@link #invalidated()} and {@link #endCleanly()} may be called from any thread and hop there. The
 * stream ends with RpcStreamEnd on {@link #endCleanly()} (the server closing or draining), with
 * RpcError {@code HANDLER_FAILED} if a query fails, and by the client's cancel or the connection's
 * close; each releases the pending result and tells the owner once.
 */
final class LiveStream {

    private final DbTeleport db;
    private final QueryRequest request;
    private final List<String> tables;
    private final HbtpServerStream stream;
    private final EventExecutor loop;
    private final Consumer<LiveStream> onEnded;

    private volatile CachedResult pending;
    private volatile boolean fetching;
    private boolean stale;
    private volatile boolean ended;
    private final AtomicInteger fetched = new AtomicInteger();

    LiveStream(DbTeleport db, QueryRequest request, HbtpServerStream stream, Consumer<LiveStream> onEnded) {
        this.db = checkNotNull(db, "db");
        this.request = checkNotNull(request, "request");
        this.stream = checkNotNull(stream, "stream");
        this.onEnded = checkNotNull(onEnded, "onEnded");
        this.tables = db.tables(request.query());
        this.loop = stream.channel().eventLoop();
    }

    /** Starts: asks for the first result. Call on the channel's event loop (the route handler's thread). */
    void start() {
        stream.onCredit(this::flush);
        stream.onComplete(x -> onLoop(this::ended));
        if (!stream.isDone()) {
            fetch();
        }
    }

    /** Whether {@code invalidation} may change this stream's result. */
    boolean reads(DbTeleportInvalidation invalidation) {
        return invalidation.touches(tables);
    }

    /** The query's tables changed: fetch again (once more after the fetch in flight, if one is). */
    void invalidated() {
        onLoop(() -> {
            if (ended) {
                return;
            }
            if (fetching) {
                stale = true;
            } else {
                fetch();
            }
        });
    }

    /** Ends the stream with RpcStreamEnd (the server is closing or draining). */
    void endCleanly() {
        if (!onLoop(() -> {
            if (!ended) {
                stream.end();
            }
        })) {
            ended();
        }
    }

    /** The channel the page is on. */
    io.netty.channel.Channel channel() {
        return stream.channel();
    }

    // ------------------------------------------------------------------ for tests

    /** Whether a result waits for credit. */
    boolean hasPending() {
        return pending != null;
    }

    /** Whether a get is in flight. */
    boolean isFetching() {
        return fetching;
    }

    /** How many results the cache has delivered to this stream. */
    int fetchedCount() {
        return fetched.get();
    }

    // ------------------------------------------------------------------ on the event loop

    private void fetch() {
        fetching = true;
        CompletableFuture<CachedResult> f;
        try {
            f = db.get(request.query(), request.paramArray());
        } catch (IllegalArgumentException e) {
            fetching = false;
            stream.fail(LiveData.BAD_REQUEST, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fetching = false;
            stream.fail(HbtpErrorCode.HANDLER_FAILED, "query " + request.query() + " failed: " + e.getMessage());
            return;
        }
        f.whenComplete((result, error) -> {
            if (!onLoop(() -> fetched(result, error)) && result != null) {
                result.close(); // the loop has stopped: nobody to send it to
            }
        });
    }

    private void fetched(CachedResult result, Throwable error) {
        fetching = false;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!ended) {
                stream.fail(HbtpErrorCode.HANDLER_FAILED, "query " + request.query() + " failed: " + cause.getMessage());
            }
            return;
        }
        if (ended) {
            result.close();
            return;
        }
        fetched.incrementAndGet();
        CachedResult older = pending;
        pending = result;
        if (older != null) {
            older.close(); // never sent: the page had no credit, and this one is newer
        }
        flush();
        if (stale) {
            stale = false;
            fetch();
        }
    }

    /** Sends the pending result if there is one and the page has credit for it. */
    private void flush() {
        CachedResult result = pending;
        if (result == null || ended || stream.credit() <= 0) {
            return;
        }
        pending = null;
        ByteBuf message;
        try {
            message = result.plainBody(stream.alloc());
        } finally {
            result.close();
        }
        stream.trySend(message);
    }

    private void ended() {
        if (ended) {
            return;
        }
        ended = true;
        CachedResult left = pending;
        pending = null;
        if (left != null) {
            left.close();
        }
        onEnded.accept(this);
    }

    /** Runs {@code task} on the loop (now, if this is it); false if the loop no longer takes tasks. */
    private boolean onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
