package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.codec.hbtp.internal.RecycledSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec §7 dispatch and §9 answers of {@link HbtpRouter}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpRouterTest {

    private static EmbeddedChannel channel(HbtpRouteTable routes) {
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
    }

    private static ByteBuf call(int seq, int route, String args) {
        // tracked by the leak detector, as are slices of it
        return HbtpTestSupport.wire(HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, seq, route,
                HbtpTestSupport.pooled(args)));
    }

    /** Decodes the frames the channel wrote. */
    private static List<HbtpFrame> answers(EmbeddedChannel ch) {
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(out);
        out.release();
        return new ArrayList<>(HbtpTestSupport.decodeAll(bytes, new HbtpCodecConfig(), false));
    }

    @Test
    void echoRouteAnswersWithTheCallsSequence() {
        HbtpRouteTable routes = HbtpRouteTable.builder().route(7, ex -> ex.respond(ex.arguments().retain())).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(0x1234, 7, "abc"), call(0x0001, 7, "xyz"));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(2);
            assertThat(a.get(0).type()).isEqualTo(HbtpOpcode.RPC_RESPONSE);
            assertThat(a.get(0).sequence()).isEqualTo(0x1234);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
            assertThat(a.get(1).sequence()).isEqualTo(1);
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void missingRouteIsRouteNotFoundAndConnectionStaysOpen() {
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().build());
        ch.writeInbound(call(0x1234, 7, "abc"));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(1);
            assertThat(a.get(0).type()).isEqualTo(HbtpOpcode.RPC_ERROR);
            assertThat(a.get(0).errorCode()).isEqualTo(HbtpErrorCode.ROUTE_NOT_FOUND.code());
            assertThat(a.get(0).errorMessage()).isEqualTo("no route 7");
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void throwingHandlerIsHandlerFailed() {
        HbtpRouteTable routes = HbtpRouteTable.builder().route(1, ex -> {
            throw new IllegalStateException("boom");
        }).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(5, 1, ""));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a.get(0).errorCode()).isEqualTo(HbtpErrorCode.HANDLER_FAILED.code());
            assertThat(a.get(0).sequence()).isEqualTo(5);
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void handlerMayAnswerLaterFromAnotherThread() throws Exception {
        AtomicReference<HbtpExchange> held = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder().route(2, held::set).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(9, 2, "later"));
        HbtpRouter router = ch.pipeline().get(HbtpRouter.class);
        assertThat(router.openCalls()).isEqualTo(1);
        assertThat(ch.<Object>readOutbound()).isNull();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            HbtpExchange ex = held.get();
            ex.respond(ex.arguments().retain());
            ex.respond(HbtpTestSupport.pooled("ignored")); // second answer is released
            done.countDown();
        });
        t.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        ch.runPendingTasks();
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(1);
            assertThat(a.get(0).sequence()).isEqualTo(9);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("later");
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(router.openCalls()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void reusingAnInFlightSequenceIsBadFrame() {
        // §7: the client must not reuse a sequence still waiting for its answer.
        AtomicReference<HbtpExchange> held = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder().route(2, held::set).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(9, 2, "first"));
        ch.writeInbound(call(9, 2, "again"));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(1);
            assertThat(a.get(0).type()).isEqualTo(HbtpOpcode.CLOSE);
            assertThat(a.get(0).errorCode()).isEqualTo(HbtpErrorCode.BAD_FRAME.code());
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(ch.isOpen()).isFalse();
        held.get().fail(HbtpErrorCode.SHUTTING_DOWN, "closed"); // releases the held call
        ch.finishAndReleaseAll();
    }

    @Test
    void interceptorsShortCircuitAndObserveOutcomes() {
        List<String> log = new ArrayList<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .intercept((ex, next) -> {
                    log.add("timing-before " + ex.route());
                    ex.onComplete(done -> log.add("timing-after " + done.outcome()));
                    next.handle(ex);
                })
                .intercept((ex, next) -> {
                    if (ex.route() == 3) {
                        ex.fail(HbtpErrorCode.RATE_LIMITED, "slow down");
                    } else if (ex.route() == 4) {
                        ex.fail(HbtpErrorCode.UNAUTHORIZED, "no token");
                    } else {
                        ex.attachment("principal");
                        next.handle(ex);
                    }
                })
                .route(1, ex -> ex.respond(HbtpTestSupport.pooled((String) ex.attachment())))
                .route(3, ex -> {
                    throw new AssertionError("short-circuited");
                })
                .route(4, ex -> {
                    throw new AssertionError("short-circuited");
                })
                .build();
        assertThat(routes.size()).isEqualTo(3);
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(1, 1, ""), call(2, 3, ""), call(3, 4, ""));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(3);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("principal");
            assertThat(a.get(1).errorCode()).isEqualTo(HbtpErrorCode.RATE_LIMITED.code());
            assertThat(a.get(2).errorCode()).isEqualTo(HbtpErrorCode.UNAUTHORIZED.code());
        } finally {
            a.forEach(HbtpFrame::release);
        }
        // UNAUTHORIZED for a single route is an RpcError, not fatal (§9)
        assertThat(ch.isOpen()).isTrue();
        assertThat(log).containsExactly("timing-before 1", "timing-after 0", "timing-before 3", "timing-after 6",
                "timing-before 4", "timing-after 5");
        assertFalse(ch.finish());
    }

    @Test
    void everyOneOf65536RoutesIsReachable() {
        HbtpRouteTable.Builder b = HbtpRouteTable.builder();
        for (int r = 0; r < HbtpRouteTable.SLOTS; r++) {
            int route = r;
            b.route(r, ex -> ex.respond(ex.alloc().buffer(2).writeShortLE(route)));
        }
        HbtpRouteTable routes = b.build();
        assertThat(routes.size()).isEqualTo(65_536);
        EmbeddedChannel ch = channel(routes);
        for (int r : new int[] {0, 1, 255, 256, 32_767, 65_534, 65_535}) {
            ch.writeInbound(call(r, r, ""));
            List<HbtpFrame> a = answers(ch);
            try {
                assertThat(a.get(0).content().getUnsignedShortLE(0)).isEqualTo(r);
            } finally {
                a.forEach(HbtpFrame::release);
            }
        }
        assertFalse(ch.finish());
    }

    @Test
    void completionListenersRunInRegistrationOrderAndLateOnesAtOnce() {
        AtomicReference<HbtpExchange> pending = new AtomicReference<>();
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().route(7, pending::set).build());
        ch.writeInbound(call(1, 7, "x"));
        HbtpExchange ex = pending.get();
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int index = i;
            ex.onComplete(done -> log.add("listener " + index + " outcome " + done.outcome()));
        }
        assertThat(log).isEmpty();
        ex.respond(HbtpTestSupport.pooled("ok"));
        assertThat(log).containsExactly("listener 0 outcome 0", "listener 1 outcome 0", "listener 2 outcome 0");
        ex.onComplete(done -> log.add("late"));
        assertThat(log).hasSize(4).endsWith("late");
        answers(ch).forEach(HbtpFrame::release);
        assertFalse(ch.finish());
    }

    @Test
    void everyCompletionListenerRunsExactlyOnceWhileOtherThreadsRegister() throws Exception {
        AtomicReference<HbtpExchange> pending = new AtomicReference<>();
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().route(7, pending::set).build());
        int threads = 4;
        int perThread = 200;
        for (int round = 0; round < 40; round++) {
            ch.writeInbound(call(round, 7, "x"));
            HbtpExchange ex = pending.getAndSet(null);
            AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                all.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < perThread; i++) {
                        int index = first + i;
                        ex.onComplete(done -> runs.incrementAndGet(index));
                    }
                }));
            }
            // EmbeddedChannel's loop counts every thread as its own: the answer is written here
            all.add(new Thread(() -> {
                await(start);
                ex.respond(HbtpTestSupport.pooled("ok"));
            }));
            all.forEach(Thread::start);
            start.countDown();
            for (Thread t : all) {
                t.join(10_000);
            }
            for (int i = 0; i < runs.length(); i++) {
                assertThat(runs.get(i)).as("round %d, listener %d", round, i).isEqualTo(1);
            }
            answers(ch).forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAnswerAfterTheCallerLeftIsReleasedAndRaisesNothing() {
        AtomicReference<HbtpExchange> later = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder().route(7, later::set).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(1, 7, "abc"));
        assertThat(later.get()).isNotNull();
        ch.close();
        // the leak check fails the class if the answer is not released
        later.get().respond(HbtpTestSupport.pooled("late"));
        ch.checkException();
        assertFalse(ch.finish());
    }

    @Test
    void aClosedChannelExceptionAfterCloseIsDroppedAndOthersArePassedOn() {
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().build());
        ch.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertThatThrownBy(ch::checkException).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        HbtpRouter router = ch.pipeline().get(HbtpRouter.class);
        ChannelHandlerContext ctx = ch.pipeline().context(router);
        ch.close(); // closing also empties the pipeline, so the router is called directly
        router.exceptionCaught(ctx, new ClosedChannelException());
        ch.checkException();
        router.exceptionCaught(ctx, new IllegalStateException("after close"));
        assertThatThrownBy(ch::checkException).hasMessage("after close");
        assertFalse(ch.finish());
    }

    /** Runs a route and records what its exchange's arguments were: the object and its bytes. */
    private static final class ArgumentsProbe implements HbtpRouteHandler {
        ByteBuf arguments;
        String text;
        int readerIndex = -1;
        int capacity = -1;

        @Override
        public void handle(HbtpExchange ex) {
            arguments = ex.arguments();
            text = arguments.toString(StandardCharsets.UTF_8);
            readerIndex = arguments.readerIndex();
            capacity = arguments.capacity();
            ex.respond(arguments.retain());
        }
    }

    @Test
    void theArgumentsOfADecodedCallAreItsOwnBodyNarrowedInPlace() {
        ArgumentsProbe probe = new ArgumentsProbe();
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().route(7, probe).build());
        ByteBuf in = call(9, 7, "abc");

        ch.writeInbound(in);

        assertThat(probe.arguments).as("no new slice per call: the call's own body slice")
                .isInstanceOf(RecycledSlice.class);
        assertThat(probe.text).isEqualTo("abc");
        assertThat(probe.readerIndex).isZero();
        assertThat(probe.capacity).isEqualTo(3);
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(1);
            assertThat(a.get(0).sequence()).isEqualTo(9);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(in.refCnt()).as("the echoed body gave the read buffer back").isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aCallSomeoneElseAlsoHoldsKeepsItsWholeBodyAndTheArgumentsAreASlice() {
        ArgumentsProbe probe = new ArgumentsProbe();
        EmbeddedChannel ch = channel(HbtpRouteTable.builder().route(7, probe).build());
        List<HbtpFrame> kept = new ArrayList<>();
        // a handler before the router keeps its own reference to every call (a tap, an audit log)
        ch.pipeline().addBefore(ch.pipeline().context(HbtpRouter.class).name(), "tap",
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        kept.add(((HbtpFrame) msg).retain());
                        ctx.fireChannelRead(msg);
                    }
                });

        ch.writeInbound(call(9, 7, "abc"));

        assertThat(probe.arguments).isNotInstanceOf(RecycledSlice.class);
        assertThat(probe.text).isEqualTo("abc");
        assertThat(probe.readerIndex).isZero();
        assertThat(probe.capacity).isEqualTo(3);
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(1);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        } finally {
            a.forEach(HbtpFrame::release);
        }
        HbtpFrame call = kept.get(0);
        assertThat(call.refCnt()).as("the router let go of its reference").isEqualTo(1);
        assertThat(call.route()).as("the tap still sees the whole call").isEqualTo(7);
        assertThat(call.content().readableBytes()).isEqualTo(2 + 3);
        assertThat(call.arguments().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(call.release()).isTrue();
        assertFalse(ch.finish());
    }

    /** Writes an RpcCall with the given metadata block into a pooled buffer, as the client sends it. */
    private static ByteBuf call(int seq, int route, HbtpMetadata metadata, String args) {
        return HbtpTestSupport.wire(HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, seq, route, metadata,
                HbtpTestSupport.pooled(args)));
    }

    @Test
    void theLargestRouteIdAndSequenceComeBackWhole() {
        AtomicReference<String> seen = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder().route(0xFFFF, ex -> {
            seen.set(ex.route() + "/" + ex.sequence() + " " + ex);
            ex.respond(ex.arguments().retain());
        }).build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(0xFFFF, 0xFFFF, "z"));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(seen.get()).startsWith("65535/65535 HbtpExchange(route=65535, seq=65535");
            assertThat(a).hasSize(1);
            assertThat(a.get(0).sequence()).isEqualTo(0xFFFF);
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void theAttachmentSlotKeepsItsValueBesideMetadataAndCancellationListeners() {
        List<String> log = new ArrayList<>();
        AtomicReference<HbtpExchange> open = new AtomicReference<>();
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(1, ex -> { // no metadata: the slot is made on first use, then onCancel shares it
                    assertThat(ex.attachment()).isNull();
                    ex.attachment(null);
                    assertThat(ex.attachment()).isNull();
                    ex.attachment("first");
                    ex.onCancel(() -> log.add("cancelled " + ex.attachment()));
                    assertThat(ex.deadlineNanos()).isEqualTo(HbtpExchange.NO_DEADLINE);
                    assertThat(ex.metadata()).isSameAs(HbtpMetadata.EMPTY);
                    open.set(ex);
                })
                .route(2, ex -> { // metadata: the attachment sits beside it
                    ex.onCancel(() -> log.add("never"));
                    ex.attachment("second");
                    ex.respond(HbtpTestSupport.pooled(ex.attachment() + " " + new String(ex.metadata().get("k"), StandardCharsets.UTF_8)));
                })
                .build();
        EmbeddedChannel ch = channel(routes);
        ch.writeInbound(call(1, 1, ""), call(2, 2, HbtpMetadata.builder().add("k", "v".getBytes(
                StandardCharsets.UTF_8)).build(), ""));
        open.get().attachment("replaced");
        ch.writeInbound(HbtpTestSupport.pooled(HbtpHostileInputTest.frame(HbtpOpcode.RPC_CANCEL.code(), 0, 1,
                new byte[0])));
        List<HbtpFrame> a = answers(ch);
        try {
            assertThat(a).hasSize(2);
            assertThat(a.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("second v");
            assertThat(a.get(1).errorCode()).isEqualTo(HbtpErrorCode.CANCELLED.code());
        } finally {
            a.forEach(HbtpFrame::release);
        }
        assertThat(log).containsExactly("cancelled replaced");
        assertThat(open.get().attachment()).isEqualTo("replaced");
        assertFalse(ch.finish());
    }
}
