package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random values of every Teleport/1.1 §6 type, optionals present and absent and slices of the
 * five a slice may hold, written by {@link TeleportWriter} at {@link TeleportStruct} offsets and read
 * back by {@link TeleportStructView}: what comes back is the value, with timestamps floored to
 * microseconds and decimals as their plain text.
 */
class Types11RoundTripTest {

    /** Within ±2^63 µs of the epoch, any nanosecond. */
    private static final Gen<Instant> INSTANTS = longs().between(-9_223_372_036_853L, 9_223_372_036_853L)
            .zip(integers().between(0, 999_999_999), Instant::ofEpochSecond);
    private static final Gen<LocalDate> DATES = integers().all().map(day -> LocalDate.ofEpochDay(day));
    private static final Gen<UUID> UUIDS = longs().all().zip(longs().all(), UUID::new);
    private static final Gen<BigDecimal> DECIMALS = longs().all().zip(integers().between(-40, 40),
            (unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled), scale));
    private static final Gen<byte[]> BYTES = lists().of(integers().between(-128, 127)).ofSizeBetween(0, 12)
            .map(list -> {
                byte[] bytes = new byte[list.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = list.get(i).byteValue();
                }
                return bytes;
            });
    /** Strings without lone surrogates (which the writer stores as '?'). */
    private static final Gen<String> STRINGS = strings().betweenCodePoints(0x20, 0xd7ff).ofLengthBetween(0, 8);

    private static final Gen<Everything> VALUES = in -> new Everything(
            BYTES.generate(in), INSTANTS.generate(in), DATES.generate(in), UUIDS.generate(in), DECIMALS.generate(in),
            orNull(integers().all()).generate(in), orNull(STRINGS).generate(in), orNull(UUIDS).generate(in),
            orNull(booleans().all()).generate(in), orNull(INSTANTS).generate(in), orNull(DECIMALS).generate(in),
            orNull(BYTES).generate(in), orNull(DATES).generate(in),
            lists().of(BYTES).ofSizeBetween(0, 4).generate(in), lists().of(INSTANTS).ofSizeBetween(0, 4).generate(in),
            lists().of(DATES).ofSizeBetween(0, 4).generate(in), lists().of(UUIDS).ofSizeBetween(0, 4).generate(in),
            lists().of(DECIMALS).ofSizeBetween(0, 4).generate(in));

    private static <T> Gen<T> orNull(Gen<T> values) {
        return values.toOptionals(30).map(optional -> optional.orElse(null));
    }

    @Test
    void everySection6TypeRoundTripsThroughTheWriterAndTheStructView() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        TeleportStructView view = new TeleportStructView(Everything.STRUCT);
        qt().withExamples(200).forAll(VALUES).checkAssert(value -> {
            value.write(writer);
            TeleportMessage message = TeleportMessage.wrap(writer.finish(), Everything.STRUCT.layout());
            try {
                view.wrap(message);
                assertThat(Everything.read(view)).usingRecursiveComparison().isEqualTo(value.asRead());
                assertThat(view.toString()).doesNotContain("unreadable");
            } finally {
                message.release();
            }
        });
    }
}
