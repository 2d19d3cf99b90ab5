package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub on one channel: what it reads, what it passes on, and what a slow page gets. */
class ReloadHubTest {

    private static ByteBuf pooled(String s) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer();
        b.writeCharSequence(s, StandardCharsets.UTF_8);
        return b;
    }

    private static HbtpFrame clientEvent(String json) {
        return new HbtpFrame(HbtpOpcode.CLIENT_EVENT, 0, 0, pooled(json));
    }

    private static HbtpFrame hello(String page) {
        return clientEvent("{\"type\":\"hello\",\"page\":\"" + page + "\"}");
    }

    /** Reads the next outbound frame as "opcode body", releasing it. */
    private static String next(EmbeddedChannel ch) {
        Object msg = ch.readOutbound();
        if (msg == null) {
            return null;
        }
        HbtpFrame f = (HbtpFrame) msg;
        try {
            String body = f.opcode() == HbtpOpcode.SERVER_EVENT.code()
                    ? f.content().toString(StandardCharsets.UTF_8) : ByteBufUtil.hexDump(f.content());
            return Integer.toHexString(f.opcode()) + " " + body;
        } finally {
            f.release();
        }
    }

    @Test
    void helloMakesThePageAndPushesReachIt() {
        ReloadHub hub = new ReloadHub();
        EmbeddedChannel ch = new EmbeddedChannel(hub);
        assertThat(hub.css("/a.css")).isZero(); // not a page yet
        ch.writeInbound(hello("/"));
        assertThat(ch.<Object>readInbound()).isNull(); // consumed
        assertThat(hub.pagesShowing("/index.html")).isEqualTo(1);

        assertThat(hub.css("/a.css")).isEqualTo(1);
        assertThat(hub.reload("/other.html", "x")).isZero();
        assertThat(hub.reload("/index.html", "why")).isEqualTo(1);
        assertThat(hub.patch("/index.html", List.of(new HtmlPatch.Text(0x401, "Hi")))).isEqualTo(1);
        assertThat(hub.patch("/index.html", List.of())).isZero();
        assertThat(hub.reloadAll("all")).isEqualTo(1);
        ch.runPendingTasks();
        assertThat(next(ch)).isEqualTo("41 {\"type\":\"css\",\"path\":\"/a.css\"}");
        assertThat(next(ch)).isEqualTo("41 {\"type\":\"reload\",\"reason\":\"why\"}");
        assertThat(next(ch)).isEqualTo("24 21000000060000000104000048" + "69");
        assertThat(next(ch)).isEqualTo("41 {\"type\":\"reload\",\"reason\":\"all\"}");
        assertThat(next(ch)).isNull();

        ch.writeInbound(hello("/b.html")); // a second hello moves the page
        assertThat(hub.pagesShowing("/index.html")).isZero();
        assertThat(hub.pagesShowing("/b.html")).isEqualTo(1);
        assertThat(hub.pageCount()).isEqualTo(1);

        ch.close();
        assertThat(hub.pageCount()).isZero();
        assertThat(hub.reloadAll("gone")).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void otherFramesAndOtherEventsArePassedOn() {
        ReloadHub hub = new ReloadHub();
        EmbeddedChannel ch = new EmbeddedChannel(hub);
        HbtpFrame call = HbtpFrame.rpcCall(PooledByteBufAllocator.DEFAULT, 3, 1, pooled("{}"));
        ch.writeInbound(call);
        ch.writeInbound(clientEvent("{\"type\":\"log\",\"text\":\"x\"}"));
        ch.writeInbound("not a frame");
        HbtpFrame first = ch.readInbound();
        HbtpFrame second = ch.readInbound();
        try {
            assertThat(first.opcode()).isEqualTo(HbtpOpcode.RPC_CALL.code());
            assertThat(second.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"log\",\"text\":\"x\"}");
        } finally {
            first.release();
            second.release();
        }
        assertThat(ch.<Object>readInbound()).isEqualTo("not a frame");
        assertThat(hub.pageCount()).isZero();
        assertThat(hub.rejectedEvents()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void malformedAndOversizedEventsAreDroppedAndTheConnectionStays() {
        ReloadHub hub = new ReloadHub();
        EmbeddedChannel ch = new EmbeddedChannel(hub);
        HbtpFrame broken = clientEvent("{\"type\":\"hello\",\"page\":");
        HbtpFrame noPage = clientEvent("{\"type\":\"hello\"}");
        HbtpFrame big = clientEvent("{\"type\":\"hello\",\"page\":\"/" + "x".repeat(5000) + "\"}");
        ch.writeInbound(broken, noPage, big);
        assertThat(broken.refCnt()).isZero();
        assertThat(noPage.refCnt()).isZero();
        assertThat(big.refCnt()).isZero();
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(hub.rejectedEvents()).isEqualTo(3);
        assertThat(hub.pageCount()).isZero();
        assertThat(ch.isActive()).isTrue();
        ch.writeInbound(hello("/ok.html"));
        assertThat(hub.pagesShowing("/ok.html")).isEqualTo(1);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aPageThatIsNotWritableIsOwedOneReload() {
        ReloadHub hub = new ReloadHub();
        EmbeddedChannel ch = new EmbeddedChannel(hub);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.writeInbound(hello("/p.html"));
        ByteBuf backlog = PooledByteBufAllocator.DEFAULT.directBuffer(32).writeZero(32);
        ch.write(backlog); // not flushed: the channel is over its high water mark
        assertThat(ch.isWritable()).isFalse();

        hub.css("/a.css");
        hub.patch("/p.html", List.of(new HtmlPatch.Text(0x401, "x")));
        hub.reloadAll("r");
        ch.runPendingTasks();
        assertThat(ch.<Object>readOutbound()).isNull();

        ch.flush(); // writable again: the one reload that covers all three goes out
        ch.runPendingTasks();
        ByteBuf flushed = ch.readOutbound();
        assertThat(flushed).isSameAs(backlog);
        flushed.release();
        assertThat(next(ch)).isEqualTo("41 {\"type\":\"reload\",\"reason\":\"" + ReloadHub.FELL_BEHIND + "\"}");
        assertThat(next(ch)).isNull();

        hub.css("/b.css"); // and pushes flow again
        ch.runPendingTasks();
        assertThat(next(ch)).isEqualTo("41 {\"type\":\"css\",\"path\":\"/b.css\"}");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
