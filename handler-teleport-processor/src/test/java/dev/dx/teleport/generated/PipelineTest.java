package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.teleport.TeleportCheck;
import dev.dx.teleport.TeleportDecoder;
import dev.dx.teleport.TeleportDecoderConfig;
import dev.dx.teleport.TeleportEncoder;
import dev.dx.teleport.TeleportFormatException;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.User;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TeleportEncoder} and {@link TeleportDecoder} with generated types, end to end. */
class PipelineTest {

    private static final byte[] USER = Hex.resource("user.hex");
    private static final byte[] CAR = Hex.resource("car.hex");

    @Test
    void encoderWritesOneMessagePerRecord() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportEncoder<>(User_Teleport.TYPE));
        assertThat(ch.writeOutbound(Samples.USER, "not a user")).isTrue();
        ByteBuf out = ch.readOutbound();
        try {
            assertThat(Hex.bytes(out)).isEqualTo(USER);
        } finally {
            out.release();
        }
        assertThat((Object) ch.readOutbound()).isEqualTo("not a user");
        assertFalse(ch.finish());
    }

    @Test
    void decoderFramesFromAByteStream() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(new TeleportDecoderConfig()
                .accept(User_Teleport.LAYOUT).accept(Car_Teleport.LAYOUT)));
        byte[] stream = new byte[USER.length + CAR.length + USER.length];
        System.arraycopy(USER, 0, stream, 0, USER.length);
        System.arraycopy(CAR, 0, stream, USER.length, CAR.length);
        System.arraycopy(USER, 0, stream, USER.length + CAR.length, USER.length);
        // one byte at a time: every header and body boundary is crossed
        for (byte b : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        TeleportMessage first = ch.readInbound();
        TeleportMessage second = ch.readInbound();
        TeleportMessage third = ch.readInbound();
        try {
            assertThat(User_Teleport.read(first)).isEqualTo(Samples.USER);
            assertThat(second.layout()).isEqualTo(Car_Teleport.LAYOUT);
            assertThat(DeepEquals.equal(Car_Teleport.read(second), Samples.CAR)).isTrue();
            assertThat(User_Teleport.view(third).nameEquals("Ada")).isTrue();
            assertThat(User_Teleport.view(third).nameEquals(Unpooled.wrappedBuffer(new byte[] {'A', 'd', 'a'})))
                    .isTrue();
            assertThat(User_Teleport.view(third).nameEquals(Unpooled.wrappedBuffer(new byte[] {'A', 'd'})))
                    .isFalse();
            assertThat(User_Teleport.view(third).nameEquals(new byte[] {'A', 'd', 'a'})).isTrue();
            assertThat(User_Teleport.view(third).nameEquals(new byte[] {'A', 'd', 'b'})).isFalse();
            assertThat(User_Teleport.view(third).nameEquals(new byte[] {'A', 'd', 'a', 'm'})).isFalse();
        } finally {
            first.release();
            second.release();
            third.release();
        }
        assertThat((Object) ch.readInbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void decodedMessageIsARetainedSliceOfTheInboundBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(User_Teleport.LAYOUT));
        ByteBuf inbound = Unpooled.directBuffer(2 * USER.length).writeBytes(USER).writeBytes(USER);
        ch.writeInbound(inbound);
        TeleportMessage a = ch.readInbound();
        TeleportMessage b = ch.readInbound();
        try {
            assertThat(root(a.content())).isSameAs(root(inbound));
            assertThat(root(b.content())).isSameAs(root(inbound));
            // no copy: a change to the inbound memory shows through the view
            inbound.setLong(24, 0);
            assertThat(User_Teleport.view(a).id()).isZero();
            assertThat(User_Teleport.view(b).id()).isEqualTo(42);
        } finally {
            a.release();
            b.release();
        }
        assertThat(inbound.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void handlerReadsOneFieldWithoutDecodingTheMessage() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(Car_Teleport.LAYOUT),
                new SimpleChannelInboundHandler<TeleportMessage>() { // releases each message
                    private final Car_Teleport.View car = new Car_Teleport.View();

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, TeleportMessage msg) {
                        car.wrap(msg);
                        seen.add(car.serial() + " " + car.wheels(1).brandEquals("Pirelli"));
                    }
                });
        ch.writeInbound(Unpooled.wrappedBuffer(CAR));
        assertThat(seen).containsExactly("123456789 true");
        assertFalse(ch.finish());
    }

    @Test
    void encoderAndDecoderRoundTrip() {
        EmbeddedChannel out = new EmbeddedChannel(new TeleportEncoder<>(Car_Teleport.TYPE));
        EmbeddedChannel in = new EmbeddedChannel(new TeleportDecoder(Car_Teleport.LAYOUT));
        out.writeOutbound(Samples.CAR);
        in.writeInbound((Object) out.readOutbound());
        TeleportMessage message = in.readInbound();
        try {
            Car car = Car_Teleport.read(message);
            assertThat(DeepEquals.equal(car, Samples.CAR)).isTrue();
        } finally {
            message.release();
        }
        assertFalse(out.finish());
        assertFalse(in.finish());
    }

    @Test
    void oversizedMessageIsRefusedFromItsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(new TeleportDecoderConfig()
                .accept(Car_Teleport.LAYOUT).maxMessageSize(200)));
        // only the 24-byte header of the 251-byte Car message arrives
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(CAR, 0, 24)))
                .isInstanceOf(TeleportFormatException.class)
                .satisfies(e -> assertThat(((TeleportFormatException) e).check())
                        .isEqualTo(TeleportCheck.MESSAGE_SIZE));
        // after a failure the stream is discarded
        ch.writeInbound(Unpooled.wrappedBuffer(USER));
        assertThat((Object) ch.readInbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void foreignTypeIsRefusedFromItsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(User_Teleport.LAYOUT));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(CAR, 0, 30)))
                .isInstanceOf(TeleportFormatException.class)
                .hasMessageStartingWith("FINGERPRINT: ");
        assertFalse(ch.finish());
    }

    @Test
    void messageBeforeABadHeaderIsPassedOnAndTheRestReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(User_Teleport.LAYOUT));
        byte[] bad = USER.clone();
        bad[4] = 2; // version 2
        ByteBuf inbound = Unpooled.directBuffer().writeBytes(USER).writeBytes(bad).writeBytes(USER);
        assertThatThrownBy(() -> ch.writeInbound(inbound))
                .isInstanceOf(TeleportFormatException.class).hasMessageStartingWith("VERSION: ");
        TeleportMessage first = ch.readInbound();
        try {
            assertThat(User_Teleport.read(first)).isEqualTo(Samples.USER);
        } finally {
            first.release();
        }
        assertThat((Object) ch.readInbound()).isNull(); // nothing after the failure
        assertThat(inbound.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void partialMessageIsHeldUntilComplete() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportDecoder(User_Teleport.LAYOUT));
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(USER, 0, 50))).isFalse();
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(USER, 50, 1))).isTrue();
        TeleportMessage message = ch.readInbound();
        try {
            assertThat(User_Teleport.read(message)).isEqualTo(new User(42, "Ada", (byte) 36, true));
        } finally {
            message.release();
        }
        assertFalse(ch.finish());
    }

    private static ByteBuf root(ByteBuf buf) {
        ByteBuf root = buf;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }
}
