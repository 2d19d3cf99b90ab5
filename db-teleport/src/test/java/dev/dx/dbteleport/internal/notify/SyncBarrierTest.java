package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync barrier's rounds, driven by hand: a direct executor and a sender that records tokens. */
class SyncBarrierTest {

    private final List<String> sent = new ArrayList<>();
    private SQLException failSend;
    private SyncBarrier barrier;

    @BeforeEach
    void listening() {
        barrier = new SyncBarrier(Runnable::run, Runnable::run, token -> {
            if (failSend != null) {
                throw failSend;
            }
            sent.add(token);
        }, "me:");
        barrier.listening(true);
    }

    @Test
    void oneRoundServesEveryCallerThatJoinedBeforeItsTokenWasSent() {
        CompletableFuture<Void> a = barrier.sync();
        CompletableFuture<Void> b = barrier.sync();
        CompletableFuture<Void> c = barrier.sync();
        assertThat(sent).containsExactly("me:1");
        barrier.tokenArrived("me:1");
        assertThat(a).isCompleted();
        // b and c arrived after token 1 was sent: they share token 2, sent when round 1 ended
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();
        assertThat(sent).containsExactly("me:1", "me:2");
        barrier.tokenArrived("me:2");
        assertThat(b).isCompleted();
        assertThat(c).isCompleted();
        assertThat(sent).hasSize(2);
    }

    @Test
    void unknownAndStaleTokensAreIgnored() {
        CompletableFuture<Void> a = barrier.sync();
        barrier.tokenArrived("other:1");
        barrier.tokenArrived("me:0");
        barrier.tokenArrived(null);
        assertThat(a).isNotDone();
        barrier.tokenArrived("me:1");
        assertThat(a).isCompleted();
        barrier.tokenArrived("me:1");
    }

    @Test
    void aLostConnectionCompletesPendingSyncsAndRefusesNewOnesUntilListening() {
        CompletableFuture<Void> inFlight = barrier.sync();
        CompletableFuture<Void> waiting = barrier.sync();
        barrier.listening(false);
        barrier.connectionLost();
        assertThat(inFlight).isCompleted();
        assertThat(waiting).isCompleted();
        assertThat(barrier.sync()).isCompletedExceptionally();
        barrier.tokenArrived("me:1");
        barrier.listening(true);
        CompletableFuture<Void> after = barrier.sync();
        assertThat(sent).containsExactly("me:1", "me:2");
        barrier.tokenArrived("me:2");
        assertThat(after).isCompleted();
    }

    @Test
    void aFailedSendFailsItsRoundAndTheNextRoundStillRuns() throws Exception {
        failSend = new SQLException("database down");
        CompletableFuture<Void> a = barrier.sync();
        assertThat(a).isCompletedExceptionally();
        assertThatCause(a).isSameAs(failSend);
        failSend = null;
        CompletableFuture<Void> b = barrier.sync();
        assertThat(sent).containsExactly("me:2");
        barrier.tokenArrived("me:2");
        assertThat(b).isCompleted();
    }

    @Test
    void closeFailsPendingAndLaterSyncs() {
        CompletableFuture<Void> inFlight = barrier.sync();
        CompletableFuture<Void> waiting = barrier.sync();
        barrier.close();
        assertThat(inFlight).isCompletedExceptionally();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(barrier.sync()).isCompletedExceptionally();
        assertThatCause(barrier.sync()).hasMessage("change feed closed");
    }

    @Test
    void aRejectingExecutorFailsTheRoundInsteadOfHanging() {
        Executor rejecting = r -> {
            throw new RejectedExecutionException("shut down");
        };
        SyncBarrier b = new SyncBarrier(rejecting, rejecting, token -> sent.add(token), "x:");
        b.listening(true);
        assertThat(b.sync()).isCompletedExceptionally();
        assertThat(sent).isEmpty();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatCause(
            CompletableFuture<Void> f) {
        try {
            f.get();
            throw new AssertionError("expected a failed future");
        } catch (ExecutionException e) {
            return assertThat(e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
