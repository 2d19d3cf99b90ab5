package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.Counts_Teleport;
import dev.dx.teleport.sample.Empty;
import dev.dx.teleport.sample.Empty_Teleport;
import dev.dx.teleport.sample.Enums_Teleport;
import dev.dx.teleport.sample.Outer_Inner_Teleport;
import dev.dx.teleport.sample.Person_Teleport;
import dev.dx.teleport.sample.Primitives_Teleport;
import dev.dx.teleport.sample.Slices_Teleport;
import dev.dx.teleport.sample.Strings_Teleport;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors (§1–§3): each sample encodes to the bytes in dx-testing's golden folder ({@code teleport/}),
 * and those bytes decode to an equal value. {@code -Dteleport.vectors.write=true} writes missing
 * files (then review them by hand against the specification before committing). The same bytes
 * come out of a writer whose scratch arrays hold a previous message of all-ones bytes: generated
 * code writes every byte of its structs (padding included) without the writer zeroing them.
 */
class GoldenVectorTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("user.hex", User_Teleport.TYPE, Samples.USER),
                Arguments.of("primitives.hex", Primitives_Teleport.TYPE, Samples.PRIMITIVES),
                Arguments.of("primitives-extremes.hex", Primitives_Teleport.TYPE, Samples.EXTREMES),
                Arguments.of("enums.hex", Enums_Teleport.TYPE, Samples.ENUMS),
                Arguments.of("strings.hex", Strings_Teleport.TYPE, Samples.STRINGS),
                Arguments.of("nested.hex", Person_Teleport.TYPE, Samples.PERSON),
                Arguments.of("slices.hex", Slices_Teleport.TYPE, Samples.SLICES),
                Arguments.of("slices-empty.hex", Slices_Teleport.TYPE, Samples.EMPTY_SLICES),
                Arguments.of("car.hex", Car_Teleport.TYPE, Samples.CAR),
                Arguments.of("member-record.hex", Outer_Inner_Teleport.TYPE, Samples.INNER),
                Arguments.of("empty.hex", Empty_Teleport.TYPE, new Empty()),
                Arguments.of("counts.hex", Counts_Teleport.TYPE, Samples.COUNTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    <T> void encodesToGoldenBytesAndBack(String file, TeleportType<T> type, T value)
            throws IOException {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        type.write(writer, value);
        ByteBuf encoded = writer.finish();
        byte[] actual;
        try {
            actual = Hex.bytes(encoded);
        } finally {
            encoded.release();
        }
        byte[] golden = Hex.resource(file);
        if (golden == null && Boolean.getBoolean("teleport.vectors.write")) {
            // a new vector: written into dx-testing's folder; add its digest to SHA256SUMS (sha256sum)
            Path path = Path.of("../testing/src/main/resources/dev/dx/golden/teleport", file);
            Files.writeString(path, "# " + value + "\n" + Hex.format(actual), StandardCharsets.UTF_8);
            golden = actual;
        }
        assertThat(golden).as("golden vector %s", file).isNotNull();
        assertThat(actual).as(Hex.format(actual)).isEqualTo(golden);

        // pooled direct, so the leak detector would catch a read that keeps the message
        TeleportMessage message = TeleportMessage.wrap(
                PooledByteBufAllocator.DEFAULT.directBuffer(golden.length).writeBytes(golden), type.layout());
        try {
            assertThat(DeepEquals.equal(type.read(message), value)).isTrue();
        } finally {
            message.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    <T> void encodesToGoldenBytesOnADirtyWriter(String file, TeleportType<T> type, T value) {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            for (int round = 0; round < 2; round++) {
                dirty(writer);
                out.clear();
                type.write(writer.into(out), value);
                assertThat(writer.finish()).isSameAs(out);
                assertThat(Hex.bytes(out)).as(file).isEqualTo(Hex.resource(file));
            }
        } finally {
            out.release();
        }
    }

    /** Fills the writer's scratch arrays with a message of 8 KiB of 0xff and a long string. */
    private static void dirty(TeleportWriter writer) {
        int size = 8192;
        TeleportLayout poison = TeleportLayout.of("struct Poison{}#" + size + ":8", size, 8);
        int at = writer.begin(poison);
        for (int i = 8; i < size; i += 8) {
            writer.putLong(at + i, -1L);
        }
        writer.putString(at, "\u00ff".repeat(4096));
        writer.finish().release();
    }
}
