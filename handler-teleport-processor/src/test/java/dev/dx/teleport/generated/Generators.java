package dev.dx.teleport.generated;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.dx.teleport.sample.Address;
import dev.dx.teleport.sample.Big;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Color;
import dev.dx.teleport.sample.Enums;
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
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.List;
import java.util.function.IntFunction;
import org.quicktheories.core.Gen;

/** QuickTheories generators for the sample records. */
final class Generators {

    private Generators() {
    }

    static final Gen<Boolean> BOOLS = booleans().all();
    static final Gen<Byte> BYTES = integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(i -> (byte) (int) i);
    static final Gen<Short> SHORTS = integers().between(Short.MIN_VALUE, Short.MAX_VALUE).map(i -> (short) (int) i);
    static final Gen<Character> CHARS = integers().between(0, 0xffff).map(i -> (char) (int) i);
    static final Gen<Integer> INTS = integers().all();
    static final Gen<Long> LONGS = longs().all();
    // Any bit pattern; NaNs are normalised because Java may not keep a NaN's payload.
    static final Gen<Float> FLOATS = integers().all().map(Float::intBitsToFloat)
            .map(f -> Float.isNaN(f) ? Float.NaN : f);
    static final Gen<Double> DOUBLES = longs().all().map(Double::longBitsToDouble)
            .map(d -> Double.isNaN(d) ? Double.NaN : d);
    static final Gen<Integer> SMALL = integers().between(0, 6);

    /** Well-formed strings of any code points (surrogates only in pairs), up to 12 of them. */
    static final Gen<String> STRINGS = in -> {
        int n = SMALL.generate(in) * 2;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = integers().between(0, 0x10ffff - 0x800).generate(in);
            if (cp >= 0xd800) {
                cp += 0x800;
            }
            // bias towards ASCII so the generated strings mix widths
            sb.appendCodePoint(BOOLS.generate(in) ? cp & 0x7f : cp);
        }
        return sb.toString();
    };

    static final Gen<Color> COLORS = integers().between(0, 2).map(i -> Color.values()[i]);
    static final Gen<Big> BIGS = integers().between(0, 299).map(i -> Big.values()[i]);

    static final Gen<User> USERS = in -> new User(LONGS.generate(in), STRINGS.generate(in),
            BYTES.generate(in), BOOLS.generate(in));

    static final Gen<Primitives> PRIMITIVES = in -> new Primitives(BOOLS.generate(in),
            BYTES.generate(in), SHORTS.generate(in), CHARS.generate(in), INTS.generate(in),
            LONGS.generate(in), FLOATS.generate(in), DOUBLES.generate(in));

    static final Gen<Enums> ENUMS = in -> new Enums(COLORS.generate(in), BIGS.generate(in),
            COLORS.generate(in));

    static final Gen<Strings> STRING_RECORDS = in -> new Strings(STRINGS.generate(in),
            STRINGS.generate(in), STRINGS.generate(in));

    static final Gen<Address> ADDRESSES = in -> new Address(STRINGS.generate(in), INTS.generate(in));

    static final Gen<Person> PEOPLE = in -> new Person(SHORTS.generate(in), ADDRESSES.generate(in),
            STRINGS.generate(in), ADDRESSES.generate(in));

    static final Gen<Wheel> WHEELS = in -> new Wheel(BYTES.generate(in), DOUBLES.generate(in),
            STRINGS.generate(in));

    static final Gen<Slices> SLICES = in -> {
        int n = SMALL.generate(in);
        boolean[] flags = new boolean[SMALL.generate(in)];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = BOOLS.generate(in);
        }
        List<Byte> bytes = list(SMALL.generate(in), i -> BYTES.generate(in));
        short[] shorts = new short[SMALL.generate(in)];
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = SHORTS.generate(in);
        }
        char[] chars = new char[SMALL.generate(in)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = CHARS.generate(in);
        }
        int[] ints = new int[SMALL.generate(in)];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = INTS.generate(in);
        }
        long[] longs = new long[SMALL.generate(in)];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = LONGS.generate(in);
        }
        float[] floats = new float[SMALL.generate(in)];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = FLOATS.generate(in);
        }
        double[] doubles = new double[n];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = DOUBLES.generate(in);
        }
        return new Slices(BYTES.generate(in), flags, bytes, shorts, chars, ints, longs, floats,
                doubles, list(SMALL.generate(in), i -> INTS.generate(in)),
                list(SMALL.generate(in), i -> ADDRESSES.generate(in)));
    };

    static final Gen<Car> CARS = in -> {
        int[] codes = new int[SMALL.generate(in)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = INTS.generate(in);
        }
        Wheel[] extras = new Wheel[SMALL.generate(in)];
        for (int i = 0; i < extras.length; i++) {
            extras[i] = WHEELS.generate(in);
        }
        return new Car(LONGS.generate(in), SHORTS.generate(in), BOOLS.generate(in),
                COLORS.generate(in), CHARS.generate(in), FLOATS.generate(in), STRINGS.generate(in),
                list(SMALL.generate(in), i -> WHEELS.generate(in)), codes, WHEELS.generate(in),
                extras, list(SMALL.generate(in), i -> LONGS.generate(in)), BIGS.generate(in));
    };

    // ---- Teleport/1.1 (§6). Instants have whole microseconds and decimals a scale >= 0, so that a
    // value read back equals the one written (flooring and plain text are tested on fixed values).

    static final Gen<Instant> INSTANTS = LONGS.map(m -> Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L),
            Math.floorMod(m, 1_000_000L) * 1000));
    static final Gen<LocalDate> DATES = INTS.map(d -> LocalDate.ofEpochDay(d));
    static final Gen<UUID> UUIDS = in -> new UUID(LONGS.generate(in), LONGS.generate(in));
    static final Gen<BigDecimal> DECIMALS = in -> BigDecimal.valueOf(LONGS.generate(in),
            integers().between(0, 20).generate(in));
    static final Gen<byte[]> BLOBS = in -> {
        byte[] b = new byte[SMALL.generate(in)];
        for (int i = 0; i < b.length; i++) {
            b[i] = BYTES.generate(in);
        }
        return b;
    };

    /** {@code values}, or null (an absent optional) about half the time. */
    static <T> Gen<T> nullable(Gen<T> values) {
        return in -> BOOLS.generate(in) ? values.generate(in) : null;
    }

    static <T> Gen<Optional<T>> optional(Gen<T> values) {
        return nullable(values).map(Optional::ofNullable);
    }

    static final Gen<Everything> EVERYTHING = in -> new Everything(BLOBS.generate(in),
            INSTANTS.generate(in), DATES.generate(in), UUIDS.generate(in), DECIMALS.generate(in),
            nullable(INTS).generate(in), optional(STRINGS).generate(in), optional(UUIDS).generate(in),
            nullable(BOOLS).generate(in), optional(INSTANTS).generate(in), optional(DECIMALS).generate(in),
            optional(BLOBS).generate(in), optional(DATES).generate(in),
            list(SMALL.generate(in), i -> BLOBS.generate(in)),
            list(SMALL.generate(in), i -> INSTANTS.generate(in)).toArray(new Instant[0]),
            list(SMALL.generate(in), i -> DATES.generate(in)),
            list(SMALL.generate(in), i -> UUIDS.generate(in)).toArray(new UUID[0]),
            list(SMALL.generate(in), i -> DECIMALS.generate(in)));

    static final Gen<Optionals> OPTIONALS = in -> new Optionals(
            BOOLS.generate(in) ? OptionalInt.of(INTS.generate(in)) : OptionalInt.empty(),
            BOOLS.generate(in) ? OptionalLong.of(LONGS.generate(in)) : OptionalLong.empty(),
            BOOLS.generate(in) ? OptionalDouble.of(DOUBLES.generate(in)) : OptionalDouble.empty(),
            nullable(BYTES).generate(in), nullable(SHORTS).generate(in), nullable(CHARS).generate(in),
            nullable(LONGS).generate(in), nullable(FLOATS).generate(in), nullable(DOUBLES).generate(in),
            optional(COLORS).generate(in), optional(ADDRESSES).generate(in), optional(INTS).generate(in),
            optional(CARS).generate(in));

    private static <T> List<T> list(int n, IntFunction<T> element) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.apply(i));
        }
        return List.copyOf(list);
    }
}
