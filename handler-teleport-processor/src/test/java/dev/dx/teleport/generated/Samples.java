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
import dev.dx.teleport.sample.Everything;
import dev.dx.teleport.sample.Optionals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

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
            List.of((byte) 1, (byte) -1), new short[] {-2, 3, 4}, new char[] {'a', '\u0101'},
            new int[] {-1, 2}, new long[] {Long.MIN_VALUE}, new float[] {0.5f, -0.0f},
            new double[] {Math.PI}, List.of(9, -9), List.of(new Address("x", 1), new Address("yz", 2)));

    static final Slices EMPTY_SLICES = new Slices((byte) 0, new boolean[0], List.of(),
            new short[0], new char[0], new int[0], new long[0], new float[0], new double[0],
            List.of(), List.of());

    static final Car CAR = new Car(123456789L, (short) 2024, true, Color.GREEN, 'B', 1450.5f,
            "Model T", List.of(new Wheel((byte) 0, 2.1, "Michelin"), new Wheel((byte) 1, 2.2, "Pirelli")),
            new int[] {7, 8, 9}, new Wheel((byte) 4, 1.9, "Spare"),
            new Wheel[] {new Wheel((byte) 5, 0, "")}, List.of(1L, 2L), Big.C256);

    static final Outer.Inner INNER = new Outer.Inner(-1, Color.GREEN);

    static final Counts COUNTS = new Counts(new Empty[0],
            List.of(new Empty(), new Empty(), new Empty()), new Empty(), (byte) 5);

    /** The value of the {@code teleport/every-type.hex} golden vector (§6). */
    static final Everything EVERYTHING = new Everything(new byte[] {0x00, (byte) 0xff, 0x10},
            Instant.parse("2024-02-29T12:34:56.789012345Z"), LocalDate.of(2024, 2, 29),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("-1234.50"),
            -7, Optional.empty(), Optional.of(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")),
            true, Optional.empty(), Optional.of(new BigDecimal("1E+3")), Optional.of(new byte[0]),
            Optional.empty(),
            List.of(new byte[] {1}, new byte[0], new byte[] {(byte) 0xde, (byte) 0xad}),
            new Instant[] {Instant.ofEpochSecond(0, -1), Instant.EPOCH, Instant.ofEpochSecond(1, 1500)},
            List.of(LocalDate.EPOCH, LocalDate.of(1969, 12, 31)),
            new UUID[] {UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")},
            List.of(new BigDecimal("1E-3"), new BigDecimal("-0"), new BigDecimal("3.14159")));

    /**
     * {@link #EVERYTHING} as a reader builds it: timestamps floored to whole microseconds (toward
     * the past), decimals from their plain text.
     */
    static final Everything EVERYTHING_READ = new Everything(new byte[] {0x00, (byte) 0xff, 0x10},
            Instant.parse("2024-02-29T12:34:56.789012Z"), LocalDate.of(2024, 2, 29),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("-1234.50"),
            -7, Optional.empty(), Optional.of(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")),
            true, Optional.empty(), Optional.of(new BigDecimal("1000")), Optional.of(new byte[0]),
            Optional.empty(),
            List.of(new byte[] {1}, new byte[0], new byte[] {(byte) 0xde, (byte) 0xad}),
            new Instant[] {Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.EPOCH,
                Instant.parse("1970-01-01T00:00:01.000001Z")},
            List.of(LocalDate.EPOCH, LocalDate.of(1969, 12, 31)),
            new UUID[] {UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")},
            List.of(new BigDecimal("0.001"), new BigDecimal("0"), new BigDecimal("3.14159")));

    /** Every optional present. */
    static final Optionals OPTIONALS_PRESENT = new Optionals(OptionalInt.of(-5), OptionalLong.of(Long.MIN_VALUE),
            OptionalDouble.of(-0.0), (byte) -1, (short) 300, '\u20ac', 1L << 40, 1.5f, Double.NaN,
            Optional.of(Color.BLUE), Optional.of(new Address("Elm", 7)), Optional.of(0),
            Optional.of(CAR));

    /** Every optional absent. */
    static final Optionals OPTIONALS_ABSENT = new Optionals(OptionalInt.empty(), OptionalLong.empty(),
            OptionalDouble.empty(), null, null, null, null, null, null, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
