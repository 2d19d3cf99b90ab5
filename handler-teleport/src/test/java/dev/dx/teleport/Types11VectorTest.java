package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The golden vector for Teleport/1.1 §6 ({@code vectors/every-type.hex}): the same bytes from the
 * spec-only {@link SpecEncoder} and from {@link TeleportWriter} at {@link TeleportStruct}'s
 * offsets, and read back by {@link TeleportStructView}.
 */
class Types11VectorTest {

    private static final byte[] VECTOR = TestBytes.vector("every-type.hex");

    @Test
    void theVectorIsWhatAnEncoderWrittenFromTheSpecAloneWrites() {
        assertThat(SpecEncoder.everyType()).isEqualTo(VECTOR);
    }

    @Test
    void teleportStructLaysOutEverySection6TypeAsTheSpecDoes() {
        // §6: sizes, alignments and canonical names; optional<T>: presence at 0, value at align(T)
        TeleportLayout layout = Everything.STRUCT.layout();
        assertThat(layout.canonical()).isEqualTo(SpecEncoder.EVERY_TYPE);
        assertThat(layout.fingerprint()).isEqualTo(SpecEncoder.fnv1a(SpecEncoder.EVERY_TYPE))
                .isEqualTo(0x21b400f34138aa2dL);
    }

    @Test
    void teleportWriterWritesTheVector() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        Everything.golden().write(writer);
        ByteBuf out = writer.finish();
        try {
            assertThat(TestBytes.bytes(out)).isEqualTo(VECTOR);
        } finally {
            out.release();
        }
        // and again in a writer that deduplicates strings: no two strings here are equal
        TeleportWriter dedup = new TeleportWriter(PooledByteBufAllocator.DEFAULT,
                new TeleportWriterConfig().deduplicateStrings(true));
        Everything.golden().write(dedup);
        ByteBuf again = dedup.finish();
        try {
            assertThat(TestBytes.bytes(again)).isEqualTo(VECTOR);
        } finally {
            again.release();
        }
    }

    @Test
    void teleportStructViewReadsTheVector() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(VECTOR.length).writeBytes(VECTOR);
        TeleportMessage message = TeleportMessage.wrap(buf, Everything.STRUCT.layout());
        try {
            TeleportStructView view = new TeleportStructView(Everything.STRUCT).wrap(message);
            assertThat(Everything.read(view)).usingRecursiveComparison()
                    .isEqualTo(Everything.golden().asRead());
            assertThat(view.timestampMicros("at")).isEqualTo(1709210096789012L);
            assertThat(view.epochDay("day")).isEqualTo(19782);
            assertThat(view.uuidHigh("id")).isEqualTo(0x123e4567e89b12d3L);
            assertThat(view.uuidLow("id")).isEqualTo(0xa456426614174000L);
            assertThat(view.decimalText("maybePrice")).isEqualTo("1000");
            assertThat(view.integerOr("maybeInt", 99)).isEqualTo(-7);
            assertThat(view.boolOr("maybeFlag", false)).isTrue();
            assertThat(view.timestampMicros("stamps", 0)).isEqualTo(-1);
            assertThat(view.epochDay("days", 1)).isEqualTo(-1);
            ByteBuf blob = view.bytesSlice("blob");
            assertThat(TestBytes.bytes(blob)).containsExactly(0x00, 0xff, 0x10);
            assertThat(TestBytes.bytes(view.bytesSlice("blobs", 2))).containsExactly(0xde, 0xad);
            assertThat(view).hasToString("Everything{blob=0x00ff10, at=2024-02-29T12:34:56.789012Z,"
                    + " day=2024-02-29, id=123e4567-e89b-12d3-a456-426614174000, price=-1234.50, maybeInt=-7,"
                    + " maybeName=null, maybeId=00112233-4455-6677-8899-aabbccddeeff, maybeFlag=true,"
                    + " maybeAt=null, maybePrice=1000, maybeBlob=0x, maybeDay=null, blobs=[0x01, 0x, 0xdead],"
                    + " stamps=[1969-12-31T23:59:59.999999Z, 1970-01-01T00:00:00Z, 1970-01-01T00:00:01.000001Z],"
                    + " days=[1970-01-01, 1969-12-31], ids=[f81d4fae-7dec-11d0-a765-00a0c91e6bf6],"
                    + " prices=[0.001, 0, 3.14159]}");
        } finally {
            message.release();
        }
    }
}
