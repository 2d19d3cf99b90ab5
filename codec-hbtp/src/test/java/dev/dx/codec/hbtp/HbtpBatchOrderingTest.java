package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec §12 through an {@link HbtpRouter}: calls that arrive batched and alone are answered in order, the
 * answers to calls read together go back as one sealed Batch, and the client sees them in order.
 */
class HbtpBatchOrderingTest {

    private static final HbtpCodecConfig V1_1 = new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1)
            .encryptionRequired(true);

    /** Records the answers a client receives, in order, as "sequence=text". */
    private static final class Answers extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            HbtpFrame f = (HbtpFrame) msg;
            try {
                seen.add(f.sequence() + "=" + f.payload().toString(StandardCharsets.UTF_8));
            } finally {
                f.release();
            }
        }
    }

    private static void keys(EmbeddedChannel ch, byte[] send, byte[] receive) {
        HbtpChannelSecurity s = HbtpChannelSecurity.of(ch);
        s.installSender(new FrameCipher(send));
        s.installReceiver(new FrameCipher(receive));
    }

    private static HbtpFrame call(int sequence, String text) {
        return HbtpFrame.rpcCall(io.netty.buffer.PooledByteBufAllocator.DEFAULT, sequence, 7, HbtpTestSupport.pooled(text));
    }

    /** Moves each buffer the client wrote to the server as its own read; returns the opcodes moved. */
    private static List<Integer> pump(EmbeddedChannel from, EmbeddedChannel to) {
        List<Integer> opcodes = new ArrayList<>();
        for (Object o; (o = from.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            opcodes.add((int) b.getUnsignedByte(b.readerIndex()));
            to.writeInbound(b);
        }
        return opcodes;
    }

    @Test
    void batchedAndLoneCallsAreAnsweredInOrder() {
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(7, ex -> ex.respond(ex.arguments().retain()))
                .build();
        EmbeddedChannel server = new EmbeddedChannel(new HbtpServerCodec(V1_1), new HbtpControlHandler(),
                new HbtpRouter(routes));
        Answers answers = new Answers();
        EmbeddedChannel client = new EmbeddedChannel(new HbtpClientCodec(V1_1), answers);
        keys(server, HbtpTestSupport.KEY_B, HbtpTestSupport.KEY_A);
        keys(client, HbtpTestSupport.KEY_A, HbtpTestSupport.KEY_B);

        client.write(call(1, "one"));
        client.write(call(2, "two"));
        client.write(call(3, "three"));
        client.flush();                        // a Batch of three calls
        client.writeAndFlush(call(4, "four"));  // alone
        client.write(call(5, "five"));
        client.write(call(6, "six"));
        client.flush();                        // another Batch
        assertThat(pump(client, server)).containsExactly(0x04, 0x30, 0x04);
        // the router flushes once per read: the three answers of the first Batch share one Batch
        assertThat(pump(server, client)).containsExactly(0x04, 0x31, 0x04);
        assertThat(answers.seen).containsExactly("1=one", "2=two", "3=three", "4=four", "5=five", "6=six");
        assertThat(server.isOpen()).isTrue();
        assertFalse(server.finish());
        assertFalse(client.finish());
    }
}
