package dev.dx.teleport.generated;

import dev.dx.teleport.sample.Address;
import dev.dx.teleport.sample.Big;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Color;
import dev.dx.teleport.sample.Counts;
import dev.dx.teleport.sample.Empty;
import dev.dx.teleport.sample.Enums;
import dev.dx.teleport.sample.Outer;
import dev.dx.teleport.sample.Person;
import dev.dx.teleport.sample.Primitives;
import dev.dx.teleport.sample.Slices;
import dev.dx.teleport.sample.Strings;
import dev.dx.teleport.sample.User;
import dev.dx.teleport.sample.Wheel;
import java.util.List;

/** Fixed sample values, shared by the golden-vector and pipeline tests. */
final class Samples {

    private Samples() {
    }

    static final User USER = new User(42, "Ada", (byte) 36, true);

    static final Primitives PRIMITIVES = new Primitives(true, (byte) -2, (short) -300, '\u00e9',
            -70000, 0x0102030405060708L, 1.5f, -0.25);

    static final Primitives EXTREMES = new Primitives(false, Byte.MIN_VALUE, Short.MAX_VALUE,
            '\uffff', Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN, Double.NEGATIVE_INFINITY);

    static final Enums ENUMS = new Enums(Color.BLUE, Big.C299, Color.RED);

    static final Strings STRINGS = new Strings("", "Teleport", "Grüße, 日本, 😀");

    static final Person PERSON = new Person((short) 36, new Address("1 Main St", 12345), "Ada",
            new Address("", 0));

    static final Slices SLICES = new Slices((byte) 7, new boolean[] {true, false, true},
            new byte[] {1, -1}, new short[] {-2, 3, 4}, new char[] {'a', '\u0101'},
            new int[] {-1, 2}, new long[] {Long.MIN_VALUE}, new float[] {0.5f, -0.0f},
            new double[] {Math.PI}, List.of(9, -9), List.of(new Address("x", 1), new Address("yz", 2)));

    static final Slices EMPTY_SLICES = new Slices((byte) 0, new boolean[0], new byte[0],
            new short[0], new char[0], new int[0], new long[0], new float[0], new double[0],
            List.of(), List.of());

    static final Car CAR = new Car(123456789L, (short) 2024, true, Color.GREEN, 'B', 1450.5f,
            "Model T", List.of(new Wheel((byte) 0, 2.1, "Michelin"), new Wheel((byte) 1, 2.2, "Pirelli")),
            new int[] {7, 8, 9}, new Wheel((byte) 4, 1.9, "Spare"),
            new Wheel[] {new Wheel((byte) 5, 0, "")}, List.of(1L, 2L), Big.C256);

    static final Outer.Inner INNER = new Outer.Inner(-1, Color.GREEN);

    static final Counts COUNTS = new Counts(new Empty[0],
            List.of(new Empty(), new Empty(), new Empty()), new Empty(), (byte) 5);
}
