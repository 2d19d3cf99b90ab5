package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** {@link TeleportDecoderConfig} validation and the decoder on the spec example. */
class TeleportDecoderConfigTest {

    @Test
    void validatesSettings() {
        assertThatThrownBy(() -> new TeleportDecoderConfig().maxMessageSize(23))
                .hasMessage("maxMessageSize : 23 (expected: 24-2147483647)");
        assertThatThrownBy(() -> new TeleportDecoder(new TeleportDecoderConfig()))
                .hasMessage("config.accepted : [] (expected: at least one layout)");
        TeleportDecoderConfig config = new TeleportDecoderConfig().accept(TestBytes.USER)
                .accept(TeleportLayout.of(TestBytes.USER.canonical(), 24, 8));
        assertThat(config.accepted()).containsExactly(TestBytes.USER);
        assertThat(config.maxMessageSize()).isEqualTo(TeleportDecoderConfig.DEFAULT_MAX_MESSAGE_SIZE);
    }

    @Test
    void decodesTheSpecExample() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(TestBytes.USER));
        ch.writeInbound(Unpooled.wrappedBuffer(TestBytes.vector("user.hex")));
        TeleportMessage message = ch.readInbound();
        try {
            assertThat(message.content().getLongLE(24)).isEqualTo(42);
            assertThat(new TeleportMessageFlyweight().wrap(message).string(32)).isEqualTo("Ada");
        } finally {
            message.release();
        }
        assertFalse(ch.finish());
    }
}
