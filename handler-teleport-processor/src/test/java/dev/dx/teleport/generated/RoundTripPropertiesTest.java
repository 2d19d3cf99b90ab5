package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.TeleportWriterConfig;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.Enums_Teleport;
import dev.dx.teleport.sample.Person_Teleport;
import dev.dx.teleport.sample.Primitives_Teleport;
import dev.dx.teleport.sample.Slices_Teleport;
import dev.dx.teleport.sample.Strings_Teleport;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Round trips of random values (§1–§3): write → validate → read gives an equal value, and writing
 * the value read gives the same bytes (§3: equal values give equal bytes). With string
 * deduplication on, the bytes differ but the value survives.
 */
class RoundTripPropertiesTest {

    private static final int EXAMPLES = 300;

    @Test
    void user() {
        check(User_Teleport.TYPE, Generators.USERS);
    }

    @Test
    void primitives() {
        check(Primitives_Teleport.TYPE, Generators.PRIMITIVES);
    }

    @Test
    void enums() {
        check(Enums_Teleport.TYPE, Generators.ENUMS);
    }

    @Test
    void strings() {
        check(Strings_Teleport.TYPE, Generators.STRING_RECORDS);
    }

    @Test
    void nestedStructs() {
        check(Person_Teleport.TYPE, Generators.PEOPLE);
    }

    @Test
    void slices() {
        check(Slices_Teleport.TYPE, Generators.SLICES);
    }

    @Test
    void car() {
        check(Car_Teleport.TYPE, Generators.CARS);
    }

    @Test
    void everySection6Type() {
        check(dev.dx.teleport.sample.Everything_Teleport.TYPE, Generators.EVERYTHING);
    }

    @Test
    void everyOptionalForm() {
        check(dev.dx.teleport.sample.Optionals_Teleport.TYPE, Generators.OPTIONALS);
    }

    /** §6 values: the generated write and an encoder sharing no code with it give the same bytes. */
    @Test
    void generatedAndReflectedWritersAgreeOnSection6Values() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        qt().withExamples(EXAMPLES).forAll(Generators.EVERYTHING, Generators.OPTIONALS).checkAssert((e, o) -> {
            assertThat(encode(writer, dev.dx.teleport.sample.Everything_Teleport.TYPE, e))
                    .isEqualTo(reflected(writer, e));
            assertThat(encode(writer, dev.dx.teleport.sample.Optionals_Teleport.TYPE, o))
                    .isEqualTo(reflected(writer, o));
        });
    }

    private static byte[] reflected(TeleportWriter writer, Record value) {
        ByteBuf buf = ReflectedWriter.encode(writer, value);
        try {
            return Hex.bytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void stringEqualityWithoutDecodingAgreesWithEquals() {
        qt().withExamples(EXAMPLES).forAll(Generators.STRINGS, Generators.STRINGS).checkAssert((a, b) -> {
            ByteBuf buf = User_Teleport.encode(PooledByteBufAllocator.DEFAULT,
                    new dev.dx.teleport.sample.User(1, a, (byte) 0, false));
            TeleportMessage message = TeleportMessage.wrap(buf, User_Teleport.LAYOUT);
            try {
                User_Teleport.View view = User_Teleport.view(message);
                assertThat(view.nameEquals(a)).isTrue();
                assertThat(view.nameEquals(b)).isEqualTo(a.equals(b));
                assertThat(view.nameEquals(a + "x")).isFalse();
                assertThat(view.nameLength()).isEqualTo(view.nameBytes().readableBytes());
            } finally {
                message.release();
            }
        });
    }

    private static <T> void check(TeleportType<T> type, Gen<T> values) {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        TeleportWriter dedup = new TeleportWriter(PooledByteBufAllocator.DEFAULT,
                new TeleportWriterConfig().deduplicateStrings(true));
        qt().withExamples(EXAMPLES).forAll(values).checkAssert(value -> {
            byte[] first = encode(writer, type, value);
            T read = decode(type, first);
            assertThat(DeepEquals.equal(read, value)).as("read back %s", value).isTrue();
            assertThat(encode(writer, type, read)).isEqualTo(first);
            byte[] shared = encode(dedup, type, value);
            assertThat(shared.length).isLessThanOrEqualTo(first.length);
            assertThat(DeepEquals.equal(decode(type, shared), value)).isTrue();
        });
    }

    static <T> byte[] encode(TeleportWriter writer, TeleportType<T> type, T value) {
        type.write(writer, value);
        ByteBuf buf = writer.finish();
        try {
            return Hex.bytes(buf);
        } finally {
            buf.release();
        }
    }

    private static <T> T decode(TeleportType<T> type, byte[] bytes) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        TeleportMessage message = TeleportMessage.wrap(buf, type.layout());
        try {
            return type.read(message);
        } finally {
            message.release();
        }
    }
}
