package dev.dx.dbteleport.internal.notify;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The bookkeeping of {@link PgChangeFeed#sync()}: token rounds over the feed's private channel.
 *
 * <p>A round sends one token (a sequence number) with {@code NOTIFY} through {@link TokenSender} and
 * completes every sync that joined it when the listening thread reports that token. At most one round
 * is in flight; syncs that arrive meanwhile wait together for the next round, which starts when the
 * current one ends. A sync therefore never shares a token that was sent before it was called.
 *
 * <p>When the listening connection breaks, every pending sync completes right after the sink has
 * been told {@code everythingChanged} ({@link #connectionLost()}): the sink dropped everything, which
 * covers every notification the sync was waiting for. While the feed is not listening (reconnecting,
 * not started) a new sync fails at once, and {@link #close()} fails the pending ones.
 *
 * <p>Thread-safe: {@link #sync()} from any thread, the reports from the listening thread. Tokens are
 * sent on {@code sendExecutor} and futures completed on {@code completionExecutor}: neither a slow
 * database nor a caller's callback can stall the listening thread, and a send that hangs (a database
 * that does not answer) does not hold up the completions that a lost connection releases.
 */
final class SyncBarrier {

    /** Sends one token; called on the barrier's executor. */
    @FunctionalInterface
    interface TokenSender {
        void send(String token) throws SQLException;
    }

    private final Executor sendExecutor;
    private final Executor completionExecutor;
    private final TokenSender sender;
    private final String tokenPrefix;

    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private List<CompletableFuture<Void>> inFlight;
    private long inFlightToken = -1;
    private long lastToken;
    private boolean listening;
    private boolean closed;

    /**
     * @param tokenPrefix starts every token (an instance id, so that another feed's tokens on the same
     *        channel, however unlikely, never match)
     */
    SyncBarrier(Executor sendExecutor, Executor completionExecutor, TokenSender sender, String tokenPrefix) {
        this.sendExecutor = sendExecutor;
        this.completionExecutor = completionExecutor;
        this.sender = sender;
        this.tokenPrefix = tokenPrefix;
    }

    /** A barrier future, as {@link PgChangeFeed#sync()} describes. */
    CompletableFuture<Void> sync() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("change feed closed"));
            }
            if (!listening) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "change feed is not listening (not started, or reconnecting)"));
            }
            waiting.add(future);
            if (inFlight == null) {
                startRound();
            }
        }
        return future;
    }

    /** The listening connection is up and LISTENs (true), or has broken (false). */
    synchronized void listening(boolean listening) {
        this.listening = listening;
    }

    /** A payload arrived on the private channel (listening thread). Unknown tokens are ignored. */
    void tokenArrived(String payload) {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            if (inFlight == null || !token(inFlightToken).equals(payload)) {
                return;
            }
            done = inFlight;
            inFlight = null;
            if (!waiting.isEmpty()) {
                startRound();
            }
        }
        completeLater(done, null);
    }

    /**
     * The listening connection broke and the sink has been told everything changed: every pending sync
     * completes normally.
     */
    void connectionLost() {
        List<CompletableFuture<Void>> done = takeAll(false);
        completeLater(done, null);
    }

    /** Fails every pending sync, and every later one. */
    void close() {
        List<CompletableFuture<Void>> failed = takeAll(true);
        IllegalStateException cause = new IllegalStateException("change feed closed");
        for (CompletableFuture<Void> f : failed) {
            f.completeExceptionally(cause);
        }
    }

    private synchronized List<CompletableFuture<Void>> takeAll(boolean close) {
        closed |= close;
        listening &= !close;
        List<CompletableFuture<Void>> all = new ArrayList<>(waiting);
        if (inFlight != null) {
            all.addAll(inFlight);
        }
        waiting = new ArrayList<>();
        inFlight = null;
        inFlightToken = -1;
        return all;
    }

    /** Moves the waiting syncs into a new round and sends its token; called holding the lock. */
    private void startRound() {
        inFlight = waiting;
        waiting = new ArrayList<>();
        long token = ++lastToken;
        inFlightToken = token;
        Runnable send = () -> {
            try {
                sender.send(token(token));
            } catch (SQLException | RuntimeException e) {
                roundFailed(token, e);
            }
        };
        try {
            sendExecutor.execute(send);
        } catch (RejectedExecutionException e) {
            inFlightToken = -1;
            List<CompletableFuture<Void>> failed = inFlight;
            inFlight = null;
            failed.forEach(f -> f.completeExceptionally(new IllegalStateException("change feed closed", e)));
        }
    }

    private String token(long sequence) {
        return tokenPrefix + sequence;
    }

    private void roundFailed(long token, Exception cause) {
        List<CompletableFuture<Void>> failed;
        synchronized (this) {
            if (inFlightToken != token) {
                return;
            }
            failed = inFlight;
            inFlight = null;
            inFlightToken = -1;
            if (!waiting.isEmpty()) {
                startRound();
            }
        }
        completeLater(failed, cause);
    }

    private void completeLater(List<CompletableFuture<Void>> futures, Throwable cause) {
        if (futures.isEmpty()) {
            return;
        }
        Runnable complete = () -> {
            for (CompletableFuture<Void> f : futures) {
                if (cause == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(cause);
                }
            }
        };
        try {
            completionExecutor.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }
}
