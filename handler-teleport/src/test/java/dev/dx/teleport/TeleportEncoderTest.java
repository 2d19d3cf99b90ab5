package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** {@link TeleportEncoder} with a hand-written type standing in for generated code. */
class TeleportEncoderTest {

    /** §5's User. */
    record User(long id, String name, byte age, boolean active) {
    }

    static final TeleportType<User> USER_TYPE = new TeleportType<>() {
        @Override
        public Class<User> javaType() {
            return User.class;
        }

        @Override
        public TeleportLayout layout() {
            return TestBytes.USER;
        }

        @Override
        public void write(TeleportWriter writer, User value) {
            TestBytes.writeUser(writer, value.id(), value.name(), value.age(), value.active());
        }

        @Override
        public User read(TeleportMessage message) {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(message);
            return new User(m.i64(24), m.string(32), m.i8(40), m.bool(41));
        }
    };

    @Test
    void encodesRecordsAndPassesOtherMessagesOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportEncoder<>(USER_TYPE));
        assertThat(ch.writeOutbound(new User(42, "Ada", (byte) 36, true), 17)).isTrue();
        ByteBuf out = ch.readOutbound();
        try {
            assertThat(TestBytes.bytes(out)).isEqualTo(TestBytes.vector("user.hex"));
        } finally {
            out.release();
        }
        assertThat((Object) ch.readOutbound()).isEqualTo(17);
        assertFalse(ch.finish());
    }

    @Test
    void encoderAndDecoderRoundTrip() {
        EmbeddedChannel out = new EmbeddedChannel(new TeleportEncoder<>(USER_TYPE,
                new TeleportWriterConfig().deduplicateStrings(true)));
        EmbeddedChannel in = new EmbeddedChannel(new TeleportDecoder(TestBytes.USER));
        User user = new User(-1, "Grüße", (byte) -7, false);
        out.writeOutbound(user);
        in.writeInbound((Object) out.readOutbound());
        TeleportMessage message = in.readInbound();
        try {
            assertThat(USER_TYPE.read(message)).isEqualTo(user);
        } finally {
            message.release();
        }
        assertFalse(out.finish());
        assertFalse(in.finish());
    }

    @Test
    void failedWriteReleasesTheMessageInProgress() {
        TeleportWriter[] used = new TeleportWriter[1];
        TeleportType<User> failing = new TeleportType<>() {
            @Override
            public Class<User> javaType() {
                return User.class;
            }

            @Override
            public TeleportLayout layout() {
                return TestBytes.USER;
            }

            @Override
            public void write(TeleportWriter writer, User value) {
                used[0] = writer;
                int at = writer.begin(TestBytes.USER);
                writer.putString(at + 8, value.name()); // the string table is allocated too
                throw new IllegalStateException("boom"); // and no abort(), unlike generated code
            }

            @Override
            public User read(TeleportMessage message) {
                throw new UnsupportedOperationException();
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new TeleportEncoder<>(failing));
        assertThatThrownBy(() -> ch.writeOutbound(new User(1, "x", (byte) 2, true)))
                .hasRootCauseMessage("boom");
        assertThat(used[0].inProgress()).as("message buffer released").isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void encoderIsSharable() {
        assertThat(new TeleportEncoder<>(USER_TYPE).isSharable()).isTrue();
        assertThat(new TeleportDecoder(TestBytes.USER).isSharable()).isFalse();
        assertThatThrownBy(() -> new TeleportEncoder<>(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("type");
    }

    @Test
    void oneEncoderReusesItsWriterAcrossMessagesAndChannels() {
        TeleportEncoder<User> encoder = new TeleportEncoder<>(USER_TYPE);
        EmbeddedChannel first = new EmbeddedChannel(encoder);
        EmbeddedChannel second = new EmbeddedChannel(encoder);
        User[] users = {new User(7, "x".repeat(300), (byte) -1, true), new User(42, "Ada", (byte) 36, true),
            new User(8, "", (byte) 0, false)};
        for (User user : users) {
            for (EmbeddedChannel ch : new EmbeddedChannel[] {first, second}) {
                ch.writeOutbound(user);
                ByteBuf out = ch.readOutbound();
                try {
                    if (user.id() == 42) {
                        assertThat(TestBytes.bytes(out)).isEqualTo(TestBytes.vector("user.hex"));
                    }
                    TeleportMessage message = TeleportMessage.wrap(out.retain(), TestBytes.USER);
                    try {
                        assertThat(USER_TYPE.read(message)).isEqualTo(user);
                    } finally {
                        message.release();
                    }
                } finally {
                    out.release();
                }
            }
        }
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    @Test
    void aTypeThatWritesAnotherMessageWhileWritingGetsASecondWriter() {
        EmbeddedChannel[] channel = new EmbeddedChannel[1];
        TeleportType<User> reentrant = new TeleportType<>() {
            @Override
            public Class<User> javaType() {
                return User.class;
            }

            @Override
            public TeleportLayout layout() {
                return TestBytes.USER;
            }

            @Override
            public void write(TeleportWriter writer, User value) {
                int at = writer.begin(TestBytes.USER);
                writer.putLong(at, value.id());
                writer.putString(at + 8, value.name());
                if (value.id() == 1) {
                    // re-enters the encoder on this thread while this message is in progress
                    channel[0].write(new User(2, "inner", (byte) 2, false));
                }
                writer.putByte(at + 16, value.age());
                writer.putBoolean(at + 17, value.active());
            }

            @Override
            public User read(TeleportMessage message) {
                return USER_TYPE.read(message);
            }
        };
        EmbeddedChannel ch = channel[0] = new EmbeddedChannel(new TeleportEncoder<>(reentrant));
        ch.writeOutbound(new User(1, "outer", (byte) 1, true));
        for (long id : new long[] {2, 1}) {
            ByteBuf out = ch.readOutbound();
            TeleportMessage message = TeleportMessage.wrap(out, TestBytes.USER);
            try {
                assertThat(USER_TYPE.read(message).id()).isEqualTo(id);
                assertThat(USER_TYPE.read(message).name()).isEqualTo(id == 1 ? "outer" : "inner");
            } finally {
                message.release();
            }
        }
        assertFalse(ch.finish());
    }
}
