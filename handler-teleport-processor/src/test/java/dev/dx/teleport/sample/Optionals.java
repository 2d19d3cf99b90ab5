package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The optional forms the Everything sample leaves out (§6): the java.util primitive optionals, every
 * other boxed primitive, and optionals of an enum, a string, a struct and a boxed value inside an
 * {@code Optional} (which cannot hold null, so it is the plain value).
 */
@Teleport
public record Optionals(OptionalInt count, OptionalLong total, OptionalDouble ratio, Byte small,
        Short medium, Character letter, Long big, Float single, Double wide, Optional<Color> color,
        Optional<Address> address, Optional<Integer> boxedInside, Optional<Car> car) {
}
