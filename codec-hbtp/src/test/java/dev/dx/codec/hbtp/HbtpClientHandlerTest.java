package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec §7 on the client side: sequence allocation, correlation in any order, timeouts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpClientHandlerTest {

    private static EmbeddedChannel client(long timeoutMillis) {
        return new EmbeddedChannel(new HbtpClientCodec(), new HbtpControlHandler(), new HbtpClientHandler(timeoutMillis));
    }

    private static List<HbtpFrame> sentCalls(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(out);
        out.release();
        return new ArrayList<>(HbtpTestSupport.decodeAll(bytes, new HbtpCodecConfig(), false));
    }

    private static void discardOutbound(EmbeddedChannel ch) {
        ch.runPendingTasks();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
    }

    private static ByteBuf answer(HbtpFrame frame) {
        return HbtpTestSupport.wire(frame); // tracked by the leak detector, as are slices of it
    }

    @Test
    void answersInAnyOrderCompleteTheirOwnCalls() {
        EmbeddedChannel ch = client(60_000);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        List<CompletableFuture<ByteBuf>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(h.call(7, HbtpTestSupport.pooled("arg" + i)));
        }
        List<HbtpFrame> calls = sentCalls(ch);
        assertThat(calls).hasSize(16);
        Set<Integer> seqs = new HashSet<>();
        for (HbtpFrame c : calls) {
            assertThat(c.hasFlag(HbtpFlags.EXPECTS_RESPONSE)).isTrue();
            seqs.add(c.sequence());
        }
        assertThat(seqs).hasSize(16);
        // answer in reverse order, echoing the arguments
        for (int i = calls.size() - 1; i >= 0; i--) {
            HbtpFrame c = calls.get(i);
            ch.writeInbound(answer(HbtpFrame.rpcResponse(c.sequence(), c.arguments().retain())));
            c.release();
        }
        for (int i = 0; i < 16; i++) {
            ByteBuf r = futures.get(i).join();
            try {
                assertThat(r.toString(StandardCharsets.UTF_8)).isEqualTo("arg" + i);
            } finally {
                r.release();
            }
        }
        assertThat(h.inFlight()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void rpcErrorCompletesExceptionally() {
        EmbeddedChannel ch = client(60_000);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        CompletableFuture<ByteBuf> f = h.call(9, HbtpTestSupport.pooledBuffer());
        List<HbtpFrame> calls = sentCalls(ch);
        ch.writeInbound(answer(HbtpFrame.rpcError(PooledByteBufAllocator.DEFAULT, calls.get(0).sequence(),
                HbtpErrorCode.ROUTE_NOT_FOUND.code(), "no route 9")));
        calls.forEach(HbtpFrame::release);
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(HbtpRpcException.class).hasMessageContaining("ROUTE_NOT_FOUND: no route 9");
        ch.finishAndReleaseAll();
    }

    @Test
    void timeoutKeepsTheSequenceReservedUntilTheLateAnswer() throws Exception {
        EmbeddedChannel ch = client(1);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        CompletableFuture<ByteBuf> f = h.call(1, HbtpTestSupport.pooledBuffer());
        List<HbtpFrame> calls = sentCalls(ch);
        TimeUnit.MILLISECONDS.sleep(20);
        ch.runScheduledPendingTasks();
        assertThatThrownBy(f::join).hasCauseInstanceOf(HbtpRpcException.class).hasMessageContaining("TIMEOUT");
        assertThat(h.inFlight()).isEqualTo(1);
        ch.writeInbound(answer(HbtpFrame.rpcResponse(calls.get(0).sequence(), HbtpTestSupport.pooled("late"))));
        calls.forEach(HbtpFrame::release);
        assertThat(h.inFlight()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void failsFastWhenAll65536SequencesAreInFlightAndNeverReusesOne() {
        EmbeddedChannel ch = client(600_000);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        List<CompletableFuture<ByteBuf>> calls = new ArrayList<>();
        for (int i = 0; i < HbtpClientHandler.SEQUENCES; i++) {
            calls.add(h.call(1, HbtpTestSupport.pooledBuffer()));
            if ((i & 1023) == 1023) {
                discardOutbound(ch);
            }
        }
        discardOutbound(ch);
        assertThat(h.inFlight()).isEqualTo(65_536);
        CompletableFuture<ByteBuf> extra = h.call(1, HbtpTestSupport.pooled("x"));
        assertThat(extra).isCompletedExceptionally();
        assertThatThrownBy(extra::join).hasCauseInstanceOf(IllegalStateException.class);
        // answer sequence 40000; the next call must take exactly that one, the only free sequence
        ch.writeInbound(answer(HbtpFrame.rpcResponse(40_000, HbtpTestSupport.pooledBuffer())));
        // the answered call's result is ours to release (a slice of the pooled answer)
        List<CompletableFuture<ByteBuf>> answered = calls.stream().filter(CompletableFuture::isDone).toList();
        assertThat(answered).hasSize(1);
        answered.get(0).join().release();
        h.call(1, HbtpTestSupport.pooledBuffer());
        List<HbtpFrame> next = sentCalls(ch);
        try {
            assertThat(next).hasSize(1);
            assertThat(next.get(0).sequence()).isEqualTo(40_000);
        } finally {
            next.forEach(HbtpFrame::release);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void aPipelineExceptionFailsEveryWaitingCallAndCloses() {
        EmbeddedChannel ch = client(60_000);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        CompletableFuture<ByteBuf> a = h.call(7, HbtpTestSupport.pooled("a"));
        CompletableFuture<ByteBuf> b = h.call(7, HbtpTestSupport.pooled("b"));
        discardOutbound(ch);
        IOException reset = new IOException("Connection reset by peer");
        ch.pipeline().fireExceptionCaught(reset);
        ch.checkException(); // handled here, not passed to the tail
        assertThat(ch.isOpen()).isFalse();
        for (CompletableFuture<ByteBuf> f : List.of(a, b)) {
            // a coded failure that carries the I/O error, never the bare exception
            assertThatThrownBy(f::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(HbtpRpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
                        assertThat(e.getCause()).isSameAs(reset);
                    });
        }
        assertThat(h.inFlight()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aClosedChannelExceptionOnlyClosesAndTheCallsFailAsClosed() {
        EmbeddedChannel ch = client(60_000);
        HbtpClientHandler h = ch.pipeline().get(HbtpClientHandler.class);
        CompletableFuture<ByteBuf> a = h.call(7, HbtpTestSupport.pooled("a"));
        discardOutbound(ch);
        ch.pipeline().fireExceptionCaught(new ClosedChannelException());
        ch.checkException();
        assertThat(ch.isOpen()).isFalse();
        // a bare ClosedChannelException never reaches a caller: it is the cause of a coded failure
        assertThatThrownBy(a::join).cause().isInstanceOfSatisfying(HbtpRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(HbtpRpcException.CONNECTION_CLOSED);
            assertThat(e.getCause()).isInstanceOf(ClosedChannelException.class);
        });
        assertFalse(ch.finish());
    }
}
