package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The flyweight's checked reads of the §6 values, which generated views call, over the
 * {@code every-type.hex} golden vector at absolute indexes (data section at 24): the values the
 * vector's comments give, and a named error for a bad presence byte, bad decimal text and a
 * reference past S.
 */
class TeleportMessageFlyweightSection6Test {

    private static final byte[] VECTOR = TestBytes.vector("every-type.hex");
    private static final int DATA = TeleportRuntime.HEADER_SIZE;

    @Test
    void readsEverySection6Value() {
        withFlyweight(VECTOR, m -> {
            assertThat(m.bytes(DATA)).containsExactly(0x00, 0xff, 0x10);
            assertThat(m.timestamp(DATA + 8)).isEqualTo(Instant.parse("2024-02-29T12:34:56.789012Z"));
            assertThat(m.date(DATA + 16)).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(m.uuid(DATA + 24)).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
            assertThat(m.uuidHigh(DATA + 24)).isEqualTo(0x123e4567e89b12d3L);
            assertThat(m.uuidLow(DATA + 24)).isEqualTo(0xa456426614174000L);
            assertThat(m.decimal(DATA + 40)).isEqualTo(new BigDecimal("-1234.50"));
            assertThat(m.present(DATA + 48)).isTrue();
            assertThat(m.present(DATA + 56)).isFalse();
            assertThat(m.bytes(DATA + 136)).isEmpty(); // maybeBlob's value, (0, 0)
            assertThat(m.timestamp(DATA + 216)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        });
    }

    @Test
    void badValuesAreNamedErrors() {
        byte[] bytes = VECTOR.clone();
        bytes[DATA + 48] = 2; // maybeInt's presence
        bytes[DATA + 288 + 3] = '+'; // price's text, "+1234.50"
        bytes[DATA + 4] = 32; // blob = (0, 32), S = 31
        withFlyweight(bytes, m -> {
            assertThatThrownBy(() -> m.present(DATA + 48)).isInstanceOf(TeleportFormatException.class)
                    .hasMessage("PRESENCE_VALUE: presence byte 2 (expected: 0 or 1)");
            assertThatThrownBy(() -> m.decimal(DATA + 40)).isInstanceOf(TeleportFormatException.class)
                    .hasMessageStartingWith("DECIMAL_TEXT: decimal at index 64: decimal text byte 0x2b at 0 of 8");
            assertThatThrownBy(() -> m.bytes(DATA)).isInstanceOf(TeleportFormatException.class)
                    .hasMessageStartingWith("STRING_BOUNDS: ");
        });
    }

    private static void withFlyweight(byte[] bytes, Consumer<TeleportMessageFlyweight> body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        try {
            body.accept(new TeleportMessageFlyweight().wrap(buf, Everything.STRUCT.layout()));
        } finally {
            buf.release();
        }
    }
}
