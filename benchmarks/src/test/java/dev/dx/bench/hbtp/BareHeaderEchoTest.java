package dev.dx.bench.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The baseline of the load comparison answers with exactly the bytes the HBTP server sends. */
class BareHeaderEchoTest {

    @Test
    void answersWithTheSameBytesAsTheHbtpServerWhateverTheSplit() {
        byte[] calls = calls(new Random(7), 5, 64);
        String hbtp = answers(calls, 1_000_000, "hbtp");
        assertThat(hbtp).hasSize(2 * 5 * (HbtpHeader.SIZE + 64));
        for (int chunk : new int[] {1, 7, 8, 9, 73, 74, 1_000_000}) {
            assertThat(answers(calls, chunk, "bare")).as("chunks of %d bytes", chunk)
                    .isEqualTo(hbtp);
        }
    }

    /** {@code count} RpcCalls to route 1, sequences 40.., each with {@code size} random argument bytes. */
    private static byte[] calls(Random random, int count, int size) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (int i = 0; i < count; i++) {
                byte[] arguments = new byte[size];
                random.nextBytes(arguments);
                HbtpHeader.write(buf, HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE, 40 + i, 2 + size);
                buf.writeShortLE(1).writeBytes(arguments);
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Feeds {@code calls} in chunks of {@code chunk} bytes to the load server's pipeline of
     * {@code mode}; returns every byte written back, as hex.
     */
    private static String answers(byte[] calls, int chunk, String mode) {
        EmbeddedChannel channel = new EmbeddedChannel();
        LoadServer.addHandlers(channel.pipeline(), mode, LoadServer.echoRoutes());
        for (int at = 0; at < calls.length; at += chunk) {
            channel.writeInbound(Unpooled.copiedBuffer(calls, at, Math.min(chunk, calls.length - at)));
        }
        channel.runPendingTasks();
        StringBuilder hex = new StringBuilder();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            hex.append(ByteBufUtil.hexDump(out));
            out.release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return hex.toString();
    }
}
