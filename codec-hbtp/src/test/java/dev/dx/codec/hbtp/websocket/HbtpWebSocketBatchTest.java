package dev.dx.codec.hbtp.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.codec.hbtp.HbtpCodecConfig;
import dev.dx.codec.hbtp.HbtpEncoder;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.HbtpVersion;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §12 and §11.1 over WebSocket: the encoder learns the peer's version per channel from the negotiated
 * subprotocol, so frames flushed together on an encrypted connection form one sealed Batch exactly when
 * the peer chose {@code hbtp.v1.1}, whatever the (shared) codec configuration says.
 */
class HbtpWebSocketBatchTest {

    /** A server-side WebSocket channel with session keys, upgraded with {@code subprotocol}. */
    private static EmbeddedChannel upgraded(HbtpVersion configured, String subprotocol) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpWebSocketFrameCodec(),
                new HbtpServerCodec(new HbtpCodecConfig().peerVersion(configured)));
        HbtpChannelSecurity.of(ch).installSender(new FrameCipher(new byte[32]));
        ch.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/hbtp", EmptyHttpHeaders.INSTANCE, subprotocol));
        return ch;
    }

    private static HbtpFrame pong(int sequence) {
        return HbtpFrame.newInstance(HbtpOpcode.PONG, 0, sequence,
                PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte('a' + sequence));
    }

    /** Opcode and flags of each binary message written, the messages released. */
    private static List<String> messages(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            BinaryWebSocketFrame m = (BinaryWebSocketFrame) o;
            out.add(m.content().getUnsignedByte(0) + "/" + m.content().getUnsignedByte(1));
            m.release();
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "V1,   hbtp.v1.1, V1_1",  // the default config: the subprotocol turns Batches on for this channel
        "V1_1, hbtp.v1.1, V1_1",
        "V1_1, hbtp.v1,   V1",    // configured for 1.1, but this peer chose HBTP/1: no Batch may reach it
        "V1,   hbtp.v1,   V1",
    })
    void theNegotiatedSubprotocolDecidesWhetherFramesGoOutAsOneSealedBatch(HbtpVersion configured,
            String subprotocol, HbtpVersion expected) {
        EmbeddedChannel ch = upgraded(configured, subprotocol);
        assertThat(HbtpEncoder.of(ch).peerVersion()).isEqualTo(expected);
        assertThat(HbtpWebSocket.negotiatedSubprotocol(ch)).isEqualTo(subprotocol);

        ch.write(pong(1));
        ch.write(pong(2));
        ch.write(pong(3));
        ch.flush();

        String sealedBatch = HbtpOpcode.BATCH.code() + "/" + HbtpFlags.ENCRYPTED;
        String sealedPong = HbtpOpcode.PONG.code() + "/" + HbtpFlags.ENCRYPTED;
        if (expected == HbtpVersion.V1_1) {
            assertThat(messages(ch)).as("one WebSocket message: one sealed Batch").containsExactly(sealedBatch);
        } else {
            assertThat(messages(ch)).containsExactly(sealedPong, sealedPong, sealedPong);
        }
        assertThat(HbtpChannelSecurity.of(ch).sender().counter()).isEqualTo(expected == HbtpVersion.V1_1 ? 1 : 3);
        assertFalse(ch.finish());
    }
}
