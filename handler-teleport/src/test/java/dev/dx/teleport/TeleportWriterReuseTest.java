package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** {@link TeleportWriter#into(ByteBuf)}: writing into a buffer the caller owns and reuses. */
class TeleportWriterReuseTest {

    private final TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);

    @Test
    void writesTheSpecExampleIntoTheCallersBufferOverAndOver() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(16); // grows as needed
        try {
            for (int round = 0; round < 3; round++) {
                out.clear();
                // garbage where the message goes: padding must still come out zero
                out.setBytes(0, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, 0, Math.min(8, out.capacity()));
                writer.into(out);
                TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
                assertThat(writer.finish()).isSameAs(out);
                assertThat(out.refCnt()).isEqualTo(1);
                assertThat(TestBytes.bytes(out)).isEqualTo(TestBytes.vector("user.hex"));
            }
        } finally {
            out.release();
        }
    }

    @Test
    void dirtyBufferStillGivesZeroPadding() {
        ByteBuf out = Unpooled.buffer(256);
        try {
            out.setBytes(0, filled(256, (byte) 0x5a));
            writer.into(out);
            TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
            writer.finish();
            assertThat(TestBytes.bytes(out)).isEqualTo(TestBytes.vector("user.hex"));
        } finally {
            out.release();
        }
    }

    @Test
    void appendsAtTheWriterIndexAndTheMessageValidatesThere() {
        ByteBuf out = Unpooled.buffer(256);
        try {
            out.writeBytes(new byte[] {1, 2, 3});
            writer.into(out);
            TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
            writer.finish();
            assertThat(out.readableBytes()).isEqualTo(3 + 51);
            out.skipBytes(3);
            assertThat(TestBytes.bytes(out)).isEqualTo(TestBytes.vector("user.hex"));
            TeleportMessage message = TeleportMessage.wrap(out.retain(), TestBytes.USER);
            try {
                assertThat(message.length()).isEqualTo(51);
                assertThat(new TeleportMessageFlyweight().wrap(message).string(24 + 8)).isEqualTo("Ada");
            } finally {
                message.release();
            }
        } finally {
            out.release();
        }
    }

    @Test
    void intoAppliesToOneMessageOnly() {
        ByteBuf out = Unpooled.buffer(256);
        try {
            writer.into(out);
            TestBytes.writeUser(writer, 1, "a", (byte) 1, false);
            assertThat(writer.finish()).isSameAs(out);
            TestBytes.writeUser(writer, 2, "b", (byte) 2, true);
            ByteBuf fresh = writer.finish();
            try {
                assertThat(fresh).isNotSameAs(out);
                assertThat(fresh.readableBytes()).isEqualTo(49);
            } finally {
                fresh.release();
            }
        } finally {
            out.release();
        }
    }

    @Test
    void abortMovesTheWriterIndexBackAndKeepsTheBuffer() {
        ByteBuf out = Unpooled.buffer(256);
        try {
            out.writeByte(7);
            writer.into(out);
            int at = writer.begin(TestBytes.USER);
            writer.putString(at + 8, "dropped");
            writer.abort();
            assertThat(out.refCnt()).isEqualTo(1);
            assertThat(out.writerIndex()).isEqualTo(1);
            // the string table was reset with the message
            TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
            ByteBuf next = writer.finish();
            try {
                assertThat(TestBytes.bytes(next)).isEqualTo(TestBytes.vector("user.hex"));
            } finally {
                next.release();
            }
        } finally {
            out.release();
        }
    }

    @Test
    void longAndNonAsciiStringsGrowTheScratchTable() {
        TeleportLayout pair = TeleportLayout.of("struct Pair{a:string@0,b:string@8}#16:4", 16, 4);
        String longAscii = "x".repeat(1000);
        String mixed = "abc\u00e9\u4e2d\ud83d\ude00" + "y".repeat(200);
        for (int round = 0; round < 2; round++) {
            int at = writer.begin(pair);
            writer.putString(at, longAscii);
            writer.putString(at + 8, mixed);
            ByteBuf buf = writer.finish();
            try {
                int s = buf.getIntLE(20);
                assertThat(s).isEqualTo(1000 + mixed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(buf, pair);
                assertThat(m.string(24)).isEqualTo(longAscii);
                assertThat(m.string(32)).isEqualTo(mixed);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void intoIsRefusedWhileAMessageIsInProgress() {
        ByteBuf out = Unpooled.buffer(64);
        try {
            writer.begin(TestBytes.USER);
            assertThatThrownBy(() -> writer.into(out)).isInstanceOf(IllegalStateException.class);
            writer.abort();
        } finally {
            out.release();
        }
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, value);
        return b;
    }
}
