package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.TeleportWriterConfig;
import dev.dx.teleport.sample.Address;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.Slices;
import dev.dx.teleport.sample.Slices_Teleport;
import dev.dx.teleport.sample.Wheel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generated {@code write} on values that fail half-way (the message in progress is released and
 * the writer stays usable) and on values far larger than the writer's first buffer.
 */
class WriterEdgeCasesTest {

    @Test
    void failedWriteAbortsAndTheWriterStaysUsable() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        // The null wheel is met after model's string and the wheels block were appended.
        Car broken = new Car(1, (short) 2, true, Samples.CAR.color(), 'x', 1f, "Model T",
                Arrays.asList(new Wheel((byte) 0, 1, "a"), null), new int[] {1}, Samples.CAR.spare(),
                new Wheel[0], List.of(), Samples.CAR.trim());
        assertThatThrownBy(() -> Car_Teleport.write(writer, broken))
                .isInstanceOf(NullPointerException.class).hasMessage("Car.wheels[]");
        assertThat(writer.inProgress()).isFalse(); // released: the leak detector checks the buffers
        Car nullString = new Car(1, (short) 2, true, Samples.CAR.color(), 'x', 1f, null, List.of(),
                new int[0], Samples.CAR.spare(), new Wheel[0], List.of(), Samples.CAR.trim());
        assertThatThrownBy(() -> Car_Teleport.write(writer, nullString)).hasMessage("Car.model");
        assertThat(writer.inProgress()).isFalse();
        // the same writer then writes the golden bytes
        assertThat(RoundTripPropertiesTest.encode(writer, Car_Teleport.TYPE, Samples.CAR))
                .isEqualTo(Hex.resource("car.hex"));
    }

    /** Lists are written by index when they are RandomAccess, by iterator otherwise: same bytes. */
    @Test
    void listsWithoutRandomAccessGiveTheSameBytes() {
        Slices s = Samples.SLICES;
        Slices linked = new Slices(s.tag(), s.flags(), s.bytes(), s.shorts(), s.chars(), s.ints(),
                s.longs(), s.floats(), s.doubles(), new java.util.LinkedList<>(s.boxed()),
                new java.util.LinkedList<>(s.addresses()));
        assertThat(linked.boxed()).isNotInstanceOf(java.util.RandomAccess.class);
        assertThat(s.boxed()).isInstanceOf(java.util.RandomAccess.class);
        ByteBuf a = Slices_Teleport.encode(PooledByteBufAllocator.DEFAULT, s);
        ByteBuf b = Slices_Teleport.encode(PooledByteBufAllocator.DEFAULT, linked);
        try {
            assertThat(s.boxed()).isNotEmpty();
            assertThat(s.addresses()).isNotEmpty();
            assertThat(io.netty.buffer.ByteBufUtil.equals(a, b)).isTrue();
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void valuesMuchLargerThanTheFirstBufferGrowIt() {
        int n = 10_000; // each access to a leak-tracked buffer records a stack trace here
        int[] ints = new int[n];
        long[] longs = new long[n];
        List<Address> addresses = new ArrayList<>(n / 10);
        for (int i = 0; i < n; i++) {
            ints[i] = i * 31;
            longs[i] = -i * 1_000_003L;
        }
        char[] text = new char[40_000];
        Arrays.fill(text, 'é'); // 2 UTF-8 bytes each: a string table far past the first buffer
        String street = new String(text);
        for (int i = 0; i < n / 10; i++) {
            addresses.add(new Address(i % 100 == 0 ? street : "s" + i, i));
        }
        Slices big = new Slices((byte) 1, new boolean[] {true}, List.copyOf(Collections.nCopies(n, (byte) 0)), new short[0],
                new char[] {'\uffff'}, ints, longs, new float[0], new double[] {Math.E},
                List.copyOf(Collections.nCopies(n, -7)), List.copyOf(addresses));
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT,
                new TeleportWriterConfig().initialCapacity(24));
        Slices_Teleport.write(writer, big);
        ByteBuf buf = writer.finish();
        TeleportMessage message = TeleportMessage.wrap(buf, Slices_Teleport.LAYOUT);
        try {
            // S: ten 80,000-byte streets and 990 short names
            assertThat(message.length()).isEqualTo(buf.readableBytes());
            assertThat(message.stringLength()).isGreaterThan(10 * 80_000);
            assertThat(message.dataLength()).isGreaterThan(n * (4 + 8 + 4 + 1));
            Slices_Teleport.View view = Slices_Teleport.view(message);
            assertThat(view.intsCount()).isEqualTo(n);
            assertThat(view.ints(n - 1)).isEqualTo((n - 1) * 31);
            assertThat(view.longs(n - 1)).isEqualTo(-(n - 1) * 1_000_003L);
            assertThat(view.addresses(n / 10 - 1).zip()).isEqualTo(n / 10 - 1);
            assertThat(view.addresses(100).streetEquals(street)).isTrue();
            assertThat(DeepEquals.equal(Slices_Teleport.read(message), big)).isTrue();
        } finally {
            message.release();
        }
    }
}
