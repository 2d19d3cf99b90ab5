package dev.dx.bench.teleport;

import dev.dx.teleport.Teleport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The benchmark record with every Teleport type: the Teleport/1 scalars, an enum, a string and
 * slices (of a primitive and of a nested struct), and every Teleport/1.1 type (§6):
 * {@code bytes}, {@code timestamp}, {@code date}, {@code uuid}, {@code decimal}, slices of two
 * of them, and optionals of several of them, two of which are absent in {@link #SAMPLE}. Its
 * protobuf peer is {@code EveryType} in {@code teleport_bench.proto}. (Teleport has no slice of
 * strings: the processor refuses {@code List<String>}.)
 *
 * @param id            an i64
 * @param count         an i32
 * @param small         an i16
 * @param tiny          an i8
 * @param flag          a bool
 * @param ratio         an f64
 * @param score         an f32
 * @param letter        a u16
 * @param tier          an enum
 * @param name          a string
 * @param blob          bytes
 * @param at            a timestamp (microseconds)
 * @param day           a date
 * @param key           a uuid
 * @param amount        a decimal
 * @param maybeCount    an optional i32, present
 * @param maybeNote     an optional string, present
 * @param maybeRef      an optional uuid, present
 * @param maybeAt       an optional timestamp, absent
 * @param maybeDiscount an optional decimal, present
 * @param maybeDay      an optional date, absent
 * @param codes         a slice of i32
 * @param rates         a slice of decimals
 * @param figures       a slice of structs
 * @param stamps        a slice of timestamps
 */
@Teleport
public record EveryType(
        long id,
        int count,
        short small,
        byte tiny,
        boolean flag,
        double ratio,
        float score,
        char letter,
        Tier tier,
        String name,
        byte[] blob,
        Instant at,
        LocalDate day,
        UUID key,
        BigDecimal amount,
        Integer maybeCount,
        Optional<String> maybeNote,
        Optional<UUID> maybeRef,
        Optional<Instant> maybeAt,
        Optional<BigDecimal> maybeDiscount,
        Optional<LocalDate> maybeDay,
        int[] codes,
        List<BigDecimal> rates,
        List<FuelFigure> figures,
        List<Instant> stamps) {

    /** The value both libraries encode and decode (timestamps in whole microseconds, as Teleport keeps them). */
    public static final EveryType SAMPLE = new EveryType(
            9_876_543_210L, 123_456, (short) -1_234, (byte) 7, true, 3.141592653589793, 2.5f, 'Z',
            Tier.SILVER, "Ada Lovelace",
            new byte[] {0x00, 0x01, (byte) 0xfe, (byte) 0xff, 0x10, 0x20, 0x30, 0x40},
            Instant.parse("2024-02-29T12:34:56.789012Z"), LocalDate.of(2024, 2, 29),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("-1234.50"),
            42, Optional.of("paid in full"), Optional.of(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
            Optional.empty(), Optional.of(new BigDecimal("0.15")), Optional.empty(),
            new int[] {1, 2, 3, 5, 8, 13, 21, 34},
            List.of(new BigDecimal("0.05"), new BigDecimal("12.5"), new BigDecimal("-3")),
            List.of(new FuelFigure((short) 30, 35.9f, 500), new FuelFigure((short) 55, 49.0f, 800),
                    new FuelFigure((short) 75, 40.0f, 700)),
            List.of(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-06-30T23:59:59.999999Z")));
}
